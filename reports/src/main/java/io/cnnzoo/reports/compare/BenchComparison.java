package io.cnnzoo.reports.compare;

import io.cnnzoo.reports.bench.BenchRecord;
import io.cnnzoo.reports.bench.JmhJson;
import io.cnnzoo.reports.bench.Metric;
import io.cnnzoo.reports.chart.Chart;
import io.cnnzoo.reports.html.HtmlReport;
import io.cnnzoo.reports.markdown.MarkdownTable;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Bench runs side by side: every benchmark with the same parameters in the first run (the baseline) and a later
 * one, the speed ratio (above 1: the later run is faster; JMH's ops/s and ms/op both read that way), and whether
 * the two 99.9% confidence intervals overlap, in which case the difference is called noise, not a win.
 */
final class BenchComparison {

    /** One benchmark case measured by the baseline and by another run. */
    record Row(String benchmark, String work, Metric baseline, Metric other) {

        /** How many times faster {@code other} ran: a time per operation inverts. */
        double speedup() {
            boolean timePerOp = baseline.unit().endsWith("/op");
            return timePerOp ? baseline.score() / other.score() : other.score() / baseline.score();
        }

        /** Whether the intervals score ± error overlap; without an interval (one iteration) nothing is known. */
        boolean overlaps() {
            if (Double.isNaN(baseline.error()) || Double.isNaN(other.error())) {
                return true;
            }
            return baseline.score() - baseline.error() <= other.score() + other.error()
                    && other.score() - other.error() <= baseline.score() + baseline.error();
        }

        String verdict(String baselineName, String otherName) {
            if (Double.isNaN(baseline.error()) || Double.isNaN(other.error())) {
                return "no interval (one iteration)";
            }
            if (overlaps()) {
                return "within noise: the intervals overlap";
            }
            return (speedup() > 1 ? otherName : baselineName) + " faster";
        }
    }

    private final List<String> names;
    private final List<List<Row>> rows = new ArrayList<>();

    private BenchComparison(List<String> names) {
        this.names = names;
    }

    static BenchComparison of(List<Path> runs, List<String> names) throws IOException {
        BenchComparison c = new BenchComparison(names);
        Map<String, BenchRecord> baseline = byCase(JmhJson.read(runs.get(0).resolve("jmh.json"), "cnnzoo"));
        for (Path run : runs.subList(1, runs.size())) {
            Map<String, BenchRecord> other = byCase(JmhJson.read(run.resolve("jmh.json"), "cnnzoo"));
            List<Row> matched = new ArrayList<>();
            baseline.forEach((key, b) -> {
                BenchRecord o = other.get(key);
                if (o != null && o.primary().unit().equals(b.primary().unit())) {
                    matched.add(new Row(b.benchmark(), work(b), b.primary(), o.primary()));
                }
            });
            c.rows.add(matched);
        }
        return c;
    }

    /** The Markdown body: per later run, a summary line and the table of every shared case. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Each later run against the first, **").append(names.get(0)).append("**, on every benchmark case both "
                + "measured (same benchmark, same parameters). \"Speed-up\" above 1 means the later run is faster. A "
                + "difference whose 99.9% confidence intervals overlap is reported as noise.\n\n");
        for (int i = 0; i < rows.size(); i++) {
            String other = names.get(i + 1);
            List<Row> r = rows.get(i);
            md.append("## ").append(other).append(" against ").append(names.get(0)).append("\n\n");
            if (r.isEmpty()) {
                md.append("No benchmark case was measured by both runs.\n\n");
                continue;
            }
            md.append(String.format(Locale.ROOT, "%d shared cases: %s faster in %d, %s faster in %d, within noise in "
                            + "%d. Geometric mean speed-up %.2fx.%n%n", r.size(), other, count(r, true), names.get(0),
                    count(r, false), r.size() - count(r, true) - count(r, false), geometricMean(r)));
            MarkdownTable t = new MarkdownTable("benchmark", "work", ">" + names.get(0), ">±", ">" + other, ">±",
                    "unit", ">speed-up", "verdict");
            for (Row row : r) {
                t.row(row.benchmark(), row.work(), format(row.baseline().score()), format(row.baseline().error()),
                        format(row.other().score()), format(row.other().error()), row.baseline().unit(),
                        String.format(Locale.ROOT, "%.2f", row.speedup()), row.verdict(names.get(0), other));
            }
            md.append(t.render()).append("\n![speed-up](charts/speedup-").append(i + 1).append(".png)\n\n");
        }
        return md.toString();
    }

    List<HtmlReport.Headline> headlines() {
        List<HtmlReport.Headline> headlines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Row> r = rows.get(i);
            String other = names.get(i + 1);
            if (r.isEmpty()) {
                headlines.add(HtmlReport.Headline.of(other + " / " + names.get(0), "no shared case", ""));
                continue;
            }
            headlines.add(HtmlReport.Headline.of(other + " / " + names.get(0) + ": geometric mean speed-up",
                    String.format(Locale.ROOT, "%.2fx", geometricMean(r)), r.size() + " shared cases"));
            headlines.add(HtmlReport.Headline.of("faster beyond noise", count(r, true) + " / " + count(r, false),
                    other + " faster / " + names.get(0) + " faster; " + (r.size() - count(r, true) - count(r, false))
                            + " within noise"));
        }
        return headlines;
    }

    /** Per later run: the speed-up of each case as a bar, 1 marked, cases within noise grey. */
    List<Chart> charts() {
        List<Chart> charts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Row> r = rows.get(i);
            if (r.isEmpty()) {
                continue;
            }
            List<String> cases = r.stream().map(row -> row.benchmark() + " " + row.work().replaceAll("[a-z]+=", ""))
                    .toList();
            double[] beyond = new double[r.size()];
            double[] noise = new double[r.size()];
            for (int k = 0; k < r.size(); k++) {
                boolean overlaps = r.get(k).overlaps();
                beyond[k] = overlaps ? Double.NaN : r.get(k).speedup();
                noise[k] = overlaps ? r.get(k).speedup() : Double.NaN;
            }
            charts.add(Chart.bars(names.get(i + 1) + " against " + names.get(0) + " (speed-up, x)",
                    Chart.Axis.of("speed-up (x), above 1: " + names.get(i + 1) + " faster"), cases,
                    List.of(Chart.Series.bars("beyond noise", new Color(0x00, 0x72, 0xB2), beyond, null),
                            Chart.Series.bars("within noise (intervals overlap)", new Color(0xAA, 0xAA, 0xAA), noise,
                                    null)),
                    List.of(new Chart.Reference("equal", 1, Color.BLACK))));
        }
        return charts;
    }

    private static long count(List<Row> rows, boolean otherFaster) {
        return rows.stream().filter(r -> !r.overlaps() && (r.speedup() > 1) == otherFaster).count();
    }

    private static double geometricMean(List<Row> rows) {
        return Math.exp(rows.stream().mapToDouble(r -> Math.log(r.speedup())).average().orElse(0));
    }

    private static Map<String, BenchRecord> byCase(List<BenchRecord> records) {
        Map<String, BenchRecord> byCase = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            byCase.put(r.benchmark() + " " + new TreeMap<>(r.params()), r);
        }
        return byCase;
    }

    private static String work(BenchRecord r) {
        return new TreeMap<>(r.params()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.3g", v);
    }
}
