package io.cnnzoo.reports.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comparisons of fixture runs whose numbers are chosen by hand: a speed-up is new / old for ops/s and old / new
 * for ms/op; two intervals score ± error overlap when each lower end is below the other's upper end.
 */
class RunComparisonTest {

    private static final String ROW = "{\"benchmark\": \"io.cnnzoo.bench.jmh.%s\", \"mode\": \"thrpt\", \"params\": "
            + "{\"shape\": \"%s\"}, \"primaryMetric\": {\"score\": %s, \"scoreError\": %s, \"scoreUnit\": \"%s\"}}";

    private static Path benchRun(Path dir, String name, String... rows) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("jmh.json"), "[" + String.join(",", rows) + "]");
        return run;
    }

    @Test
    void benchRunsCompareCaseByCaseAndCallOverlappingIntervalsNoise(@TempDir Path dir) throws IOException {
        Path before = benchRun(dir, "before",
                ROW.formatted("ConvolutionBenchmark.forward", "a", 100, 5, "ops/s"),
                ROW.formatted("ConvolutionBenchmark.forward", "b", 100, 5, "ops/s"),
                ROW.formatted("TrainingStepBenchmark.fit", "c", 400, 10, "ms/op"),
                ROW.formatted("TrainingStepBenchmark.fit", "d", 2, 0.1, "ms/op"),
                ROW.formatted("DepthErrorBenchmark.train", "e", 10, "\"NaN\"", "ops/s"),
                ROW.formatted("ConvolutionBenchmark.forward", "only-before", 1, 0.1, "ops/s"));
        Path after = benchRun(dir, "after",
                // a: 150 ± 5 against 100 ± 5 -> 1.50x, intervals [95,105] and [145,155] apart
                ROW.formatted("ConvolutionBenchmark.forward", "a", 150, 5, "ops/s"),
                // b: 104 ± 5 -> [99,109] overlaps [95,105]: noise although 4% higher
                ROW.formatted("ConvolutionBenchmark.forward", "b", 104, 5, "ops/s"),
                // c: 500 ms per step against 400 -> 0.80x, slower beyond noise
                ROW.formatted("TrainingStepBenchmark.fit", "c", 500, 10, "ms/op"),
                // d: 1,000 ± 50 us against 2 ± 0.1 ms per step: 2.00x in another unit, beyond noise
                ROW.formatted("TrainingStepBenchmark.fit", "d", 1000, 50, "us/op"),
                // e: measured once on both sides (JMH writes "NaN"): 2x, but no interval to call it by
                ROW.formatted("DepthErrorBenchmark.train", "e", 20, "\"NaN\"", "ops/s"));
        Path out = RunComparison.write(List.of(before, after), dir.resolve("cmp"));

        String md = Files.readString(out.resolve(RunComparison.MARKDOWN));
        assertTrue(md.contains("| ConvolutionBenchmark.forward | shape=a | 100 ± 5.00 ops/s | 150 ± 5.00 ops/s | 1.50 | "
                + "after faster |"), md);
        assertTrue(md.contains("| shape=b | 100 ± 5.00 ops/s | 104 ± 5.00 ops/s | 1.04 | within noise: the intervals "
                + "overlap |"), md);
        assertTrue(md.contains("| shape=c | 400 ± 10.0 ms/op | 500 ± 10.0 ms/op | 0.80 | before faster |"), md);
        assertTrue(md.contains("| shape=d | 2.00 ± 0.100 ms/op | 1,000 ± 50.0 us/op | 2.00 | after faster |"), md);
        assertTrue(md.contains("| shape=e | 10.0 ops/s | 20.0 ops/s | 2.00 | no interval (one measurement) |"), md);
        assertTrue(md.contains("5 shared cases: after faster in 2, before faster in 1, within noise in 1, without an "
                + "interval in 1."), md);
        // geometric mean of 1.5, 1.04, 0.8, 2, 2: (4.992)^(1/5) = 1.379
        assertTrue(md.contains("Geometric mean speed-up 1.38x. Not compared (1): ConvolutionBenchmark.forward "
                + "{shape=only-before}: only in before."), md);
        assertTrue(Files.readString(out.resolve(RunComparison.HTML)).contains("data-series=\"within noise"), "chart");
        assertTrue(Files.isRegularFile(out.resolve("charts/speedup-1.png")));
    }

    @Test
    void experimentRunsShareChartsAndTheFinalErrorsTable(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("x/a")); // same folder name: told apart by the parent
        Files.writeString(a.resolve("config.json"), "{}"); // what marks an experiment run (compare reads curves.csv)
        Files.writeString(b.resolve("config.json"), "{}");
        String header = "model,iteration,lr,loss,batch_error,train_error,test_error\n";
        Files.writeString(a.resolve("curves.csv"), header + "resnet20,0,0.1,2,0.9,,\nresnet20,1,0.1,2,0.8,0.25,0.3\n");
        Files.writeString(b.resolve("curves.csv"), header + "resnet20,0,0.1,2,0.9,,\nresnet20,1,0.1,2,0.8,0.125,0.2\n"
                + "plain20,1,0.1,2,0.8,0.5,0.5\n");
        Path out = RunComparison.write(List.of(a, b), dir.resolve("cmp"));
        String md = Files.readString(out.resolve(RunComparison.MARKDOWN));
        assertTrue(md.contains("| run | a training | a held-out | x/a training | x/a held-out |"), md);
        assertTrue(md.contains("| resnet20 | 25.00 | 30.00 | 12.50 | 20.00 |"), md);
        assertTrue(md.contains("| plain20 | - | - | 50.00 | 50.00 |"), md);
        String html = Files.readString(out.resolve(RunComparison.HTML));
        for (String series : List.of("a: resnet20", "x/a: resnet20", "x/a: plain20")) {
            assertTrue(html.contains("data-series=\"" + series + "\""), series);
        }
    }

    @Test
    void runsOfDifferentKindsAndFoldersThatAreNoRunsAreRefused(@TempDir Path dir) throws IOException {
        Path bench = benchRun(dir, "bench", ROW.formatted("ConvolutionBenchmark.forward", "a", 1, 0.1, "ops/s"));
        Path experiment = Files.createDirectories(dir.resolve("exp"));
        Files.writeString(experiment.resolve("config.json"), "{}");
        Files.writeString(experiment.resolve("curves.csv"), "model,iteration,lr,loss,batch_error,train_error,test_error\n");
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> RunComparison.write(List.of(bench, experiment), dir.resolve("cmp")));
        assertTrue(mixed.getMessage().contains("compare runs of one kind"), mixed.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> RunComparison.write(List.of(bench, dir), dir.resolve("cmp")));
        assertTrue(empty.getMessage().contains("neither jmh.json"), empty.getMessage());
        assertEquals(false, Files.exists(dir.resolve("cmp")), "nothing written for a refused comparison");
    }

    @Test
    void withThreeRunsEveryChartTheMarkdownLinksExistsEvenWhenARunSharesNothing(@TempDir Path dir) throws IOException {
        Path a = benchRun(dir, "a", ROW.formatted("ConvolutionBenchmark.forward", "a", 100, 5, "ops/s"));
        Path b = benchRun(dir, "b", ROW.formatted("ConvolutionBenchmark.forward", "other", 100, 5, "ops/s"));
        Path c = benchRun(dir, "c", ROW.formatted("ConvolutionBenchmark.forward", "a", 200, 5, "ops/s"));
        Path out = RunComparison.write(List.of(a, b, c), dir.resolve("cmp"));
        String md = Files.readString(out.resolve(RunComparison.MARKDOWN));
        assertTrue(md.contains("No benchmark case was measured by both runs."), md);
        java.util.regex.Matcher links = java.util.regex.Pattern.compile("\\]\\((charts/[^)]+)\\)").matcher(md);
        int n = 0;
        while (links.find()) {
            assertTrue(Files.isRegularFile(out.resolve(links.group(1))), links.group(1) + " is linked but missing");
            n++;
        }
        assertEquals(1, n, md); // c against a: 2.00x
    }

    @Test
    void aRunFolderOfAnUnknownSchemaIsRefusedByName(@TempDir Path dir) throws IOException {
        Path a = benchRun(dir, "a", ROW.formatted("ConvolutionBenchmark.forward", "a", 1, 0.1, "ops/s"));
        Path b = benchRun(dir, "b", ROW.formatted("ConvolutionBenchmark.forward", "a", 1, 0.1, "ops/s"));
        for (String runJson : List.of("{\"schema\": 2}", "{\"schema\": 0}", "{\"schema\": \"1\"}", "[1]",
                "{\"schema\": 18446744073709551617}")) { // 2^64 + 1: read as a long it would wrap to 1
            Files.writeString(b.resolve("run.json"), runJson);
            IOException e = assertThrows(IOException.class, () -> RunComparison.write(List.of(a, b), dir.resolve("c")));
            assertTrue(e.getMessage().startsWith(b.resolve("run.json").toString()), e.getMessage());
        }
    }
}
