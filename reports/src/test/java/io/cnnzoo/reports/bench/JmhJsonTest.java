package io.cnnzoo.reports.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhJsonTest {

    @Test
    void readsJmhsSchemaIncludingNaNErrors(@TempDir Path dir) throws IOException {
        // The shape of JMH 1.37's -rf json output (ResultFormatFactory JSON): one iteration writes "NaN".
        Path file = dir.resolve("jmh.json");
        Files.writeString(file, """
                [{"jmhVersion":"1.37","benchmark":"io.cnnzoo.bench.jmh.SgemmBenchmark.sgemm","mode":"thrpt",
                  "params":{"n":"2048"},
                  "primaryMetric":{"score":11.5,"scoreError":"NaN","scoreUnit":"ops/s"},
                  "secondaryMetrics":{"flop":{"score":1.98E11,"scoreError":1.0E9,"scoreUnit":"ops/s"}}}]
                """);
        List<BenchRecord> records = JmhJson.read(file, "cnnzoo");
        BenchRecord r = records.get(0);
        assertEquals("SgemmBenchmark.sgemm", r.benchmark());
        assertEquals("SgemmBenchmark", r.benchmarkClass());
        assertEquals("sgemm", r.method());
        assertEquals("2048", r.param("n"));
        assertEquals("cnnzoo", r.engine());
        assertTrue(Double.isNaN(r.primary().error()));
        assertEquals(1.98e11, r.counter("flop").orElseThrow().score());
    }

    @Test
    void errorsNameTheFileAndTheRecord(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, """
                [{"benchmark":"a.B.c","params":{},"primaryMetric":{"score":1,"scoreUnit":"ops/s"}},
                 {"benchmark":"a.B.d","params":{},"primaryMetric":{"score":"fast"}}]
                """);
        IOException e = assertThrows(IOException.class, () -> JmhJson.read(file, "cnnzoo"));
        assertTrue(e.getMessage().contains(file + ": record 1 (B.d): primaryMetric.score"), e.getMessage());

        Files.writeString(file, "{\"benchmark\": 1}");
        e = assertThrows(IOException.class, () -> JmhJson.read(file, "cnnzoo"));
        assertTrue(e.getMessage().contains("an array of benchmark records"), e.getMessage());

        Files.writeString(file, "[{\"benchmark\":");
        e = assertThrows(IOException.class, () -> JmhJson.read(file, "cnnzoo"));
        assertTrue(e.getMessage().startsWith(file + ": not JSON"), e.getMessage());
    }
}
