package io.cnnzoo.bench.suite;

import io.cnnzoo.zoo.Zoo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchPresetTest {

    /** Every selection of a shipped preset finds its benchmarks in the BenchmarkList JMH generated. */
    @ParameterizedTest
    @ValueSource(strings = {"quick", "full", "zoo"})
    void builtInPresetsSelectBenchmarksThatExist(String name) throws IOException {
        BenchPreset preset = BenchPreset.load(name);
        SuitePlan plan = SuitePlan.of(preset, null);
        assertEquals(preset.selections().size(), plan.steps().size());
        for (SuitePlan.Step step : plan.steps()) {
            assertFalse(step.benchmarks().isEmpty(), step.selection().include());
            assertTrue(step.runs() >= step.benchmarks().size(), step.selection().include());
        }
    }

    /** The promise, checked against the registry so a new zoo model cannot be forgotten. */
    @Test
    void theZooPresetTrainsEveryZooModelAndRunsEveryImageNetModel() throws IOException {
        BenchPreset zoo = BenchPreset.load("zoo");
        Set<String> trained = models(zoo, "TrainingStepBenchmark.fit");
        Set<String> inferred = models(zoo, "InferenceBenchmark.output");
        for (String name : Zoo.names()) {
            assertTrue(trained.contains(name), name + " has no training step in the zoo preset");
            if (imageNet(name)) {
                assertTrue(inferred.contains(name), name + " (ImageNet) has no inference run in the zoo preset");
            }
        }
    }

    /** The reference run shows every ImageNet model beside PyTorch at least once. */
    @Test
    void theFullPresetRunsEveryImageNetModel() throws IOException {
        Set<String> inferred = models(BenchPreset.load("full"), "InferenceBenchmark.output");
        for (String name : Zoo.names()) {
            if (imageNet(name)) {
                assertTrue(inferred.contains(name), name + " (ImageNet) has no inference run in the full preset");
            }
        }
    }

    private static boolean imageNet(String name) {
        return Zoo.builder(name).inputShape().height() == 224;
    }

    /** The model names a preset's selections of {@code benchmark} sweep ("resnet20/128" -> resnet20). */
    private static Set<String> models(BenchPreset preset, String benchmark) {
        Set<String> models = new TreeSet<>();
        for (BenchPreset.Selection s : preset.selections()) {
            if (Pattern.compile(s.include()).matcher("io.cnnzoo.bench.jmh." + benchmark).find()) {
                s.params().getOrDefault("model", List.of()).forEach(m -> models.add(m.split("/")[0]));
            }
        }
        return models;
    }

    @Test
    void runsCountParameterCombinations() throws IOException {
        // ConvolutionBenchmark has two methods; the selection sweeps 2 shapes x 1 path: 4 runs.
        // DepthScalingBenchmark's one method over 2 nets (its default) x 2 depths x 1 path: 4 runs.
        SuitePlan plan = SuitePlan.of(BenchPreset.load("quick"), Pattern.compile("\\.ConvolutionBenchmark|DepthScaling"));
        assertEquals(List.of(4, 4), plan.steps().stream().map(SuitePlan.Step::runs).toList());
    }

    @Test
    void anIncludeThatKeepsNothingIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuitePlan.of(BenchPreset.load("quick"), Pattern.compile("NoSuchBenchmark")));
        assertTrue(e.getMessage().contains("NoSuchBenchmark"), e.getMessage());
    }

    @Test
    void aPresetFileIsReadLikeTheBuiltInOnes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, """
                {"description": "one shape",
                 "timing": {"warmupIterations": 1, "warmupSeconds": 1, "iterations": 2, "seconds": 1, "forks": 1},
                 "selections": [{"include": "\\\\.ConvolutionBenchmark\\\\.forward$", "params": {"shape": ["16x32x32/128"]}}]}
                """);
        BenchPreset preset = BenchPreset.load(file.toString());
        assertEquals("mine", preset.name());
        assertEquals(1, SuitePlan.of(preset, null).runs());
    }

    @Test
    void badPresetFilesNameTheFileAndTheSelection(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        String timing = "\"timing\": {\"warmupIterations\": 1, \"warmupSeconds\": 1, \"iterations\": 2, "
                + "\"seconds\": 1, \"forks\": 1}";
        Files.writeString(file, "{" + timing + ", \"selections\": [{\"include\": \"a\"}, {\"include\": \"(\"}]}");
        IOException e = assertThrows(IOException.class, () -> BenchPreset.load(file.toString()));
        assertTrue(e.getMessage().startsWith(file + ": selections[1]: 'include' is not a regex"), e.getMessage());

        Files.writeString(file, "{\"selections\": [{\"include\": \"a\"}]}");
        e = assertThrows(IOException.class, () -> BenchPreset.load(file.toString()));
        assertTrue(e.getMessage().contains("'timing' is missing"), e.getMessage());

        Files.writeString(file, "{" + timing + ", \"selections\": [{\"include\": \"a\", \"param\": {}}]}");
        e = assertThrows(IOException.class, () -> BenchPreset.load(file.toString()));
        assertTrue(e.getMessage().startsWith(file + ": not a bench preset"), e.getMessage());

        Files.writeString(file, "{" + timing + ", \"selections\": [{\"include\": \"a\", \"params\": {\"n\": []}}]}");
        e = assertThrows(IOException.class, () -> BenchPreset.load(file.toString()));
        assertTrue(e.getMessage().contains("selections[0]: parameter 'n' has no values"), e.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> BenchPreset.load("quik"));
        assertTrue(unknown.getMessage().contains("[quick, full, zoo]"), unknown.getMessage());
    }
}
