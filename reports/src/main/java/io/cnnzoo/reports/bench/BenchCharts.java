package io.cnnzoo.reports.bench;

import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.chart.Chart;
import io.cnnzoo.reports.chart.PngChart;
import io.cnnzoo.reports.chart.SvgChart;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bench report's charts, each written as PNG and SVG: GFLOP/s per compute benchmark, one chart per kind
 * of layer, with the roofline across; GB/s per memory-bound benchmark; images/s per model; time per step
 * against depth with the fitted lines; training error against depth (plain dashed, residual solid, as in He
 * et al. 2016). Bars carry JMH's 99.9% confidence interval as error bars.
 */
public final class BenchCharts {

    /** A chart, the base name of its files and the report section it belongs under. */
    public record Named(String name, String section, Chart chart) {
    }

    /** A chart written: its base name, its section and its SVG (for a page that inlines it). */
    public record Written(String name, String section, String svg) {
    }

    static final Color CNNZOO = new Color(0x00, 0x72, 0xB2);
    static final Color PEER = new Color(0xE6, 0x9F, 0x00);
    private static final Color OTHER_PATH = new Color(0x99, 0x99, 0x99);

    private final BenchReport report;
    private final String peerName;

    public BenchCharts(BenchReport report, String peerName) {
        this.report = report;
        this.peerName = peerName;
    }

    /** Every chart the report has data for, in reading order. */
    public List<Named> charts() {
        List<Named> charts = new ArrayList<>();
        Map<String, List<BenchReport.Row>> computeByKind = new LinkedHashMap<>();
        for (BenchReport.Row row : report.computeRows()) {
            computeByKind.computeIfAbsent(row.kind(), k -> new ArrayList<>()).add(row);
        }
        computeByKind.forEach((kind, rows) -> charts.add(new Named("compute-" + fileName(kind), "compute",
                figureChart(rows, "GFLOP/s", kind + ": compute-bound", true))));
        if (!report.memoryRows().isEmpty()) {
            charts.add(new Named("memory", "memory", figureChart(report.memoryRows(), "GB/s", "Memory-bound layers",
                    false)));
        }
        if (!report.modelRows().isEmpty()) {
            charts.add(new Named("models", "models", figureChart(report.modelRows(), "images/s", "Whole models",
                    false)));
        }
        if (!report.depthSeries().isEmpty()) {
            charts.add(new Named("depth-time", "depth-time", depthChart()));
        }
        if (!report.trainingErrorByDepth().isEmpty()) {
            charts.add(new Named("depth-error", "depth-error", errorChart()));
        }
        return charts;
    }

    /** Writes every chart into {@code dir} as NAME.png and NAME.svg; returns them. */
    public List<Written> writeAll(Path dir) throws IOException {
        List<Written> written = new ArrayList<>();
        for (Named n : charts()) {
            PngChart.write(n.chart(), dir.resolve(n.name() + ".png"));
            String svg = SvgChart.render(n.chart());
            AtomicFiles.writeString(dir.resolve(n.name() + ".svg"), svg);
            written.add(new Written(n.name(), n.section(), svg));
        }
        return written;
    }

