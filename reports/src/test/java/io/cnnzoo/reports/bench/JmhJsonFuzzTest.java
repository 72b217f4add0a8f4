package io.cnnzoo.reports.bench;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Any bytes as a JMH or peer result file end in a rendered report, an {@link IOException} that names the
 * file, or (for a record that parses but cannot be placed, such as a non-integer depth) an
 * {@link IllegalArgumentException} that names the benchmark: never a Jackson, parser or index exception.
 */
class JmhJsonFuzzTest {

    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempDirectory("cnnzoo-jmh-fuzz-").resolve("jmh.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void resultFile(byte[] input) throws IOException {
        Files.write(FILE, input);
        List<BenchRecord> records;
        try {
            records = JmhJson.read(FILE, "cnnzoo");
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(FILE.toString())) {
                throw new AssertionError("a result-file error without the file's name: " + e.getMessage(), e);
            }
            return;
        }
        try {
            new BenchReport(records, records, "peer").markdown();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().contains("Benchmark")
                    && !e.getMessage().contains("expected")) {
                throw new AssertionError("a report error that does not say which record: " + e.getMessage(), e);
            }
        }
    }
}
