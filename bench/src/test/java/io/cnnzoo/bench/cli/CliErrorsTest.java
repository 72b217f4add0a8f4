package io.cnnzoo.bench.cli;

import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a careless or hostile user of the command line sees: one line of cause, one of remedy, no stack trace
 * unless asked, and the exit code of the failure's kind (documented in --help and docs/reliability.md).
 */
class CliErrorsTest {

    @TempDir
    Path tmp;

    /** A finished command: its exit code and what it printed. */
    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run cnnzoo(String... args) {
        return cnnzoo(false, args);
    }

    /** @param laterOptionsWin whether an option given twice takes its last value (picocli refuses it otherwise) */
    static Run cnnzoo(boolean laterOptionsWin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            var cli = CnnzooCommand.commandLine();
            cli.setOverwrittenOptionsAllowed(laterOptionsWin);
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previous);
        }
    }

    private static void assertCauseAndRemedy(Run run, int exit, String cause, String remedy) {
        assertEquals(exit, run.exit(), run.err());
        assertEquals(2, run.errLines().size(), "one line of cause, one of remedy:\n" + run.err());
        assertTrue(run.errLines().get(0).startsWith("error: ") && run.errLines().get(0).contains(cause), run.err());
        assertTrue(run.errLines().get(1).startsWith("hint: ") && run.errLines().get(1).contains(remedy), run.err());
    }

    @Test
    void aMistypedModelGetsADidYouMean() {
        assertCauseAndRemedy(cnnzoo("summary", "resnt56"), 2, "did you mean resnet56", "./cnnzoo summary --help");
        assertCauseAndRemedy(cnnzoo("data", "verify", "fashion_mnst"), 2, "did you mean fashion-mnist",
                "./cnnzoo data verify --help");
    }

    @Test
    void namesMatchWhateverTheCaseAndShapesAreReadAsPrinted() {
        Run run = cnnzoo("summary", "ResNet56", "--input", "1x28x28");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("resnet56 for input 1x28x28"), run.out());
        assertEquals(run.out(), cnnzoo("summary", "resnet56", "--input", "1,28,28").out());
    }

    @Test
    void impossibleModelsAreUsageErrorsWithoutDl4jsAdvice() {
        // Softmax over one class: DL4J's configuration check, whose second line tells how to switch it off.
        assertCauseAndRemedy(cnnzoo("summary", "resnet20", "--classes", "1"), 2, "nOut=1", "--help");
        assertCauseAndRemedy(cnnzoo("summary", "resnet20", "--input", "1x2x2"), 2, "at least 4x4", "--help");
        assertCauseAndRemedy(cnnzoo("summary", "resnet20", "--input", "0,28,28"), 2, "positive", "--help");
        assertCauseAndRemedy(cnnzoo("summary", "resnet20", "--input", "3x46000x46000"), 2,
                "holds 6348000000 values per image", "--help");
        assertCauseAndRemedy(cnnzoo("summary", "resnet20", "--bogus"), 2, "Unknown option: '--bogus'", "--help");
    }

    @Test
    void sizesAreNeverPrintedWrappedAround() {
        assertCauseAndRemedy(cnnzoo("summary", "resnet20", "--batch", "-1"), 2, "--batch must be at least 1",
                "--help");
        // VGG-16 on a 45920x45920 image: ~6e11 activations per image, times 2^31-1 images, exceeds 2^63 bytes.
        assertCauseAndRemedy(cnnzoo("summary", "vgg16", "--input", "1x45920x45920", "--batch", "2147483647"), 2,
                "exceed 2^63", "--help");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = cnnzoo("summary", "resnet20", "--classes", "1", "--verbose");
        assertEquals(2, run.exit());
        assertTrue(run.errLines().size() > 2 && run.err().contains("\tat org.deeplearning4j"), run.err());
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorWithAWayToReportIt() {
        Failure npe = Failure.of(new NullPointerException("x is null"), "cnnzoo summary");
        assertEquals(70, npe.exitCode());
        assertTrue(npe.cause().contains("internal error") && npe.remedy().contains("--verbose"), npe.toString());
        Failure oom = Failure.of(new RuntimeException("fit failed", new OutOfMemoryError("Java heap space")), "cnnzoo degradation");
        assertEquals(4, oom.exitCode());
        assertTrue(oom.remedy().contains("maxphysicalbytes") && oom.remedy().contains("CNNZOO_JAVA_OPTS"), oom.remedy());
    }

    @Test
    void anExplicitDataDirIsVerifiedAndNoOtherCopyInstead() {
        Path empty = tmp.resolve("empty");
        Run run = cnnzoo("data", "verify", "fashion-mnist", "--data-dir", empty.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains(empty.resolve("fashion-mnist").toString()), run.out());
        assertFalse(run.out().contains("/usr/share/datasets"), run.out());
    }

    @Test
    void anExplicitDataDirIsNeverReplacedByADownloadOrAnotherCopy() throws Exception {
        Run run = cnnzoo("degradation", "--data-dir", tmp.resolve("typo").toString(), "--out",
                tmp.resolve("run").toString(), "--iterations", "1");
        assertEquals(3, run.exit(), run.err());
        assertTrue(run.err().contains(tmp.resolve("typo").toString()), run.err());
        assertFalse(Files.exists(tmp.resolve("run")), "a failed start left a run folder");
    }

    @Test
    void trainingThatCannotFitIsRefusedBeforeAnythingIsWritten() {
        Optional<Path> fashion = new DataLocator(null, Map.of(), tmp).find(Datasets.FASHION_MNIST);
        assumeTrue(fashion.isPresent(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        // ResNet-1202 at batch 128 on 28x28 needs tens of GiB by ModelStats; this fork allows 6 GiB (pom.xml).
        Run run = cnnzoo("degradation", "--models", "resnet1202", "--iterations", "1", "--out",
                tmp.resolve("big").toString(), "--data-dir", fashion.get().toString());
        assertCauseAndRemedy(run, 4, "training resnet1202 at batch 128 needs at least", "maxphysicalbytes");
        assertFalse(Files.exists(tmp.resolve("big")));
    }

    @Test
    void inferenceThatCannotFitIsRefusedBeforeTheModelIsBuilt() {
        // VGG-16 on 20160x20160 crops (a side VGG's 7x7 pool takes): its first activation is 64 x 20160^2 floats, 97 GiB.
        assertCauseAndRemedy(cnnzoo("classify", "--model", "vgg16", "--weights", "never-read.pth", "--resize",
                "20160", "--crop", "20160", "photo.jpg"), 4, "vgg16 on 20160x20160 images needs at least",
                "maxphysicalbytes");
    }

    @Test
    void versionNamesTheBuildsVersionAndCommit() throws Exception {
        Run run = cnnzoo("--version");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("cnnzoo 0.1.0-SNAPSHOT (commit "), run.out());
        String head;
        int gitExit;
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").redirectErrorStream(true).start();
            head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            gitExit = git.waitFor();
        } catch (java.io.IOException e) {
            head = "no git: " + e.getMessage();
            gitExit = -1;
        }
        assumeTrue(gitExit == 0 && head.matches("[0-9a-f]{7}"), "not built in a git checkout: " + head);
        assertTrue(run.out().contains("commit " + head), run.out() + " vs HEAD " + head);
    }

    @Test
    void theDefaultRunFolderCarriesTheOverridesSoASmokeRunNeverMeetsTheQuickRun() {
        DegradationCommand smoke = new DegradationCommand();
        new picocli.CommandLine(smoke).parseArgs("--preset", "quick", "--iterations", "20", "--models",
                "plain20,resnet20");
        String today = java.time.LocalDate.now().toString();
        assertEquals(today + "-degradation-quick-it20-plain20-resnet20",
                smoke.defaultFolderName("quick", List.of("plain20", "resnet20")));
        DegradationCommand quick = new DegradationCommand();
        new picocli.CommandLine(quick).parseArgs();
        assertEquals(today + "-degradation-quick", quick.defaultFolderName("quick", null));
    }

    /**
     * ND4J finding no backend (a -Pcuda jar without a driver) is an Error picocli never handles: main maps it
     * through Failure like any other failure, as a usage error (docs/reliability.md); any other class that failed
     * to initialise stays an internal error.
     */
    @Test
    void noNd4jBackendIsAUsageErrorAndOtherInitialiserFailuresStayBugs() {
        Failure noBackend = Failure.of(new ExceptionInInitializerError(new RuntimeException(
                new org.nd4j.linalg.factory.Nd4jBackend.NoAvailableBackendException("no jnicudart"))), "cnnzoo");
        assertEquals(Failure.USAGE, noBackend.exitCode());
        assertTrue(noBackend.cause().startsWith("no ND4J backend could load: no jnicudart"), noBackend.cause());
        assertTrue(noBackend.remedy().contains("docs/gpu.md"), noBackend.remedy());
        Failure again = Failure.of(new NoClassDefFoundError("Could not initialize class org.nd4j.linalg.factory.Nd4j"),
                "cnnzoo");
        assertEquals(Failure.USAGE, again.exitCode());
        Failure bug = Failure.of(new ExceptionInInitializerError(new ArithmeticException("/ by zero")), "cnnzoo");
        assertEquals(Failure.INTERNAL, bug.exitCode());
    }
}
