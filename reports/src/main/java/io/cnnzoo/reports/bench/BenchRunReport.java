package io.cnnzoo.reports.bench;

import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.RunKind;
import io.cnnzoo.reports.html.HtmlReport;
import io.cnnzoo.reports.html.RunEnvironment;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a bench run folder (written by {@code cnnzoo bench}; schema in docs/benchmarks.md) into
 * {@value #REPORT}, {@value #HTML} (the same content as one self-contained page, its charts inline) and
 * {@code charts/}: the run's environment, then {@link BenchReport}'s tables and the charts. Reads nothing but the folder, so any run can be re-rendered later.
 */
public final class BenchRunReport {

    public static final String REPORT = "report.md";
    public static final String HTML = "report.html";

    static final String PEER_NAME = "PyTorch";

    private BenchRunReport() {
    }

    /** Writes report.md and the charts; returns the charts' base names. */
    public static List<String> render(Path folder) throws IOException {
        Path jmh = folder.resolve("jmh.json");
        if (!Files.isRegularFile(jmh)) {
            throw new NoSuchFileException(jmh.toString(), null, "not a bench run folder, or its run did not "
                    + "finish a selection yet (run the same cnnzoo bench command again to resume it)");
        }
        JsonNode run = RunKind.checkSchema(folder);
        RunEnvironment environment = RunEnvironment.of(folder);
        List<BenchRecord> records = JmhJson.read(jmh, "cnnzoo");
        Path peerFile = folder.resolve("pytorch.json");
        List<BenchRecord> peers = Files.isRegularFile(peerFile) ? JmhJson.read(peerFile, "pytorch") : List.of();
        BenchReport report = new BenchReport(records, peers, PEER_NAME);
        List<BenchCharts.Written> written = new BenchCharts(report, PEER_NAME).writeAll(folder.resolve("charts"));
        List<String> charts = written.stream().map(BenchCharts.Written::name).toList();

        String title = "cnnzoo bench: " + run.path("preset").asText("?") + " preset";
        String env = environment.markdown();
        StringBuilder body = new StringBuilder();
        body.append(peers.isEmpty() ? "No peer in this run (`cnnzoo bench --peer pytorch` adds PyTorch's figures).\n"
                : PEER_NAME + "'s figures come from `pytorch_bench.py` run after the JMH part, on the same "
                + "cores with the same preset and timing (" + peerDescription(peerFile) + ").\n");
        body.append("\nFigures are JMH's means with the half-width of their 99.9% confidence interval (±); "
                + "\"cnnzoo / " + PEER_NAME + "\" above 1 means cnnzoo is faster.\n\n");
        body.append(report.markdown(section -> written.stream().filter(w -> w.section().equals(section))
                .map(BenchCharts.Written::name).toList()));
        AtomicFiles.writeString(folder.resolve(REPORT), "# " + title + "\n\n" + env + "\n" + body);

        java.util.Map<String, String> svgs = new java.util.LinkedHashMap<>();
        written.forEach(w -> svgs.put("charts/" + w.name() + ".png", w.svg()));
        AtomicFiles.writeString(folder.resolve(HTML), HtmlReport.render(title,
                "Run " + run.path("started").asText("?") + " to " + run.path("finished").asText("?"),
                environment.facts(), report.headlines(), body + "## Environment\n\n" + env,
                svgs));
        return charts;
    }

    private static String peerDescription(Path peerFile) throws IOException {
        JsonNode records = read(peerFile);
        JsonNode first = records.path(0);
        return first.path("vmVersion").asText("torch ?") + ", " + first.path("nativeThreads").asText("?")
                + " threads, malloc: " + first.path("malloc").asText("?");
    }

    private static JsonNode read(Path file) throws IOException {
        return RunEnvironment.readJson(file);
    }
}
