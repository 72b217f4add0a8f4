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

    /** How a case compares, from the two runs' 99.9% confidence intervals. */
    enum Verdict { FASTER, SLOWER, NOISE, NO_INTERVAL }

    /** One benchmark case measured by the baseline and by another run. */
    record Row(String benchmark, String work, Metric baseline, Metric other) {

        /** How many times faster {@code other} ran, both read as operations per second. */
        double speedup() {
            return opsPerSecond(other.score(), other.unit()) / opsPerSecond(baseline.score(), baseline.unit());
        }

        /**
         * FASTER or SLOWER when the intervals score ± error lie apart, NOISE when they overlap, NO_INTERVAL when a
         * run measured once (JMH gives no interval then, and one measurement proves nothing either way).
         */
        Verdict verdict() {
            if (Double.isNaN(baseline.error()) || Double.isNaN(other.error())) {
                return Verdict.NO_INTERVAL;
            }
            double[] b = interval(baseline);
            double[] o = interval(other);
            if (b[0] <= o[1] && o[0] <= b[1]) {
                return Verdict.NOISE;
            }
            return o[0] > b[1] ? Verdict.FASTER : Verdict.SLOWER;
        }

        String verdict(String baselineName, String otherName) {
            return switch (verdict()) {
                case FASTER -> otherName + " faster";
                case SLOWER -> baselineName + " faster";
                case NOISE -> "within noise: the intervals overlap";
                case NO_INTERVAL -> "no interval (one measurement)";
            };
        }

        /** score ± error as operations per second, low to high (a time per operation inverts). */
        private static double[] interval(Metric m) {
            double a = opsPerSecond(m.score() - m.error(), m.unit());
            double b = opsPerSecond(m.score() + m.error(), m.unit());
            if (m.unit().endsWith("/op") && m.score() - m.error() <= 0) {
                a = Double.POSITIVE_INFINITY; // a time interval reaching 0 allows any speed
            }
            return new double[]{Math.min(a, b), Math.max(a, b)};
        }
    }

    /** JMH's units as operations per second: ops/s, ops/ms, ... and s/op, ms/op, us/op, ns/op; NaN if unknown. */
    static double opsPerSecond(double value, String unit) {
        if (unit.startsWith("ops/")) {
            return value / seconds(unit.substring(4));
        }
        if (unit.endsWith("/op")) {
            return 1 / (value * seconds(unit.substring(0, unit.length() - 3)));
        }
        return Double.NaN;
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us", "µs" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> Double.NaN;
        };
    }

    private final List<String> names;
    private final List<List<Row>> rows = new ArrayList<>();
    /** Per later run: the cases only one of the two runs measured, or measured in a unit that does not convert. */
    private final List<List<String>> unmatched = new ArrayList<>();

    private BenchComparison(List<String> names) {
        this.names = names;
    }

    static BenchComparison of(List<Path> runs, List<String> names) throws IOException {
        BenchComparison c = new BenchComparison(names);
        Map<String, BenchRecord> baseline = byCase(JmhJson.read(runs.get(0).resolve("jmh.json"), "cnnzoo"));
        for (Path run : runs.subList(1, runs.size())) {
            Map<String, BenchRecord> other = byCase(JmhJson.read(run.resolve("jmh.json"), "cnnzoo"));
            List<Row> matched = new ArrayList<>();
            List<String> left = new ArrayList<>();
            baseline.forEach((key, b) -> {
                BenchRecord o = other.get(key);
                if (o == null) {
                    left.add(key + ": only in " + names.get(0));
                } else if (Double.isNaN(opsPerSecond(1, b.primary().unit()))
                        || Double.isNaN(opsPerSecond(1, o.primary().unit()))) {
                    left.add(key + ": units " + b.primary().unit() + " and " + o.primary().unit() + " do not convert");
                } else {
                    matched.add(new Row(b.benchmark(), work(b), b.primary(), o.primary()));
                }
            });
            other.keySet().stream().filter(key -> !baseline.containsKey(key))
                    .forEach(key -> left.add(key + ": only in " + names.get(c.rows.size() + 1)));
            c.rows.add(matched);
            c.unmatched.add(left);
        }
        return c;
    }

    /** The Markdown body: per later run, a summary line and the table of every shared case. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Each later run against the first, **").append(names.get(0)).append("**, on every benchmark case both "
                + "measured (same benchmark, same parameters). \"Speed-up\" above 1 means the later run is faster "
                + "(times per operation are inverted). A difference whose 99.9% confidence intervals overlap is "
                + "reported as noise, and a case measured once has no interval to judge by.\n\n");
        for (int i = 0; i < rows.size(); i++) {
            String other = names.get(i + 1);
            List<Row> r = rows.get(i);
            md.append("## ").append(other).append(" against ").append(names.get(0)).append("\n\n");
            List<String> left = unmatched.get(i);
            String notCompared = left.isEmpty() ? "" : String.format(Locale.ROOT, " Not compared (%d): %s.",
                    left.size(), String.join("; ", left));
            if (r.isEmpty()) {
                md.append("No benchmark case was measured by both runs.").append(notCompared).append("\n\n");
                continue;
            }
            md.append(String.format(Locale.ROOT, "%d shared cases: %s faster in %d, %s faster in %d, within noise in "
                            + "%d, without an interval in %d. Geometric mean speed-up %.2fx.", r.size(), other,
                    count(r, Verdict.FASTER), names.get(0), count(r, Verdict.SLOWER), count(r, Verdict.NOISE),
                    count(r, Verdict.NO_INTERVAL), geometricMean(r))).append(notCompared).append("\n\n");
            MarkdownTable t = new MarkdownTable("benchmark", "work", ">" + names.get(0), ">" + other, ">speed-up",
                    "verdict");
            for (Row row : r) {
                t.row(row.benchmark(), row.work(), withInterval(row.baseline()), withInterval(row.other()),
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
            headlines.add(HtmlReport.Headline.of("faster beyond noise", count(r, Verdict.FASTER) + " / "
                    + count(r, Verdict.SLOWER), other + " faster / " + names.get(0) + " faster; " + count(r,
                    Verdict.NOISE) + " within noise, " + count(r, Verdict.NO_INTERVAL) + " without an interval"));
        }
        return headlines;
    }

    /** Per later run that shares cases: the speed-up of each case as a bar, 1 marked, by its file name. */
    Map<String, Chart> charts() {
        Map<String, Chart> charts = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Row> r = rows.get(i);
            if (r.isEmpty()) {
                continue;
            }
            List<String> cases = r.stream().map(row -> row.benchmark().replace("Benchmark.", " ") + " "
                    + row.work().replaceAll("[a-z]+=", "")).toList();
            // one series per kind of verdict, so that a case's bar says in colour and legend what it proves
            Map<String, double[]> byVerdict = new LinkedHashMap<>();
            byVerdict.put("beyond noise", nans(r.size()));
            byVerdict.put("within noise (intervals overlap)", nans(r.size()));
            byVerdict.put("no interval (one measurement)", nans(r.size()));
            for (int k = 0; k < r.size(); k++) {
                Verdict v = r.get(k).verdict();
                String series = v == Verdict.NOISE ? "within noise (intervals overlap)"
                        : v == Verdict.NO_INTERVAL ? "no interval (one measurement)" : "beyond noise";
                byVerdict.get(series)[k] = r.get(k).speedup();
            }
            List<Color> colours = List.of(new Color(0x00, 0x72, 0xB2), new Color(0xAA, 0xAA, 0xAA),
                    new Color(0xE6, 0x9F, 0x00));
            List<Chart.Series> series = new ArrayList<>();
            int c = 0;
            for (Map.Entry<String, double[]> e : byVerdict.entrySet()) {
                Color colour = colours.get(c++);
                if (java.util.Arrays.stream(e.getValue()).anyMatch(v -> !Double.isNaN(v))) {
                    series.add(Chart.Series.bars(e.getKey(), colour, e.getValue(), null));
                }
            }
            charts.put("speedup-" + (i + 1), Chart.bars(names.get(i + 1) + " against " + names.get(0) + " (speed-up, x)",
                    Chart.Axis.of("speed-up (x), above 1: " + names.get(i + 1) + " faster"), cases, series,
                    List.of(new Chart.Reference("equal", 1, Color.BLACK))));
        }
        return charts;
    }

    private static long count(List<Row> rows, Verdict verdict) {
        return rows.stream().filter(r -> r.verdict() == verdict).count();
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    private static String withInterval(Metric m) {
        return format(m.score()) + (Double.isNaN(m.error()) ? "" : " ± " + format(m.error())) + " " + m.unit();
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
