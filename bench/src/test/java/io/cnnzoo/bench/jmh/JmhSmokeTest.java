package io.cnnzoo.bench.jmh;

import io.cnnzoo.reports.bench.BenchRecord;
import io.cnnzoo.reports.bench.BenchReport;
import io.cnnzoo.reports.bench.JmhJson;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One benchmark of each kind, one short iteration, through JMH's Runner API in this JVM: the JSON JMH
 * writes has every metric the report reads (no figure is checked: speed is the benchmarks' business).
 */
class JmhSmokeTest {

    @TempDir
    static Path dir;
    private static List<BenchRecord> records;

    @BeforeAll
    static void run() throws RunnerException, IOException {
        // One JMH invocation each: parameters are global to an invocation, and several benchmarks have "shape".
        records = new ArrayList<>();
        run("\\.SgemmBenchmark\\.", "n", "256");
        run("\\.RooflineBenchmark\\.");
        run("\\.ConvolutionBenchmark\\.forward$", "shape", "16x32x32/8");
        run("\\.PoolingBenchmark\\.forwardBackward$", "shape", "6x28x28/8:6/k2/s2/p0");
        run("\\.DenseBenchmark\\.forward$", "shape", "400>120/8");
        run("\\.TrainingStepBenchmark\\.", "model", "lenet5/16");
        run("\\.InferenceBenchmark\\.", "model", "resnet18/1");
        run("\\.DepthScalingBenchmark\\.", "depth", "20");
        // One real training run of the harness (150 iterations of plain20 on Fashion-MNIST, about a minute).
        run("\\.DepthErrorBenchmark\\.", "depth", "20", "net", "plain");
    }

    /** Runs the benchmarks {@code include} finds with the given parameter name/value pairs. */
    private static void run(String include, String... params) throws RunnerException, IOException {
        Path json = dir.resolve(records.size() + ".json");
        ChainedOptionsBuilder options = new OptionsBuilder().include(include)
                .forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200)).threads(1)
                .verbosity(VerboseMode.SILENT)
                .resultFormat(ResultFormatType.JSON).result(json.toString());
        for (int i = 0; i < params.length; i += 2) {
            options.param(params[i], params[i + 1]);
        }
        new Runner(options.build()).run();
        records.addAll(JmhJson.read(json, "cnnzoo"));
    }

    @Test
    void everyKindWroteARecord() {
        List<String> benchmarks = records.stream().map(BenchRecord::benchmark).distinct().sorted().toList();
        assertEquals(List.of("ConvolutionBenchmark.forward", "DenseBenchmark.forward", "DepthErrorBenchmark.train",
                "DepthScalingBenchmark.fit",
                "InferenceBenchmark.output", "PoolingBenchmark.forwardBackward", "RooflineBenchmark.fmaPeak",
                "SgemmBenchmark.sgemm", "TrainingStepBenchmark.fit"), benchmarks);
    }

    @Test
    void computeBenchmarksCountFlopMemoryBoundOnesBytesAndModelsImages() {
        for (BenchRecord r : records) {
            String counter = switch (r.benchmarkClass()) {
                case "SgemmBenchmark", "RooflineBenchmark", "ConvolutionBenchmark", "DenseBenchmark" -> "flop";
                case "PoolingBenchmark" -> "bytes";
                case "DepthErrorBenchmark" -> "trainingError";
                default -> "images";
            };
            assertTrue(r.counter(counter).isPresent(), r.benchmark() + " has no " + counter + " counter: "
                    + r.secondary().keySet());
            assertTrue(r.counter(counter).get().score() > 0, r.benchmark() + " counted nothing");
        }
    }

    @Test
    void theReportFindsTheRooflineAndTheDepthSweep() {
        BenchReport report = new BenchReport(records, List.of(), "PyTorch");
        assertTrue(report.roofline().sgemmGflops().isPresent());
        assertTrue(report.roofline().fmaPeakGflops().isPresent());
        assertEquals(2, report.computeRows().size(), "the convolution and the dense layer");
        assertEquals(1, report.memoryRows().size(), "the pooling layer");
        assertEquals(2, report.modelRows().size(), "the training step and inference");
        assertEquals(List.of("plain", "resnet"), report.depthSeries().stream().map(BenchReport.DepthSeries::net)
                .toList());
        assertEquals(List.of("plain"), List.copyOf(report.trainingErrorByDepth().keySet()));
        double error = report.trainingErrorByDepth().get("plain").get(20).score();
        assertTrue(error > 0 && error < 0.9, "a training error (a fraction, below chance = 0.9 for 10 classes) "
                + "after 150 iterations, got " + error);
        assertFalse(report.markdown().isBlank());
    }
}
