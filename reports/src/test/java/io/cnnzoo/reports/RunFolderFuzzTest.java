package io.cnnzoo.reports;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cnnzoo.reports.html.HtmlReport;
import io.cnnzoo.reports.html.RunEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Any bytes as a run folder's run.json and environment.json end in a kind and a rendered page header, or an
 * {@link IOException} naming the file: never a Jackson, cast or index exception, and never markup in the page.
 */
class RunFolderFuzzTest {

    private static final Path FOLDER;

    static {
        try {
            FOLDER = Files.createTempDirectory("cnnzoo-run-fuzz-");
            Files.writeString(FOLDER.resolve("jmh.json"), "[]");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void runFiles(byte[] input) throws IOException {
        Files.write(FOLDER.resolve("run.json"), input);
        Files.write(FOLDER.resolve(RunEnvironment.FILE), input);
        try {
            RunKind.of(FOLDER);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(FOLDER.resolve("run.json").toString())) {
                throw new AssertionError("a run.json error without the file's name: " + e.getMessage(), e);
            }
        }
        RunEnvironment env;
        try {
            env = RunEnvironment.of(FOLDER);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(FOLDER.resolve(RunEnvironment.FILE).toString())) {
                throw new AssertionError("an environment.json error without the file's name: " + e.getMessage(), e);
            }
            return;
        }
        String page = HtmlReport.render("t", "s", env.facts(), List.of(), env.markdown(), Map.of());
        // text may say anything ("2066javascript:15Z" is a date that happens to hold the word); it must stay text
        if (page.contains("<script") || page.contains("href=\"javascript:") || page.contains("<img")) {
            throw new AssertionError("environment.json's text became markup: " + page);
        }
        env.machine();
        env.build();
    }
}
