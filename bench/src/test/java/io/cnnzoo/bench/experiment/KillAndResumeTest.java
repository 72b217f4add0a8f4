package io.cnnzoo.bench.experiment;

import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.reports.curves.CurvesCsv;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} at random moments of a real run, several times over: after every kill the folder holds a
 * consistent last checkpoint (progress, weights and curves agree), every restart resumes from it, and the
 * finished run's curves and weights equal those of a run nobody interrupted.
 */
class KillAndResumeTest {

    private static final int MAX_KILLS = 6;

    @TempDir
    Path tmp;

    @Test
    void killedRunsResumeFromTheLastCheckpointAndEndWhereAnUninterruptedRunEnds() throws Exception {
        Path data = tinyDataset();
        Path straight = tmp.resolve("straight");
        assertEquals(0, start(straight, data).waitFor(), "the uninterrupted run failed");

        Path killed = tmp.resolve("killed");
        Random random = new Random(2026);
        int kills = 0;
        int resumes = 0;
        Map<String, Integer> committed = Map.of();
        while (true) {
            Process p = start(killed, data);
            // The first kill lands anywhere in start-up; each later one a random moment after this process has
            // committed a checkpoint of its own, so every kill falls in training, evaluation or the next
            // checkpoint's writes, and the run still makes progress between kills.
            boolean kill = kills < MAX_KILLS && (kills == 0 ? !p.waitFor(500 + random.nextInt(2_000),
                    TimeUnit.MILLISECONDS) : awaitCheckpoint(p, killed) && !p.waitFor(random.nextInt(1_000),
                    TimeUnit.MILLISECONDS));
            if (kill) {
                p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
            }
            int exit = p.waitFor();
            resumes += assertResumedFrom(committed, log(killed));
            if (kill) {
                kills++;
                committed = assertConsistent(killed);
                continue;
            }
            assertEquals(0, exit, "the resumed run failed:\n" + log(killed));
            break;
        }
        System.out.printf("KillAndResumeTest: %d kills, %d resumes from a checkpoint%n", kills, resumes);
        assertTrue(kills >= 3 && resumes >= 2, "killed " + kills + " times, resumed " + resumes + " times");

        List<CurveRow> expected = CurvesCsv.read(straight.resolve("curves.csv"));
        List<CurveRow> actual = CurvesCsv.read(killed.resolve("curves.csv"));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).model(), actual.get(i).model());
            assertEquals(expected.get(i).iteration(), actual.get(i).iteration());
            assertEquals(expected.get(i).loss(), actual.get(i).loss(), 1e-4 * Math.abs(expected.get(i).loss()),
                    "loss of row " + i);
        }
        for (String model : ExperimentProcess.CONFIG.models()) {
            INDArray a = weights(straight, model);
            INDArray b = weights(killed, model);
            double scale = a.norm2Number().doubleValue();
            assertTrue(a.sub(b).norm2Number().doubleValue() <= 1e-4 * scale, model + "'s final weights differ");
        }
    }

    /**
     * SIGTERM (what Ctrl-C's SIGINT also does to a JVM) between two regular checkpoints: the run commits a
     * checkpoint at the iteration it was on before the JVM exits, the same command resumes from that iteration,
     * and the result equals an uninterrupted run's.
     */
    @Test
    void anInterruptCheckpointsTheCurrentIterationAndTheRunResumesFromIt() throws Exception {
        Path data = tinyDataset();
        Path straight = tmp.resolve("straight");
        assertEquals(0, start(straight, data).waitFor(), "the uninterrupted run failed");

        Path stopped = tmp.resolve("stopped");
        Process p = start(stopped, data);
        assertTrue(awaitCheckpoint(p, stopped), "the run ended before its first checkpoint:\n" + log(stopped));
        p.destroy(); // SIGTERM: the JVM runs its shutdown hooks
        p.waitFor();
        Matcher interrupted = Pattern.compile("Interrupted: (\\S+) checkpointed at iteration (\\d+)")
                .matcher(log(stopped));
        assertTrue(interrupted.find(), "no checkpoint on the interrupt:\n" + log(stopped));
        int iteration = Integer.parseInt(interrupted.group(2));
        assertEquals(iteration, new RunFolder(stopped).progress(interrupted.group(1)).orElseThrow()
                .completedIterations());

        assertEquals(0, start(stopped, data).waitFor(), "the resumed run failed:\n" + log(stopped));
        assertTrue(log(stopped).contains("Resuming " + interrupted.group(1) + " at iteration " + iteration),
                log(stopped));
        List<CurveRow> expected = CurvesCsv.read(straight.resolve("curves.csv"));
        List<CurveRow> actual = CurvesCsv.read(stopped.resolve("curves.csv"));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).loss(), actual.get(i).loss(), 1e-4 * Math.abs(expected.get(i).loss()),
                    "loss of row " + i);
        }
    }

    /**
     * Whatever moment the kill hit, each model's committed checkpoint loads and its curves are all there; returns
     * the committed iteration of each model.
     */
    private static Map<String, Integer> assertConsistent(Path folder) throws IOException {
        Map<String, Integer> iterations = new HashMap<>();
        if (!Files.exists(folder.resolve("config.json"))) {
            return iterations; // killed before the run started
        }
        RunFolder run = new RunFolder(folder);
        List<ModelProgress> committed = new ArrayList<>();
        for (String model : ExperimentProcess.CONFIG.models()) {
            Optional<ModelProgress> progress = run.progress(model);
            if (progress.isPresent()) {
                committed.add(progress.get());
                iterations.put(model, progress.get().completedIterations());
                ComputationGraph graph = run.loadCheckpoint(progress.get());
                assertEquals(progress.get().completedIterations(), graph.getIterationCount());
            }
        }
        run.readCurves(committed); // throws when rows a checkpoint covers are missing
        return iterations;
    }

    /** Each "Resuming MODEL at iteration N" of a restart names the iteration committed before it; how many. */
    private static int assertResumedFrom(Map<String, Integer> committed, String log) {
        Matcher m = Pattern.compile("Resuming (\\S+) at iteration (\\d+)").matcher(log);
        int count = 0;
        while (m.find()) {
            assertEquals(committed.get(m.group(1)), Integer.valueOf(m.group(2)), log);
            count++;
        }
        return count;
    }

    /**
     * Waits until {@code p} prints the progress line of a checkpoint (an evaluation's, with "test err"); false if
     * it ended first.
     */
    private static boolean awaitCheckpoint(Process p, Path folder) throws Exception {
        while (p.isAlive()) {
            if (log(folder).contains("test err")) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static String log(Path folder) throws IOException {
        return Files.readString(folder.resolveSibling(folder.getFileName() + ".log"));
    }

    private static INDArray weights(Path folder, String model) throws IOException {
        RunFolder run = new RunFolder(folder);
        return run.loadCheckpoint(run.progress(model).orElseThrow()).params();
    }

    private static Process start(Path folder, Path data) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx1g", "-Djava.awt.headless=true",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=4G", "-cp", System.getProperty("java.class.path"),
                ExperimentProcess.class.getName(), folder.toString(), data.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolveSibling(folder.getFileName() + ".log").toFile())
                .start();
    }

    private Path tinyDataset() throws IOException {
        return TinyFashionMnist.write(tmp.resolve("fashion-mnist"));
    }
}
