package io.cnnzoo.reports.curves;

import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.chart.Chart;
import io.cnnzoo.reports.chart.PngChart;
import io.cnnzoo.reports.chart.SvgChart;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * He et al. 2016's Fig. 6 drawn from a run's curves: one panel per group of models side by side (plain nets,
 * ResNets, ResNet-110 vs 1202), each model's training error dashed and its held-out error bold, in percent,
 * against iterations, at the evaluations, a marker shape per model. With several seeds a line is the mean over
 * the seeds and a shaded band shows the standard deviation ({@link SeedSpread}).
 */
public final class Fig6Chart {

    /** One panel: a title, the models drawn in it and reference lines (the paper's final errors). */
    public record Panel(String title, List<String> models, List<Chart.Reference> references) {

        public Panel(String title, List<String> models) {
            this(title, models, List.of());
        }
    }

    private static final List<Chart.Marker> MARKERS = List.of(Chart.Marker.CIRCLE, Chart.Marker.DIAMOND,
            Chart.Marker.SQUARE, Chart.Marker.TRIANGLE);
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 480;

    private final String heldOut;

    /** @param heldOut what the bold lines measure: {@code test} or {@code validation} */
    public Fig6Chart(String heldOut) {
        this.heldOut = heldOut;
    }

    /**
     * The panels' charts.
     *
     * @param modelOfRun the model a curve's run name belongs to (runs of one model with different seeds)
     * @param colours    each model's colour
     */
    public List<Chart> charts(List<CurveRow> rows, Function<String, String> modelOfRun, List<Panel> panels,
                              Function<String, Color> colours) {
        List<Chart> charts = new ArrayList<>();
        double yMax = commonYMax(rows);
        for (Panel panel : panels) {
            List<Chart.Series> series = new ArrayList<>();
            for (String model : panel.models()) {
                // a marker shape per model as well as a colour: the panel still reads in grey print
                Chart.Marker marker = MARKERS.get(panel.models().indexOf(model) % MARKERS.size());
                SeedSpread train = SeedSpread.of(rows, modelOfRun, model, CurveRow::trainError);
                SeedSpread test = SeedSpread.of(rows, modelOfRun, model, CurveRow::testError);
                if (!train.isEmpty()) {
                    series.add(train.series(model + " train", colours.apply(model), Chart.Line.DASHED, marker));
                }
                if (!test.isEmpty()) {
                    series.add(test.series(model + " " + heldOut, colours.apply(model), Chart.Line.BOLD, marker));
                }
            }
            charts.add(Chart.xy(panel.title(), Chart.Axis.of("iterations").integers().from(0),
                    Chart.Axis.of("error (%)").from(0).to(yMax), series, panel.references()));
        }
        return charts;
    }

    /**
     * Writes the panels side by side as {@code png} and {@code svg}, each through a temporary file.
     *
     * @return each panel's SVG, for a page that inlines them
     */
    public List<String> write(List<Chart> charts, Path png, Path svg) throws IOException {
        PngChart.write(charts, PANEL_WIDTH, PANEL_HEIGHT, png);
        List<String> panels = charts.stream().map(SvgChart::render).toList();
        AtomicFiles.writeString(svg, svg(panels));
        return panels;
    }

    /** One SVG document holding each panel's SVG side by side as nested {@code <svg>} elements. */
    static String svg(List<String> panels) {
        int width = 0;
        int height = 0;
        for (String panel : panels) {
            width += SvgChart.width(panel);
            height = Math.max(height, SvgChart.height(panel));
        }
        StringBuilder doc = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", width, height, width, height));
        int x = 0;
        for (String panel : panels) {
            doc.append(panel.replaceFirst("<svg ", "<svg x=\"" + x + "\" y=\"0\" "));
            x += SvgChart.width(panel);
        }
        return doc.append("</svg>\n").toString();
    }

    /** The panels' shared y range: every evaluated error, rounded up to the next 10%. */
    private static double commonYMax(List<CurveRow> rows) {
        double max = 0;
        for (CurveRow row : rows) {
            for (double v : new double[]{row.trainError(), row.testError()}) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, 100 * v);
                }
            }
        }
        return Math.min(100, Math.max(10, 10 * Math.ceil(max / 10 + 1e-9)));
    }
}
