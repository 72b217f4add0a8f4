package io.cnnzoo.reports.curves;

import io.cnnzoo.io.AtomicFiles;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Training error against iterations in the style of He et al. 2016, Fig. 6: one colour per depth,
 * plain nets dashed, residual nets solid. Lines are the mini-batch error averaged over a trailing
 * window (the raw per-batch error is too noisy to read); markers are the error on the fixed training
 * subset, evaluated in inference mode at checkpoints.
 */
public final class TrainingErrorChart {

    /** How one model's curve is drawn. */
    public record Style(boolean dashed, Color colour) {
    }

    /** Colours for successive depths, as in the paper's figures (then more). */
    public static final List<Color> DEPTH_COLOURS = List.of(new Color(0xE6, 0x9F, 0x00), new Color(0x00, 0x72, 0xB2),
            new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7),
            new Color(0x56, 0xB4, 0xE9));

    private final int window;
    private final String title;

    public TrainingErrorChart(String title, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("moving-average window must be >= 1, got " + window);
        }
        this.title = title;
        this.window = window;
    }

    public XYChart chart(List<CurveRow> rows, Function<String, Style> styles) {
        XYChart chart = new XYChartBuilder().width(960).height(600).title(title)
                .xAxisTitle("iteration").yAxisTitle("training error (%)").build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(8);

        for (Map.Entry<String, List<CurveRow>> model : byModel(rows).entrySet()) {
            Style style = styles.apply(model.getKey());
            List<CurveRow> curve = model.getValue();
            addBatchErrorLine(chart, model.getKey(), curve, style);
            addEvaluationMarkers(chart, model.getKey(), curve, style);
        }
        return chart;
    }

    /** Renders to {@code file} (PNG) through a temporary file, so a reader never sees half an image. */
    public void writePng(List<CurveRow> rows, Function<String, Style> styles, Path file) throws IOException {
        XYChart chart = chart(rows, styles);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private void addBatchErrorLine(XYChart chart, String model, List<CurveRow> curve, Style style) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < curve.size(); i++) {
            sum += curve.get(i).batchError();
            if (i >= window) {
                sum -= curve.get(i - window).batchError();
            }
            x.add((double) curve.get(i).iteration());
            y.add(100 * sum / Math.min(i + 1, window));
        }
        XYSeries series = chart.addSeries(model, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(style.colour());
        series.setLineStyle(style.dashed() ? SeriesLines.DASH_DASH
                : new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
    }

    private static void addEvaluationMarkers(XYChart chart, String model, List<CurveRow> curve, Style style) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (CurveRow row : curve) {
            if (!Double.isNaN(row.trainError())) {
                x.add((double) row.iteration());
                y.add(100 * row.trainError());
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(model + " (training subset)", x, y);
        series.setLineStyle(SeriesLines.NONE);
        series.setMarker(style.dashed() ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
        series.setMarkerColor(style.colour());
        series.setShowInLegend(false);
    }

    private static Map<String, List<CurveRow>> byModel(List<CurveRow> rows) {
        Map<String, List<CurveRow>> byModel = new LinkedHashMap<>();
        for (CurveRow row : rows) {
            byModel.computeIfAbsent(row.model(), m -> new ArrayList<>()).add(row);
        }
        return byModel;
    }
}
