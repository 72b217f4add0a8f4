package io.cnnzoo.reports.bench;

import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.html.HtmlReport;
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
 * {@value #REPORT}, {@value #HTML} (the same content as one self-contained page, its charts inline) and
 * {@code charts/}: the run's environment, then {@link BenchReport}'s tables and the charts. Reads nothing but the folder, so any run can be re-rendered later.
 */
public final class BenchRunReport {

    public static final String REPORT = "report.md";
    public static final String HTML = "report.html";

    /** The newest run.json schema this code reads; older ones render, newer ones are refused. */
    public static final int SCHEMA = 1;
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
        JsonNode run = runJson(folder.resolve("run.json"));
        List<BenchRecord> records = JmhJson.read(jmh, "cnnzoo");
        Path peerFile = folder.resolve("pytorch.json");
        List<BenchRecord> peers = Files.isRegularFile(peerFile) ? JmhJson.read(peerFile, "pytorch") : List.of();
        BenchReport report = new BenchReport(records, peers, PEER_NAME);
        List<String> charts = new BenchCharts(report, PEER_NAME).writeAll(folder.resolve("charts"));

        String title = "cnnzoo bench: " + run.path("preset").asText("?") + " preset";
        String env = environment(folder.resolve("environment.json"));
        StringBuilder body = new StringBuilder();
        body.append(peers.isEmpty() ? "No peer in this run (`cnnzoo bench --peer pytorch` adds PyTorch's figures).\n"
                : PEER_NAME + "'s figures come from `pytorch_bench.py` run after the JMH part, on the same "
                + "cores with the same preset and timing (" + peerDescription(peerFile) + ").\n");
        body.append("\nFigures are JMH's means with the half-width of their 99.9% confidence interval (±); "
                + "\"cnnzoo / " + PEER_NAME + "\" above 1 means cnnzoo is faster.\n\n");
        body.append(report.markdown());
        if (!charts.isEmpty()) {
            body.append("## Charts\n\n");
            for (String chart : charts) {
                body.append("![").append(chart).append("](charts/").append(chart).append(".png)\n\n");
            }
        }
        AtomicFiles.writeString(folder.resolve(REPORT), "# " + title + "\n\n" + env + "\n" + body);

        Map<String, String> svgs = new java.util.LinkedHashMap<>();
        for (String chart : charts) {
            svgs.put("charts/" + chart + ".png", Files.readString(folder.resolve("charts").resolve(chart + ".svg")));
        }
        AtomicFiles.writeString(folder.resolve(HTML), HtmlReport.render(title,
                "Run " + run.path("started").asText("?") + " to " + run.path("finished").asText("?"),
                facts(folder.resolve("environment.json")), report.headlines(), body + "## Environment\n\n" + env,
                svgs));
        return charts;
    }

    /** run.json, checked to be of a schema this code reads (a folder without one predates it: schema 1). */
    static JsonNode runJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        JsonNode run = read(file);
        int schema = run.path("schema").asInt(1);
        if (schema > SCHEMA) {
            throw new IOException(file + ": schema " + schema + " is newer than this cnnzoo reads (up to " + SCHEMA
                    + "); render it with the cnnzoo that wrote it, or a newer one");
        }
        return run;
    }

    /** The environment's key facts for the page's header: machine, backend, versions, commit. */
    private static List<HtmlReport.Fact> facts(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of(new HtmlReport.Fact("environment", "not recorded (no environment.json)"));
        }
        JsonNode env = read(file);
        List<HtmlReport.Fact> facts = new java.util.ArrayList<>();
        facts.add(new HtmlReport.Fact("machine", env.path("cpu").asText("?") + ", " + env.path("logicalProcessors")
                .asText("?") + " logical CPUs, " + env.path("os").asText("?")));
        facts.add(new HtmlReport.Fact("backend", env.path("nd4jBackend").asText("?") + ", BLAS "
                + env.path("blasVendor").asText("?") + ", oneDNN helpers " + env.path("cnnzooHelpers").asText("?")));
        facts.add(new HtmlReport.Fact("versions", env.path("jvm").asText("?")));
        facts.add(new HtmlReport.Fact("cnnzoo", env.path("cnnzoo").asText("?")));
        return facts;
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
