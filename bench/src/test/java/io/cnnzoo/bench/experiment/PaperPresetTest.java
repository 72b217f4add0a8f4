package io.cnnzoo.bench.experiment;

import io.cnnzoo.bench.train.WarmupStepSchedule;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.fetch.FetchPolicy;
import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.reports.curves.CurvesCsv;
import io.cnnzoo.zoo.optim.Momentum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The presets as data, He et al. 2016's recipe in the paper preset, and short real runs on CIFAR-format files. */
class PaperPresetTest {

    @TempDir
    Path tmp;

    /** Sec. 4.2: batch 128, momentum 0.9, weight decay 1e-4, lr 0.1 /10 at 32k and 48k, stop at 64k. */
    @Test
    void thePaperPresetFollowsSection42() {
        DegradationConfig paper = DegradationPresets.builtIn("paper");
        assertEquals("cifar-10", paper.dataset());
        assertEquals(List.of("plain20", "plain32", "plain44", "plain56", "resnet20", "resnet32", "resnet44",
                "resnet56", "resnet110"), paper.models());
        assertEquals(64_000, paper.iterations());
        assertEquals(128, paper.batchSize());
        assertInstanceOf(Momentum.class, paper.updater("resnet20"));
        assertEquals(0.9, paper.momentum());
        assertEquals(1e-4, paper.weightDecay());
        assertEquals(List.of(32_000, 48_000), paper.milestones());
        assertEquals(4, paper.cropPadding());
        assertEquals(0.5, paper.flipProbability());
        assertTrue(paper.meanImage());
        assertEquals(0, paper.validationSize());
        WarmupStepSchedule resnet20 = paper.schedule("resnet20");
        assertEquals(0.1, resnet20.valueAt(0, 0), 1e-12);
        assertEquals(0.001, resnet20.valueAt(63_999, 0), 1e-12);
    }

    /** "we use 0.01 to warm up the training until the training error is below 80% (about 400 iterations)". */
    @Test
    void resnet110WarmsUpAt001For400Iterations() {
        WarmupStepSchedule schedule = DegradationPresets.builtIn("paper").schedule("resnet110");
        assertEquals(0.01, schedule.valueAt(0, 0), 1e-12);
        assertEquals(0.01, schedule.valueAt(399, 0), 1e-12);
        assertEquals(0.1, schedule.valueAt(400, 0), 1e-12);
        assertEquals(0.01, schedule.valueAt(32_000, 0), 1e-12);
        assertEquals(0.001, schedule.valueAt(48_000, 0), 1e-12);
        assertEquals("0.01 at 0-399, 0.1 at 400-31999, 0.01 at 32000-47999, 0.001 at 48000-63999",
                DryRun.segments(schedule, 64_000));
    }

    /** Issue 2's quick preset, unchanged by becoming a file: 469 iterations of 128, Nesterov, 0.01 -> 0.1 over 150. */
    @Test
    void theQuickPresetIsTheRecipeOfIssue2() {
        DegradationConfig quick = DegradationPresets.builtIn("quick");
        assertEquals(469, quick.iterations());
        assertInstanceOf(Nesterovs.class, quick.updater("resnet56"));
        assertEquals(new WarmupStepSchedule(0.01, 0.1, 150, new int[]{234, 351}, 0.1), quick.schedule("resnet56"));
        assertEquals(List.of(42L), quick.seeds());
        assertEquals(DegradationPresets.builtIn("medium").models(), quick.models());
    }

    @Test
    void aPresetFileRoundTripsAndEveryFieldCanBeOverridden() throws IOException {
        DegradationConfig paper = DegradationPresets.builtIn("paper");
        Path file = tmp.resolve("my.json");
        Files.writeString(file, DegradationPresets.toJson(paper));
        assertEquals(paper, DegradationPresets.read(file));

        DegradationConfig mine = DegradationPresets.override(paper, Map.of("seeds", "1,2,3", "weightDecay", "5e-4",
                "milestones", "16000,24000", "verdict", "{\"margin\": 2, \"tolerance\": 0.5}"));
        assertEquals(List.of(1L, 2L, 3L), mine.seeds());
        assertEquals(5e-4, mine.weightDecay());
        assertEquals(List.of(16_000, 24_000), mine.milestones());
        assertEquals(0.5, mine.verdict().tolerance());
        assertEquals(9 * 3, mine.runs().size());
    }

    @Test
    void badPresetsAreRefusedNamingTheField(@TempDir Path dir) throws IOException {
        DegradationConfig paper = DegradationPresets.builtIn("paper");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DegradationPresets.override(paper, Map.of("learningRate", "0.1")));
        assertTrue(unknown.getMessage().contains("no preset field 'learningRate'")
                && unknown.getMessage().contains("baseLr"), unknown.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> DegradationPresets.override(paper, Map.of("iterations", "many")));
        assertTrue(wrongType.getMessage().contains("iterations"), wrongType.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DegradationPresets.override(paper,
                Map.of("iterations", "2.5")));
        assertThrows(IllegalArgumentException.class, () -> DegradationPresets.override(paper, Map.of("baseLr", "NaN")));
        assertEquals("1e3", DegradationPresets.override(paper, Map.of("initialWeights", "1e3")).initialWeights());
        assertEquals(List.of(), DegradationPresets.override(paper, Map.of("milestones", "")).milestones());
        assertEquals(Map.of(), DegradationPresets.override(paper, Map.of("models", "resnet20")).modelWarmups());
        IllegalArgumentException warmupOfNoModel = assertThrows(IllegalArgumentException.class,
                () -> DegradationPresets.override(paper, Map.of("models", "resnet20", "modelWarmups",
                        "{\"resnet110\": {\"lr\": 0.01, \"iterations\": 400, \"constant\": true}}")));
        assertTrue(warmupOfNoModel.getMessage().contains("'modelWarmups' names resnet110"), warmupOfNoModel.getMessage());

