package io.cnnzoo.bench.experiment;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Any bytes in a run folder's config.json, a progress file or curves.csv end in a run that opens, or in a
 * {@link RunFolderException} naming the file and saying what to do: never a Jackson, parser or index exception.
 */
class RunFileFuzzTest {

    private static final Path ROOT;
    private static final DegradationConfig CONFIG = TestConfigs.tiny("preset", "fuzz");

    static {
        try {
            ROOT = Files.createTempDirectory("cnnzoo-run-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void runFiles(byte[] input) throws IOException {
        if (input.length < 1) {
            return;
        }
        byte[] content = Arrays.copyOfRange(input, 1, input.length);
        RunFolder folder = new RunFolder(ROOT.resolve("run"));
        try {
            switch (Math.floorMod(input[0], 3)) {
                case 0 -> {
                    write(folder, folder.file("config.json"), content);
                    folder.open(CONFIG);
                }
                case 1 -> {
                    write(folder, folder.root().resolve("checkpoints/resnet20.json"), content);
                    folder.progress("resnet20");
                }
                default -> {
                    write(folder, folder.file("curves.csv"), content);
                    folder.readCurves(List.of(ModelProgress.start("resnet20")));
                }
            }
        } catch (RunFolderException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(folder.root().toString())
                    || e.remedy() == null || e.remedy().isBlank()) {
                throw new AssertionError("a run-folder error without its file or a remedy: " + e.getMessage(), e);
            }
        }
    }

    /** {@code file} holding {@code content}, and none of the folder's other files. */
    private static void write(RunFolder folder, Path file, byte[] content) throws IOException {
        for (String name : new String[]{"config.json", "curves.csv", "checkpoints/resnet20.json"}) {
            Files.deleteIfExists(folder.root().resolve(name));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}
