package io.cnnzoo.bench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.cnnzoo.bench.cli.CliErrorsTest.cnnzoo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cnnzoo degradation}: presets as files, overrides, the dry run, and a short run on CIFAR-format files. */
class DegradationCommandTest {

    @TempDir
    Path tmp;

    /**
     * The paper preset's plan: He et al.'s schedule for ResNet-20 and ResNet-110 (0.01 for 400 iterations), the
     * iteration count (2 models x 64,000) and a wall-time estimate from timed steps.
     */
    @Test
    void theDryRunPrintsTheScheduleTheIterationsAndAnEstimate() {
        CliErrorsTest.Run run = cnnzoo("degradation", "--preset", "paper", "--models", "resnet20,resnet110",
                "--dry-run");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("resnet20: 0.1 at 0-31999, 0.01 at 32000-47999, 0.001 at 48000-63999"),
                run.out());
        assertTrue(run.out().contains("resnet110: 0.01 at 0-399, 0.1 at 400-31999, 0.01 at 32000-47999, "
                + "0.001 at 48000-63999"), run.out());
        assertTrue(run.out().contains("2 runs (2 models x 1 seeds) of 64,000 iterations of 128: 128,000 iterations"),
                run.out());
        assertTrue(run.out().matches("(?s).*Estimated wall time on this machine: \\d+h\\d\\dm.*"), run.out());
    }

    @Test
    void printPresetWritesAFileThatPresetFileRunsAgain() throws IOException {
        CliErrorsTest.Run printed = cnnzoo("degradation", "--preset", "paper", "--depths", "20,56", "--seeds", "1,2",
                "--print-preset");
        assertEquals(0, printed.exit(), printed.err());
        assertTrue(printed.out().contains("\"models\" : [ \"plain20\", \"plain56\", \"resnet20\", \"resnet56\" ]"),
                printed.out());
        assertTrue(printed.out().contains("\"modelWarmups\" : { }"), printed.out()); // resnet110's went with it
        Path file = Files.writeString(tmp.resolve("mine.json"), printed.out());
        CliErrorsTest.Run again = cnnzoo("degradation", "--preset-file", file.toString(), "--print-preset");
        assertEquals(printed.out(), again.out());
    }

    @Test
    void anUnknownFieldIsAUsageErrorListingTheFields() {
        CliErrorsTest.Run run = cnnzoo("degradation", "--set", "learningrate=0.1", "--print-preset");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("no preset field 'learningrate'") && run.err().contains("baseLr"), run.err());
    }

    /** A short real run on CIFAR-10-format files this test writes produces every output of the run folder. */
    @Test
    void aShortRunOnCifarFormatFilesWritesEveryOutput() throws IOException {
        Path data = tmp.resolve("cifar-10");
        Files.createDirectories(data);
        Random random = new Random(5);
        for (String file : new String[]{"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"}) {
            byte[] records = new byte[16 * 3073]; // CIFAR-10: one label byte, 3,072 pixel bytes per record
            random.nextBytes(records);
            for (int r = 0; r < 16; r++) {
                records[r * 3073] = (byte) (r % 10);
            }
            Files.write(data.resolve(file), records);
        }
        Path out = tmp.resolve("run");
        CliErrorsTest.Run run = cnnzoo("degradation", "--preset", "paper", "--depths", "20", "--iterations", "3",
                "--batch", "8", "--eval-every", "2", "--set", "trainSubsetSize=16", "--data-dir", data.toString(),
                "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        for (String file : new String[]{"run.json", "environment.json", "config.json", "curves.csv", "summary.md",
                "report.html", "table6.md", "fig6.png", "fig6.svg", "training-error.png", "training-error.svg",
                "checkpoints/resnet20.json", "checkpoints/plain20.json"}) {
            assertTrue(Files.exists(out.resolve(file)), "missing " + file);
        }
        assertTrue(run.out().contains("| resnet20 | 20 | 0.27M |") && run.out().contains("| 8.75 |"), run.out());
        // Fig. 6 draws Table 6's ResNet-20 test error (He et al. 2016: 8.75%) across the residual panel
        assertTrue(Files.readString(out.resolve("fig6.svg")).contains("data-reference=\"He et al.: resnet20 8.75%\""));

        // ./cnnzoo report renders the folder again from its files alone, as the run itself did
        String summary = Files.readString(out.resolve("summary.md"));
        String html = Files.readString(out.resolve("report.html"));
        for (String file : new String[]{"summary.md", "report.html", "table6.md", "fig6.png", "fig6.svg"}) {
            Files.delete(out.resolve(file));
        }
        CliErrorsTest.Run report = cnnzoo("report", out.toString());
        assertEquals(0, report.exit(), report.err());
        assertEquals(summary, Files.readString(out.resolve("summary.md")));
        assertEquals(html, Files.readString(out.resolve("report.html")));
        assertTrue(Files.exists(out.resolve("fig6.svg")) && Files.exists(out.resolve("table6.md")));

        // a run folder of a newer schema is refused, not misread
        Files.writeString(out.resolve("run.json"), "{\"schema\": 99, \"kind\": \"degradation\"}");
        CliErrorsTest.Run newer = cnnzoo("report", out.toString());
        assertEquals(3, newer.exit(), newer.err());
        assertTrue(newer.err().contains("schema 99 is newer than this cnnzoo reads (up to 1)"), newer.err());
        CliErrorsTest.Run notARun = cnnzoo("report", data.toString());
        assertEquals(2, notARun.exit(), notARun.err());
        assertTrue(notARun.err().contains("is not a run folder"), notARun.err());
    }
}
