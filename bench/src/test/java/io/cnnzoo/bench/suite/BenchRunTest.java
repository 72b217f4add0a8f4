package io.cnnzoo.bench.suite;

import io.cnnzoo.reports.bench.BenchRecord;
import io.cnnzoo.reports.bench.JmhJson;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole bench run on a preset small enough for a test: the folder, the report, resuming, the peer. */
class BenchRunTest {

    private static final String TIMING = "\"timing\": {\"warmupIterations\": 0, \"warmupSeconds\": 0.1, "
            + "\"iterations\": 1, \"seconds\": 0.2, \"forks\": 0}";

    private static BenchPreset preset(Path dir, String selections) throws IOException {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, "{\"description\": \"test\", " + TIMING + ", \"selections\": [" + selections + "]}");
        return BenchPreset.load(file.toString());
    }

    private static final String SGEMM_AND_CONV = "{\"include\": \"\\\\.SgemmBenchmark\\\\.\", \"params\": {\"n\": [\"256\"]}},"
            + "{\"include\": \"\\\\.ConvolutionBenchmark\\\\.forward$\", \"params\": {\"shape\": [\"16x32x32/8\"]}}";

    @Test
    void writesTheFolderAndResumesWithoutMeasuringAgain(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        BenchPreset tiny = preset(dir, SGEMM_AND_CONV);
        new BenchRun(folder, SuitePlan.of(tiny, null), null, null, 1, new PrintStream(terminal, true)).run();

        for (String file : List.of("run.json", "preset.json", "environment.json", "jmh.json", "jmh.log",
                "jmh/00.json", "jmh/01.json", "report.md", "report.html", "charts/compute-convolution.png", "charts/compute-convolution.svg")) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file + " missing");
        }
        List<BenchRecord> records = JmhJson.read(folder.resolve("jmh.json"), "cnnzoo");
        assertEquals(List.of("SgemmBenchmark.sgemm", "ConvolutionBenchmark.forward"),
                records.stream().map(BenchRecord::benchmark).toList());
        String report = Files.readString(folder.resolve("report.md"));
        assertTrue(report.contains("## Compute-bound benchmarks (GFLOP/s)"), report);
        assertTrue(report.contains("| ConvolutionBenchmark.forward | format=NCHW, shape=16x32x32/8 | cnnzoo |"), report);
        String printed = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[1/2] SgemmBenchmark.sgemm n=256"), printed);
        assertTrue(printed.contains("ETA"), printed);

        // Again with the same preset: both selections are on disk, nothing is measured.
        long measured = Files.getLastModifiedTime(folder.resolve("jmh/00.json")).toMillis();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new BenchRun(folder, SuitePlan.of(tiny, null), null, null, 1, new PrintStream(again, true)).run();
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("already measured"), again.toString());
        assertEquals(measured, Files.getLastModifiedTime(folder.resolve("jmh/00.json")).toMillis());
        assertEquals(2, JmhJson.read(folder.resolve("jmh.json"), "cnnzoo").size());
    }

    @Test
    void aFolderOfAnotherPresetIsRefused(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        new BenchRun(folder, SuitePlan.of(preset(dir, SGEMM_AND_CONV), null), null, null, 1,
                new PrintStream(new ByteArrayOutputStream())).run();
        BenchPreset other = preset(dir, "{\"include\": \"\\\\.SgemmBenchmark\\\\.\", \"params\": {\"n\": [\"128\"]}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BenchRun(folder,
                SuitePlan.of(other, null), null, null, 1, new PrintStream(new ByteArrayOutputStream())).run());
        assertTrue(e.getMessage().startsWith(folder + " holds a run of another preset"), e.getMessage());
    }

    /**
     * A threads sweep: one JMH invocation per value, the numeric one's fork started through a wrapper that
     * sets OMP_NUM_THREADS (the benchmark refuses to run when its environment disagrees with its parameter).
     */
    @Test
    void aThreadsSweepRunsEachCountInItsOwnForks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("threads.json");
        Files.writeString(file, "{\"timing\": {\"warmupIterations\": 0, \"warmupSeconds\": 0.1, \"iterations\": 1, "
                + "\"seconds\": 0.2, \"forks\": 1}, \"selections\": [{\"include\": \"\\\\.SgemmBenchmark\\\\.\", "
                + "\"params\": {\"n\": [\"128\"], \"threads\": [\"1\", \"all\"]}}]}");
        SuitePlan plan = SuitePlan.of(BenchPreset.load(file.toString()), null);
        assertEquals(2, plan.steps().size(), "one JMH invocation per thread count");
        Path folder = dir.resolve("run");
        new BenchRun(folder, plan, null, null, 1, new PrintStream(new ByteArrayOutputStream())).run();

        List<BenchRecord> records = JmhJson.read(folder.resolve("jmh.json"), "cnnzoo");
        assertEquals(List.of("1", "all"), records.stream().map(r -> r.param("threads")).toList());
        assertTrue(Files.readString(folder.resolve("java-omp1.sh")).contains("OMP_NUM_THREADS=1 exec "));
    }

    /** With Debian's python3-torch: PyTorch's SGEMM and convolution land beside cnnzoo's, with a ratio. */
    @Test
    void thePytorchPeerMeasuresTheSameCases(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        Optional<PytorchPeer> peer = PytorchPeerOption.resolve("pytorch", new PrintStream(terminal, true));
        Assumptions.assumeTrue(peer.isPresent(), terminal.toString(StandardCharsets.UTF_8));
        Path folder = dir.resolve("run");
        new BenchRun(folder, SuitePlan.of(preset(dir, SGEMM_AND_CONV), null), null, peer.get(), 1,
                new PrintStream(terminal, true)).run();

        List<BenchRecord> peers = JmhJson.read(folder.resolve("pytorch.json"), "pytorch");
        assertEquals(List.of("ConvolutionBenchmark.forward", "SgemmBenchmark.sgemm"),
                peers.stream().map(BenchRecord::benchmark).toList(), "the peer ran exactly the preset's two cases");
        assertEquals("16x32x32/8", peers.get(0).param("shape"));
        assertEquals("pytorch", peers.get(0).engine());
        String report = Files.readString(folder.resolve("report.md"));
        assertTrue(report.matches("(?s).*\\| ConvolutionBenchmark\\.forward \\| format=NCHW, shape=16x32x32/8 \\| cnnzoo \\|[^\\n]*"
                + "\\| [0-9.,]+ \\| [0-9.]+ \\|\\n.*"), report);
        assertTrue(terminal.toString(StandardCharsets.UTF_8).contains("[peer 2/2]"), terminal.toString());
    }
}