        Path file = dir.resolve("typo.json");
        Files.writeString(file, DegradationPresets.toJson(paper).replace("\"batchSize\"", "\"batchsize\""));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> DegradationPresets.read(file));
        assertTrue(typo.getMessage().contains(file.toString()) && typo.getMessage().contains("batchsize"),
                typo.getMessage());
    }

    /** 45k/5k in the paper: here 5 x 20 training records, 20 held out, stratified by class. */
    @Test
    void aValidationSetIsHeldOutOfTheTrainingImages() throws IOException {
        Path data = TinyCifar10.write(tmp.resolve("cifar-10"), 20, 10);
        DegradationExperiment.Data held = DegradationExperiment.prepare(TestConfigs.tinyPaper("validationSize", "20"),
                new DataLocator(data, Map.of(), tmp), FetchPolicy.OFFLINE, new PrintStream(OutputStream.nullOutputStream()));
        assertEquals(80, held.train().size());
        assertEquals(20, held.heldOut().size());
        DegradationExperiment.Data full = DegradationExperiment.prepare(TestConfigs.tinyPaper(),
                new DataLocator(data, Map.of(), tmp), FetchPolicy.OFFLINE, new PrintStream(OutputStream.nullOutputStream()));
        assertEquals(100, full.train().size());
        assertEquals(10, full.heldOut().size());
    }

    /** Augmentation and mean subtraction included: a crashed run resumed ends where an uninterrupted one ends. */
    @Test
    void aResumedCifarRunEqualsAnUninterruptedOne() throws IOException {
        Path data = TinyCifar10.write(tmp.resolve("cifar-10"), 20, 10);
        DegradationConfig config = TestConfigs.tinyPaper();
        Path straight = tmp.resolve("straight");
        run(config, straight, data, new PrintStream(OutputStream.nullOutputStream()));
        Path crashed = tmp.resolve("crashed");
        assertThrows(IllegalStateException.class, () -> run(config, crashed, data, CrashingLog.at("it 2/4")));
        run(config, crashed, data, new PrintStream(OutputStream.nullOutputStream()));

        List<CurveRow> expected = CurvesCsv.read(straight.resolve("curves.csv"));
        List<CurveRow> actual = CurvesCsv.read(crashed.resolve("curves.csv"));
        assertEquals(4, actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).loss(), actual.get(i).loss(), 1e-4 * expected.get(i).loss(), "loss at " + i);
        }
        assertEquals(expected.get(3).testError(), actual.get(3).testError(), 1e-9);
        for (String file : new String[]{"config.json", "curves.csv", "summary.md", "table6.md", "fig6.png",
                "fig6.svg", "training-error.png"}) {
            assertTrue(Files.size(crashed.resolve(file)) > 0, "missing " + file);
        }
    }

    /** Every seed trains every model; the tables then give the mean and the standard deviation. */
    @Test
    void severalSeedsTrainEveryModelOncePerSeed() throws IOException {
        Path data = TinyCifar10.write(tmp.resolve("cifar-10"), 20, 10);
        DegradationConfig config = TestConfigs.tinyPaper("seeds", "1,2", "iterations", "2", "evalEvery", "1");
        List<ModelProgress> results = run(config, tmp.resolve("seeds"), data,
                new PrintStream(OutputStream.nullOutputStream()));
        assertEquals(List.of("resnet20@1", "resnet20@2"), results.stream().map(ModelProgress::model).toList());
        String table = Files.readString(tmp.resolve("seeds/table6.md"));
        assertTrue(table.matches("(?s).*\\| resnet20 \\| 20 \\| 0\\.27M \\| \\d+\\.\\d\\d ± \\d+\\.\\d\\d \\| 2 \\|.*"),
                table);
    }

    /**
     * A model whose loss explodes is stopped with a message naming it; the run carries on with the others, the
     * report says so, and resuming does not train it again.
     */
    @Test
    void aDivergingModelStopsAndTheOthersCarryOn() throws IOException {
        Path data = TinyCifar10.write(tmp.resolve("cifar-10"), 20, 10);
        DegradationConfig config = TestConfigs.tinyPaper("models", "plain20,resnet20",
                "modelWarmups", "{\"plain20\": {\"lr\": 1e6, \"iterations\": 4, \"constant\": true}}");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path folder = tmp.resolve("diverging");
        List<ModelProgress> results = run(config, folder, data, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(results.get(0).hasDiverged(), results.get(0).toString());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("STOPPED plain20: diverged: the loss became"),
                log.toString(StandardCharsets.UTF_8));
        assertEquals(4, results.get(1).completedIterations());
        assertTrue(Files.readString(folder.resolve("summary.md")).contains("**plain20 stopped**: diverged"));

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        run(config, folder, data, new PrintStream(again, true, StandardCharsets.UTF_8));
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("plain20 diverged in an earlier session"),
                again.toString(StandardCharsets.UTF_8));
    }

    private List<ModelProgress> run(DegradationConfig config, Path folder, Path data, PrintStream out)
            throws IOException {
        return new DegradationExperiment(config, new RunFolder(folder), new DataLocator(data, Map.of(), tmp), out).run();
    }

}
