package io.cnnzoo.bench.experiment;

import io.cnnzoo.bench.train.Parallelism;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.reports.curves.CurvesCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny run end to end: the folder's files, and a crash-and-resume that matches an uninterrupted run. */
class DegradationExperimentTest {

    @TempDir
    Path tmp;

    private final DegradationConfig config = TestConfigs.tiny("dataFormat", "NHWC");

    private Path tinyDataset() throws IOException {
        return TinyFashionMnist.write(tmp.resolve("data"));
    }


    private List<ModelProgress> run(Path folder, Path data, PrintStream out) throws IOException {
        return run(folder, data, out, Parallelism.SINGLE);
    }

    private List<ModelProgress> run(Path folder, Path data, PrintStream out, Parallelism parallelism)
            throws IOException {
        return new DegradationExperiment(config, new RunFolder(folder), new DataLocator(data, Map.of(), tmp), out)
                .parallelism(parallelism).run();
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedRunEnds() throws IOException {
        assertResumedRunEndsWhereAnUninterruptedRunEnds(Parallelism.SINGLE);
    }

    /** With ParallelWrapper's workers the run folder, checkpoints and resuming work as with one. */
    @Test
    void withTwoWorkersAResumedRunEndsWhereAnUninterruptedRunEnds() throws IOException {
        assertResumedRunEndsWhereAnUninterruptedRunEnds(new Parallelism(2, Parallelism.Mode.AVERAGING));
    }

    @Test
    void aBatchThatWorkersCannotSplitIsRefusedBeforeTheFolderIsMade() throws IOException {
        Path data = tinyDataset();
        Path folder = tmp.resolve("three");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(folder, data,
                new PrintStream(OutputStream.nullOutputStream()), new Parallelism(3, Parallelism.Mode.AVERAGING)));
        assertTrue(e.getMessage().contains("batch of 16 images") && e.getMessage().contains("3 equal"),
                e.getMessage());
        assertTrue(Files.notExists(folder), "the folder must not be made");
    }

