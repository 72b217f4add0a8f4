package io.cnnzoo.reports.bench;

import io.cnnzoo.io.AtomicFiles;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The bench report's charts, each written as PNG and SVG: GFLOP/s per compute benchmark with the
 * roofline drawn across, GB/s per memory-bound benchmark, images/s per model, time per step against depth with the fitted lines, and
 * training error against depth (plain dashed, residual solid, as in He et al. 2016).
 */
public final class BenchCharts {

    private static final Color CNNZOO = new Color(0x00, 0x72, 0xB2);
    private static final Color PEER = new Color(0xE6, 0x9F, 0x00);
    private static final Color OTHER_PATH = new Color(0x99, 0x99, 0x99);

    private final BenchReport report;
    private final String peerName;

    public BenchCharts(BenchReport report, String peerName) {
        this.report = report;
        this.peerName = peerName;
    }

    /** Writes every chart the report has data for into {@code dir}; returns their base names. */
    public List<String> writeAll(Path dir) throws IOException {
        List<String> written = new ArrayList<>();
        Optional<CategoryChart> compute = figureChart(report.computeRows(), "GFLOP/s", "Compute-bound benchmarks",
                true);
        if (compute.isPresent()) {
            write(compute.get(), dir, "compute", written);
        }
        Optional<CategoryChart> memory = figureChart(report.memoryRows(), "GB/s", "Memory-bound benchmarks", false);
        if (memory.isPresent()) {
            write(memory.get(), dir, "memory", written);
        }
        Optional<CategoryChart> models = figureChart(report.modelRows(), "images/s", "Whole models", false);
        if (models.isPresent()) {
            write(models.get(), dir, "models", written);
        }
        if (!report.depthSeries().isEmpty()) {
            write(depthChart(), dir, "depth-time", written);
        }
        if (!report.trainingErrorByDepth().isEmpty()) {
            write(errorChart(), dir, "depth-error", written);
        }
        return written;
    }

    /** Bars per benchmark and path, the peer's bars beside them, and (for compute) the roofline across. */
    Optional<CategoryChart> figureChart(List<BenchReport.Row> rows, String unit, String title, boolean roofline) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<String> categories = rows.stream().map(BenchCharts::category).distinct().toList();
        Map<String, double[]> series = new LinkedHashMap<>();
        double[] peer = new double[categories.size()];
        boolean anyPeer = false;
        for (BenchReport.Row row : rows) {
            int i = categories.indexOf(category(row));
            String path = row.record().params().getOrDefault("path", "cnnzoo");
            series.computeIfAbsent(path.equals("cnnzoo") ? "cnnzoo" : "path " + path,
                    k -> new double[categories.size()])[i] = row.figure().score();
            if (row.peer().isPresent()) {
                peer[i] = row.peer().get().score();
                anyPeer = true;
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(640).title(title)
                .xAxisTitle("").yAxisTitle(unit).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(30);
        double[] positive = rows.stream().flatMap(r -> java.util.stream.Stream.concat(
                java.util.stream.Stream.of(r.figure()), r.peer().stream())).mapToDouble(Metric::score)
                .filter(v -> v > 0).toArray();
        double min = Arrays.stream(positive).min().orElse(1);
        double max = Arrays.stream(positive).max().orElse(1);
        if (!roofline && max / min >= 10) {
            // Images/s span 1,000x (LeNet-5 against ResNet-50): a log axis. XChart starts bars at 0 unless
            // the axis minimum is set, which a log axis cannot; and it labels a log axis only at powers of
            // ten, so narrower ranges stay linear.
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(min / 2);
        }
        series.forEach((name, values) -> {
            CategorySeries s = chart.addSeries(name, categories, box(values));
            s.setFillColor(name.equals("cnnzoo") ? CNNZOO : OTHER_PATH);
        });
        if (anyPeer) {
            chart.addSeries(peerName, categories, box(peer)).setFillColor(PEER);
        }
        if (roofline) {
            report.roofline().sgemmGflops().ifPresent(g -> line(chart, "SGEMM roofline", categories, g,
                    Color.BLACK));
            report.roofline().fmaPeakGflops().ifPresent(g -> line(chart, "FMA peak", categories, g,
                    Color.RED));
        }
        return Optional.of(chart);
    }

    XYChart depthChart() {
        XYChart chart = new XYChartBuilder().width(960).height(600).title("Time per training step against depth")
                .xAxisTitle("depth (layers)").yAxisTitle("ms per step").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(0.0);
        for (BenchReport.DepthSeries s : report.depthSeries()) {
            // cnnzoo blue, the peer orange, other paths grey; plain dashed, residual solid (He et al. 2016).
            Color c = s.net().endsWith("(" + peerName + ")") ? PEER : s.net().contains("(") ? OTHER_PATH : CNNZOO;
            XYSeries points = chart.addSeries(s.net(), s.depths(), Arrays.stream(s.seconds()).map(t -> 1000 * t)
                    .toArray());
            points.setLineStyle(SeriesLines.NONE);
            points.setMarker(s.net().startsWith("plain") ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            points.setMarkerColor(c);
            if (s.fit() != null) {
                double maxDepth = Arrays.stream(s.depths()).max().orElse(0);
                XYSeries fit = chart.addSeries(s.net() + " fit through 0", new double[]{0, maxDepth},
                        new double[]{0, 1000 * s.fit().at(maxDepth)});
                fit.setMarker(SeriesMarkers.NONE);
                fit.setLineColor(c);
                fit.setLineStyle(s.net().startsWith("plain") ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            }
        }
        return chart;
    }

    XYChart errorChart() {
        XYChart chart = new XYChartBuilder().width(960).height(600).title("Training error against depth")
                .xAxisTitle("depth (layers)").yAxisTitle("training error (%)").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        for (Map.Entry<String, TreeMap<Integer, Metric>> net : report.trainingErrorByDepth().entrySet()) {
            double[] d = net.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] e = net.getValue().values().stream().mapToDouble(m -> 100 * m.score()).toArray();
            XYSeries s = chart.addSeries(net.getKey(), d, e);
            boolean plain = net.getKey().startsWith("plain");
            s.setLineStyle(plain ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            s.setMarker(plain ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            s.setLineColor(plain ? PEER : CNNZOO);
            s.setMarkerColor(plain ? PEER : CNNZOO);
        }
        return chart;
    }

    private static String category(BenchReport.Row row) {
        return row.record().method() + " " + row.work().replaceAll("[a-z]+=", "");
    }

    private static void line(CategoryChart chart, String name, List<String> categories, double value, Color c) {
        double[] values = new double[categories.size()];
        Arrays.fill(values, value);
        CategorySeries s = chart.addSeries(name, categories, box(values));
        s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        s.setLineColor(c);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static List<Double> box(double[] values) {
        // XChart skips nulls: a benchmark the peer did not run gets no bar rather than a zero.
        List<Double> boxed = new ArrayList<>();
        for (double v : values) {
            boxed.add(v == 0 ? null : v);
        }
        return boxed;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
    }

    private static void write(Chart<?, ?> chart, Path dir, String name, List<String> written) throws IOException {
        AtomicFiles.write(dir.resolve(name + ".png"),
                out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        AtomicFiles.write(dir.resolve(name + ".svg"),
                out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                        VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        written.add(name);
    }
}
