package io.cnnzoo.reports.bench;

import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.markdown.MarkdownTable;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders a bench run folder (written by {@code cnnzoo bench}; schema in docs/benchmarks.md) into
 * {@value #REPORT} and {@code charts/}: the run's environment, then {@link BenchReport}'s tables with the
 * charts between them. Reads nothing but the folder, so any run can be re-rendered later.
 */
public final class BenchRunReport {

    public static final String REPORT = "report.md";
    static final String PEER_NAME = "PyTorch";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchRunReport() {
    }

    /** Writes report.md and the charts; returns the charts' base names. */
    public static List<String> render(Path folder) throws IOException {
        Path jmh = folder.resolve("jmh.json");
        if (!Files.isRegularFile(jmh)) {
            throw new NoSuchFileException(jmh.toString(), null, "not a bench run folder, or its run did not "
                    + "finish a selection yet (run the same cnnzoo bench command again to resume it)");
        }
        List<BenchRecord> records = JmhJson.read(jmh, "cnnzoo");
        Path peerFile = folder.resolve("pytorch.json");
        List<BenchRecord> peers = Files.isRegularFile(peerFile) ? JmhJson.read(peerFile, "pytorch") : List.of();
        BenchReport report = new BenchReport(records, peers, PEER_NAME);
        List<String> charts = new BenchCharts(report, PEER_NAME).writeAll(folder.resolve("charts"));

        StringBuilder md = new StringBuilder("# cnnzoo bench: ").append(text(folder.resolve("run.json"), "preset"))
                .append("\n\n");
        md.append(environment(folder.resolve("environment.json")));
        md.append(peers.isEmpty() ? "\nNo peer in this run (`cnnzoo bench --peer pytorch` adds PyTorch's figures).\n"
                : "\n" + PEER_NAME + "'s figures come from `pytorch_bench.py` run after the JMH part, on the same "
                + "cores with the same preset and timing (" + peerDescription(peerFile) + ").\n");
        md.append("\nFigures are JMH's means with the half-width of their 99.9% confidence interval (±); "
                + "\"cnnzoo / " + PEER_NAME + "\" above 1 means cnnzoo is faster.\n\n");
        md.append(report.markdown());
        if (!charts.isEmpty()) {
            md.append("## Charts\n\n");
            for (String chart : charts) {
                md.append("![").append(chart).append("](charts/").append(chart).append(".png)\n\n");
            }
        }
        AtomicFiles.writeString(folder.resolve(REPORT), md.toString());
        return charts;
    }

    private static String environment(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "The run folder has no environment.json.\n";
        }
        JsonNode env = read(file);
        MarkdownTable t = new MarkdownTable("setting", "value");
        for (Map.Entry<String, JsonNode> e : env.properties()) {
            t.row(e.getKey(), e.getValue().asText());
        }
        return t.render();
    }

    private static String peerDescription(Path peerFile) throws IOException {
        JsonNode records = read(peerFile);
        JsonNode first = records.path(0);
        return first.path("vmVersion").asText("torch ?") + ", " + first.path("nativeThreads").asText("?")
                + " threads, malloc: " + first.path("malloc").asText("?");
    }

    private static String text(Path file, String field) throws IOException {
        return Files.isRegularFile(file) ? read(file).path(field).asText("?") : "?";
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException(file + ": not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IOException(file + ": not JSON: " + e.getMessage(), e);
        }
    }
}
