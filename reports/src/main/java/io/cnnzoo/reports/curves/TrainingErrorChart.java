package io.cnnzoo.reports.curves;

import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.chart.Chart;
import io.cnnzoo.reports.chart.PngChart;
import io.cnnzoo.reports.chart.SvgChart;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** At most this many points per line: a 64k-iteration run stays a readable, small SVG. */
    private static final int MAX_POINTS = 800;

    public Chart chart(List<CurveRow> rows, Function<String, Style> styles) {
        List<Chart.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<CurveRow>> model : byModel(rows).entrySet()) {
            Style style = styles.apply(model.getKey());
            List<CurveRow> curve = model.getValue();
            series.add(batchErrorLine(model.getKey(), curve, style));
            evaluationMarkers(model.getKey(), curve, style).ifPresent(series::add);
        }
        return Chart.xy(title, Chart.Axis.of("iterations").integers().from(0), Chart.Axis.of("training error (%)").from(0).to(100),
                series, List.of());
    }

    /**
     * Renders to {@code png} and {@code svg}, each through a temporary file, so a reader never sees half an image.
     *
     * @return the SVG written, for a page that inlines it
     */
    public String write(List<CurveRow> rows, Function<String, Style> styles, Path png, Path svg) throws IOException {
        Chart chart = chart(rows, styles);
        PngChart.write(chart, png);
        String drawn = SvgChart.render(chart);
        AtomicFiles.writeString(svg, drawn);
        return drawn;
    }

    private Chart.Series batchErrorLine(String model, List<CurveRow> curve, Style style) {
        int every = Math.max(1, (curve.size() + MAX_POINTS - 1) / MAX_POINTS);
        List<double[]> points = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < curve.size(); i++) {
            sum += curve.get(i).batchError();
            if (i >= window) {
                sum -= curve.get(i - window).batchError();
            }
            if (i % every == 0 || i == curve.size() - 1) {
                points.add(new double[]{curve.get(i).iteration(), 100 * sum / Math.min(i + 1, window)});
            }
        }
        return Chart.Series.line(model, style.colour(), style.dashed() ? Chart.Line.DASHED : Chart.Line.BOLD,
                Chart.Marker.NONE, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static Optional<Chart.Series> evaluationMarkers(String model, List<CurveRow> curve, Style style) {
        List<double[]> points = new ArrayList<>();
        for (CurveRow row : curve) {
            if (!Double.isNaN(row.trainError())) {
                // after iteration i (0-based), i + 1 iterations are done: where Fig. 6 plots it too
                points.add(new double[]{row.iteration() + 1, 100 * row.trainError()});
            }
        }
        if (points.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Chart.Series.line(model + " (training subset)", style.colour(), Chart.Line.NONE,
                style.dashed() ? Chart.Marker.DIAMOND : Chart.Marker.CIRCLE,
                points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray())
                .hiddenFromLegend());
    }

    private static Map<String, List<CurveRow>> byModel(List<CurveRow> rows) {
        Map<String, List<CurveRow>> byModel = new LinkedHashMap<>();
        for (CurveRow row : rows) {
            byModel.computeIfAbsent(row.model(), m -> new ArrayList<>()).add(row);
        }
        return byModel;
    }
}
