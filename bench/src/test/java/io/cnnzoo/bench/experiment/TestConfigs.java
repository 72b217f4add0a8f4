package io.cnnzoo.bench.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/** Tiny configurations for tests: the quick preset with fields overridden, as a user's --set would. */
final class TestConfigs {

    private TestConfigs() {
    }

    /**
     * The quick preset's recipe shrunk: lr 0.01 rising to 0.05 over 2 iterations, x0.1 at 3, batch 16,
     * evaluation every 2 iterations on a 32-image training subset; then {@code fields} ("key", "value", ...).
     */
    static DegradationConfig tiny(String... fields) {
        return shrunk("quick", Map.of("preset", "test", "seeds", "7", "warmupStartLr", "0.01", "baseLr", "0.05",
                "warmupIterations", "2"), fields);
    }

    /**
     * The paper preset shrunk to seconds: resnet20 on CIFAR-10-format files, batch 16, 4 iterations, x0.1 at 3,
     * evaluation every 2 iterations on a 32-image training subset; augmentation and mean image as the paper's;
     * then {@code fields} ("key", "value", ...).
     */
    static DegradationConfig tinyPaper(String... fields) {
        return shrunk("paper", Map.of("preset", "paper-test", "modelWarmups", "{}"), fields);
    }

    /** {@code preset} at 4 iterations of 16 on resnet20, x0.1 at 3, evaluated every 2 on 32 images; then the rest. */
    private static DegradationConfig shrunk(String preset, Map<String, String> own, String... fields) {
        Map<String, String> overrides = new LinkedHashMap<>(Map.of("models", "resnet20", "iterations", "4",
                "batchSize", "16", "milestones", "3", "evalEvery", "2", "trainSubsetSize", "32"));
        overrides.putAll(own);
        for (int i = 0; i < fields.length; i += 2) {
            overrides.put(fields[i], fields[i + 1]);
        }
        return DegradationPresets.override(DegradationPresets.builtIn(preset), overrides);
    }
}
