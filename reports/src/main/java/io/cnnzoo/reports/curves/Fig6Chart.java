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
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * He et al. 2016's Fig. 6 drawn from a run's curves: one panel per group of models side by side (plain nets,
 * ResNets, ResNet-110 vs 1202), each model's training error dashed and its held-out error bold, in percent,
 * against iterations, at the evaluations. With several seeds a line is the mean over the seeds and error bars
 * show the standard deviation.
 */
public final class Fig6Chart {

    /** One panel: a title, the models drawn in it and reference lines (the paper's final errors). */
    public record Panel(String title, List<String> models, List<Chart.Reference> references) {

        public Panel(String title, List<String> models) {
            this(title, models, List.of());
        }
    }

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
                Map<Long, double[]> train = byIteration(rows, modelOfRun, model, CurveRow::trainError);
                Map<Long, double[]> test = byIteration(rows, modelOfRun, model, CurveRow::testError);
                if (!train.isEmpty()) {
                    series.add(series(model + " train", train, colours.apply(model), Chart.Line.DASHED));
                }
                if (!test.isEmpty()) {
                    series.add(series(model + " " + heldOut, test, colours.apply(model), Chart.Line.BOLD));
                }
            }
            charts.add(Chart.xy(panel.title(), Chart.Axis.of("iterations").integers().from(0),
                    Chart.Axis.of("error (%)").from(0).to(yMax), series, panel.references()));
        }
        return charts;
    }

    /** Writes the panels side by side as {@code png} and {@code svg}, each through a temporary file. */
    public void write(List<Chart> charts, Path png, Path svg) throws IOException {
        PngChart.write(charts, PANEL_WIDTH, PANEL_HEIGHT, png);
        AtomicFiles.writeString(svg, svg(charts));
    }

    /** One SVG document holding each panel's SVG side by side as nested {@code <svg>} elements. */
    static String svg(List<Chart> charts) {
        List<String> panels = charts.stream().map(SvgChart::render).toList();
        int width = 0;
        int height = 0;
        for (String panel : panels) {
            width += SvgChart.width(panel);
            height = Math.max(height, SvgChart.height(panel));
        }
        StringBuilder doc = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n", width, height, width, height));
        int x = 0;
        for (String panel : panels) {
            doc.append(panel.replaceFirst("<svg ", "<svg x=\"" + x + "\" y=\"0\" "));
            x += SvgChart.width(panel);
        }
        return doc.append("</svg>\n").toString();
    }

    /** A line of the mean over the seeds at each evaluation, their standard deviation as a band. */
    private static Chart.Series series(String name, Map<Long, double[]> points, Color colour, Chart.Line line) {
        double[] x = new double[points.size()];
        double[] mean = new double[points.size()];
        double[] sd = new double[points.size()];
        boolean spread = false;
        int i = 0;
        for (Map.Entry<Long, double[]> point : points.entrySet()) {
            double[] values = point.getValue();
            x[i] = point.getKey();
            double m = 0;
            for (double v : values) {
                m += v;
            }
            m /= values.length;
            double squares = 0;
            for (double v : values) {
                squares += (v - m) * (v - m);
            }
            mean[i] = m;
            sd[i] = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : Double.NaN;
            spread |= values.length > 1;
            i++;
        }
        Chart.Series s = Chart.Series.line(name, colour, line, Chart.Marker.NONE, x, mean);
        return spread ? s.withError(sd, true) : s;
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

    /** Each evaluated iteration of {@code model}'s runs, with the value (in percent) of every run there. */
    private static Map<Long, double[]> byIteration(List<CurveRow> rows, Function<String, String> modelOfRun,
                                                   String model, java.util.function.ToDoubleFunction<CurveRow> value) {
        Map<Long, List<Double>> values = new TreeMap<>();
        for (CurveRow row : rows) {
            double v = value.applyAsDouble(row);
            if (!Double.isNaN(v) && model.equals(modelOfRun.apply(row.model()))) {
                // plotted after the iteration: the evaluation after iteration 9 (0-based) is at 10 iterations
                values.computeIfAbsent(row.iteration() + 1, k -> new ArrayList<>()).add(100 * v);
            }
        }
        Map<Long, double[]> points = new TreeMap<>();
        values.forEach((iteration, list) -> points.put(iteration, list.stream().mapToDouble(Double::doubleValue)
                .toArray()));
        return points;
    }
}