    /** 96 training images in batches of 5: the last batch holds 1 image, which five workers cannot share. */
    @Test
    void aLastBatchSmallerThanTheWorkersIsRefusedBeforeTheFolderIsMade() throws IOException {
        Path data = tinyDataset();
        Path folder = tmp.resolve("last");
        DegradationConfig batchesOfFive = TestConfigs.tiny("dataFormat", "NHWC", "batchSize", "5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DegradationExperiment(
                batchesOfFive, new RunFolder(folder), new DataLocator(data, Map.of(), tmp),
                new PrintStream(OutputStream.nullOutputStream()))
                .parallelism(new Parallelism(5, Parallelism.Mode.AVERAGING)).run());
        assertTrue(e.getMessage().contains("holds 1 of the 96 training images"), e.getMessage());
        assertTrue(Files.notExists(folder), "the folder must not be made");
    }

    private void assertResumedRunEndsWhereAnUninterruptedRunEnds(Parallelism parallelism) throws IOException {
        Path data = tinyDataset();
        Path straight = tmp.resolve("straight");
        run(straight, data, new PrintStream(OutputStream.nullOutputStream()), parallelism);

        // Crash right after the checkpoint at iteration 2 is committed (its progress line is printed then).
        Path crashed = tmp.resolve("crashed");
        PrintStream crashing = CrashingLog.at("it 2/4");
        assertThrows(IllegalStateException.class, () -> run(crashed, data, crashing, parallelism));
        assertEquals(2, CurvesCsv.read(crashed.resolve("curves.csv")).size());

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<ModelProgress> resumed = run(crashed, data, new PrintStream(log, true, StandardCharsets.UTF_8),
                parallelism);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("Resuming resnet20 at iteration 2"), log.toString());
        assertEquals(4, resumed.get(0).completedIterations());

        List<CurveRow> expected = CurvesCsv.read(straight.resolve("curves.csv"));
        List<CurveRow> actual = CurvesCsv.read(crashed.resolve("curves.csv"));
        assertEquals(expected.stream().map(CurveRow::iteration).toList(), actual.stream().map(CurveRow::iteration).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).loss(), actual.get(i).loss(), 1e-4 * expected.get(i).loss(), "loss at " + i);
            assertEquals(expected.get(i).lr(), actual.get(i).lr(), 1e-12);
        }
        assertEquals(expected.get(3).trainError(), actual.get(3).trainError(), 1e-9);

        for (String file : new String[]{"config.json", "curves.csv", "summary.md", "training-error.png",
                "checkpoints/resnet20.json", "checkpoints/resnet20-4.zip"}) {
            assertTrue(Files.exists(crashed.resolve(file)), "missing " + file);
        }
        try (Stream<Path> files = Files.walk(crashed)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")
                    || p.getFileName().toString().equals("resnet20-2.zip")).toList());
        }
    }

    @Test
    void refusesToResumeAFolderWithAnotherConfiguration() throws IOException {
        Path folder = tmp.resolve("run");
        new RunFolder(folder).open(config);
        DegradationConfig other = TestConfigs.tiny("dataFormat", "NHWC", "iterations", "8");
        RunFolderException e = assertThrows(RunFolderException.class, () -> new RunFolder(folder).open(other));
        assertTrue(e.getMessage().contains(folder.resolve("config.json").toString())
                && e.getMessage().contains("different configuration") && e.remedy().contains("--out"), e.getMessage());
    }

    @Test
    void aFailedStartLeavesNoFolderBehind() throws IOException {
        Path data = tinyDataset();
        Path folder = tmp.resolve("typo");
        DegradationConfig typo = TestConfigs.tiny("dataFormat", "NHWC", "models", "resnet21");
        assertThrows(IllegalArgumentException.class, () -> new DegradationExperiment(typo, new RunFolder(folder),
                new DataLocator(data, Map.of(), tmp), new PrintStream(OutputStream.nullOutputStream())).run());
        Path missingData = tmp.resolve("no-data");
        assertThrows(IOException.class, () -> run(folder, missingData, new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(Files.notExists(folder), "a failed start wrote " + folder);
    }

    /** A finished run, then {@code damage} to one of its files: the rerun names that file and says what to do. */
    private RunFolderException rerunAfter(String file, byte[] damage) throws IOException {
        Path data = tinyDataset();
        Path folder = tmp.resolve("run");
        run(folder, data, new PrintStream(OutputStream.nullOutputStream()));
        Files.write(folder.resolve(file), damage);
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> run(folder, data, new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().startsWith(folder.resolve(file).toString()), e.getMessage());
        return e;
    }

    @Test
    void aTruncatedConfigNamesTheFileAndTheWayForward() throws IOException {
        RunFolderException e = rerunAfter("config.json", "{\"preset\": \"te".getBytes(StandardCharsets.UTF_8));
        assertTrue(e.getMessage().contains("not a readable run configuration") && e.remedy().contains("--out"),
                e.getMessage() + " / " + e.remedy());
    }

    @Test
    void aTruncatedProgressFileSaysHowToRetrainThatModel() throws IOException {
        RunFolderException e = rerunAfter("checkpoints/resnet20.json", "{\"model\":".getBytes(StandardCharsets.UTF_8));
        assertTrue(e.remedy().contains("resnet20.json") && e.remedy().contains("resnet20-*.zip"), e.remedy());
    }

    @Test
    void aCorruptCheckpointIsNamedWhenItIsNeeded() throws IOException {
        Path data = tinyDataset();
        Path folder = tmp.resolve("run");
        PrintStream stopAtTwo = CrashingLog.at("it 2/4");
        assertThrows(IllegalStateException.class, () -> run(folder, data, stopAtTwo));
        Path zip = folder.resolve("checkpoints/resnet20-2.zip");
        Files.write(zip, Arrays.copyOf(Files.readAllBytes(zip), 1000)); // cut short, as a full disk would
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> run(folder, data, new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().startsWith(zip.toString()) && e.remedy().contains("train resnet20 again"),
                e.getMessage() + " / " + e.remedy());
    }

    @Test
    void aMissingCurvesFileIsRefusedAndTheFinishedResultsAreNotOverwritten() throws IOException {
        Path data = tinyDataset();
        Path folder = tmp.resolve("run");
        run(folder, data, new PrintStream(OutputStream.nullOutputStream()));
        byte[] summary = Files.readAllBytes(folder.resolve("summary.md"));
        byte[] chart = Files.readAllBytes(folder.resolve("training-error.png"));
        Files.delete(folder.resolve("curves.csv"));
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> run(folder, data, new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("iteration 4"), e.getMessage());
        assertArrayEquals(summary, Files.readAllBytes(folder.resolve("summary.md")));
        assertArrayEquals(chart, Files.readAllBytes(folder.resolve("training-error.png")));
    }

    @Test
    void aCurvesFileShorterThanTheCheckpointsIsRefused() throws IOException {
        Path data = tinyDataset();
        Path folder = tmp.resolve("run");
        run(folder, data, new PrintStream(OutputStream.nullOutputStream()));
        List<CurveRow> rows = CurvesCsv.read(folder.resolve("curves.csv"));
        CurvesCsv.writeAtomically(folder.resolve("curves.csv"), rows.subList(0, 2));
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> run(folder, data, new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("holds 2 rows of resnet20") && e.getMessage().contains("iteration 4"),
                e.getMessage());
    }
}
