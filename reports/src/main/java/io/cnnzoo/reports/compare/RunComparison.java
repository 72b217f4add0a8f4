package io.cnnzoo.reports.compare;

import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.RunKind;
import io.cnnzoo.reports.chart.Chart;
import io.cnnzoo.reports.chart.PngChart;
import io.cnnzoo.reports.chart.SvgChart;
import io.cnnzoo.reports.html.HtmlReport;
import io.cnnzoo.reports.html.RunEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cnnzoo report compare RUN_A RUN_B [...]}: runs of one kind side by side, written as compare.md,
 * compare.html (self-contained) and charts/ into an output folder. Bench runs compare benchmark by benchmark
 * ({@link BenchComparison}), experiment runs by their curves and final errors ({@link ExperimentComparison}).
 */
public final class RunComparison {

    public static final String MARKDOWN = "compare.md";
    public static final String HTML = "compare.html";

    private RunComparison() {
    }

    /** Writes the comparison of {@code runs} (the first is the baseline) into {@code out}. */
    public static Path write(List<Path> runs, Path out) throws IOException {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("compare needs two run folders or more, got " + runs.size());
        }
        RunKind kind = RunKind.of(runs.get(0));
        for (Path run : runs) {
            RunKind other = RunKind.of(run);
            if (other != kind) {
                throw new IllegalArgumentException(run + " is " + other.description() + ", " + runs.get(0) + " "
                        + kind.description() + ": compare runs of one kind");
            }
            if (kind == RunKind.EXPERIMENT && !Files.isRegularFile(run.resolve("curves.csv"))) {
                throw new IllegalArgumentException(run + " has no curves.csv yet: its run has not trained a step");
            }
        }
        List<String> names = names(runs);
        String title;
        String markdown;
        List<HtmlReport.Headline> headlines;
        Map<String, Chart> charts;
        if (kind == RunKind.BENCH) {
            BenchComparison c = BenchComparison.of(runs, names);
            title = "cnnzoo bench runs compared";
            markdown = c.markdown();
            headlines = c.headlines();
            charts = c.charts();
        } else {
            ExperimentComparison c = ExperimentComparison.of(runs, names);
            title = "cnnzoo experiment runs compared";
            markdown = c.markdown();
            headlines = c.headlines();
            charts = c.charts();
        }
        Files.createDirectories(out.resolve("charts"));
        Map<String, String> svgs = new LinkedHashMap<>();
        for (Map.Entry<String, Chart> chart : charts.entrySet()) {
            String svg = SvgChart.render(chart.getValue());
            PngChart.write(chart.getValue(), out.resolve("charts").resolve(chart.getKey() + ".png"));
            AtomicFiles.writeString(out.resolve("charts").resolve(chart.getKey() + ".svg"), svg);
            svgs.put("charts/" + chart.getKey() + ".png", svg);
        }
        StringBuilder sources = new StringBuilder("## Runs\n\n");
        for (int i = 0; i < runs.size(); i++) {
            sources.append("- **").append(names.get(i)).append("**: `").append(runs.get(i)).append("`\n");
        }
        String body = markdown + sources;
        AtomicFiles.writeString(out.resolve(MARKDOWN), "# " + title + "\n\n" + body);
        List<HtmlReport.Fact> facts = new ArrayList<>();
        Set<String> machines = new LinkedHashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            RunEnvironment env = RunEnvironment.of(runs.get(i));
            machines.add(env.machine());
            facts.add(new HtmlReport.Fact(names.get(i), env.machine() + "; " + env.build()));
        }
        if (machines.size() > 1) {
            facts.add(new HtmlReport.Fact("note", "the runs' machines differ: a difference may be the machine's"));
        }
        AtomicFiles.writeString(out.resolve(HTML), HtmlReport.render(title, String.join(" vs ", names), facts,
                headlines, body, svgs, "./cnnzoo report compare " + String.join(" ", runs.stream()
                        .map(Path::toString).toList())));
        return out;
    }

    /** The folders' names, made unique by their parents where two are alike. */
    private static List<String> names(List<Path> runs) {
        List<String> names = new ArrayList<>();
        for (Path run : runs) {
            Path abs = run.toAbsolutePath().normalize();
            String name = abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
            while (names.contains(name) && abs.getParent() != null) {
                abs = abs.getParent();
                name = (abs.getFileName() == null ? "" : abs.getFileName() + "/") + name;
            }
            names.add(name);
        }
        return names;
    }
}
