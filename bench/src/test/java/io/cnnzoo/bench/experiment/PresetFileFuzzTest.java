package io.cnnzoo.bench.experiment;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes as a {@code --preset-file} end in a configuration or in an {@link IllegalArgumentException} that
 * names the file (a usage error with its cause): never a Jackson, null-pointer or other exception. Seeds: the
 * paper preset and a truncated copy.
 */
class PresetFileFuzzTest {

    private static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("cnnzoo-preset-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void presetFiles(byte[] input) throws IOException {
        Path file = Files.write(ROOT.resolve("preset.json"), input);
        try {
            DegradationPresets.read(file);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(file.toString())) {
                throw new AssertionError("a preset error that does not name the file: " + e.getMessage(), e);
            }
        }
    }
}