    private static String fileName(String kind) {
        return kind.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    /** Bars per benchmark and path, the peer's bars beside them, and (for compute) the roofline across. */
    Chart figureChart(List<BenchReport.Row> rows, String unit, String title, boolean roofline) {
        // the kind joins the label where a chart holds several (batch norm and ReLU share method and shapes)
        boolean kinds = rows.stream().map(BenchReport.Row::kind).distinct().count() > 1;
        java.util.function.Function<BenchReport.Row, String> category = row -> (kinds ? row.kind() + " " : "")
                + category(row);
        List<String> categories = rows.stream().map(category).distinct().toList();
        Map<String, double[][]> series = new LinkedHashMap<>();
        double[][] peer = nanPair(categories.size());
        boolean anyPeer = false;
        for (BenchReport.Row row : rows) {
            int i = categories.indexOf(category.apply(row));
            String path = row.record().params().getOrDefault("path", "cnnzoo");
            double[][] s = series.computeIfAbsent(path.equals("cnnzoo") ? "cnnzoo" : "path " + path,
                    k -> nanPair(categories.size()));
            if (!Double.isNaN(s[0][i])) {
                continue; // the same case measured twice (two selections, say): the table lists both, the bar the first
            }
            s[0][i] = row.figure().score();
            s[1][i] = row.figure().error();
            if (row.peer().isPresent()) {
                peer[0][i] = row.peer().get().score();
                peer[1][i] = row.peer().get().error();
                anyPeer = true;
            }
        }
        List<Chart.Series> bars = new ArrayList<>();
        series.forEach((name, v) -> bars.add(Chart.Series.bars(name, name.equals("cnnzoo") ? CNNZOO : OTHER_PATH,
                v[0], v[1])));
        if (anyPeer) {
            bars.add(Chart.Series.bars(peerName, PEER, peer[0], peer[1]));
        }
        List<Chart.Reference> references = new ArrayList<>();
        if (roofline) {
            report.roofline().sgemmGflops().ifPresent(g -> references.add(new Chart.Reference("SGEMM roofline", g,
                    Color.BLACK)));
            report.roofline().fmaPeakGflops().ifPresent(g -> references.add(new Chart.Reference("FMA peak", g,
                    new Color(0xC0, 0x00, 0x00))));
        }
        double[] positive = bars.stream().flatMapToDouble(s -> Arrays.stream(s.y())).filter(v -> v > 0).toArray();
        double min = Arrays.stream(positive).min().orElse(1);
        double max = Arrays.stream(positive).max().orElse(1);
        // images/s span 1,000x (LeNet-5 against ResNet-50): a log axis, or the small models' bars vanish
        Chart.Axis axis = Chart.Axis.of(unit);
        if (!roofline && max / min >= 10) {
            axis = axis.logarithmic();
        }
        return Chart.bars(title + " (" + unit + ", ±99.9% CI)", axis, categories, bars, references);
    }

    Chart depthChart() {
        List<Chart.Series> series = new ArrayList<>();
        for (BenchReport.DepthSeries s : report.depthSeries()) {
            // cnnzoo blue, the peer orange, other paths grey; plain dashed, residual solid (He et al. 2016).
            Color c = s.net().endsWith("(" + peerName + ")") ? PEER : s.net().contains("(") ? OTHER_PATH : CNNZOO;
            boolean plain = s.net().startsWith("plain");
            series.add(Chart.Series.line(s.net(), c, Chart.Line.NONE, plain ? Chart.Marker.DIAMOND
                    : Chart.Marker.CIRCLE, s.depths(), Arrays.stream(s.seconds()).map(t -> 1000 * t).toArray()));
            if (s.fit() != null) {
                double maxDepth = Arrays.stream(s.depths()).max().orElse(0);
                series.add(Chart.Series.line(s.net() + " fit through 0", c, plain ? Chart.Line.DASHED
                                : Chart.Line.SOLID, Chart.Marker.NONE, new double[]{0, maxDepth},
                        new double[]{0, 1000 * s.fit().at(maxDepth)}));
            }
        }
        return Chart.xy("Time per training step against depth", Chart.Axis.of("depth (layers)").integers().from(0),
                Chart.Axis.of("time per step (ms)").from(0), series, List.of());
    }

    Chart errorChart() {
        List<Chart.Series> series = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, Metric>> net : report.trainingErrorByDepth().entrySet()) {
            double[] d = net.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] e = net.getValue().values().stream().mapToDouble(m -> 100 * m.score()).toArray();
            boolean plain = net.getKey().startsWith("plain");
            series.add(Chart.Series.line(net.getKey(), plain ? PEER : CNNZOO, plain ? Chart.Line.DASHED
                    : Chart.Line.SOLID, plain ? Chart.Marker.DIAMOND : Chart.Marker.CIRCLE, d, e));
        }
        return Chart.xy("Training error against depth", Chart.Axis.of("depth (layers)").integers(),
                Chart.Axis.of("training error (%)").from(0), series, List.of());
    }

    private static String category(BenchReport.Row row) {
        return row.record().method() + " " + row.work().replaceAll("[a-z]+=", "");
    }

    private static double[][] nanPair(int n) {
        double[][] pair = new double[2][n];
        Arrays.fill(pair[0], Double.NaN);
        Arrays.fill(pair[1], Double.NaN);
        return pair;
    }
}
