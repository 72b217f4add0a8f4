package io.cnnzoo.reports.curves;

import io.cnnzoo.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * He et al. 2016's Fig. 6 drawn from a run's curves: one panel per group of models side by side (plain nets,
 * ResNets, ResNet-110 vs 1202), each model's training error dashed and its held-out error bold, in percent,
 * against iterations, at the evaluations. With several seeds a line is the mean over the seeds and error bars
 * show the standard deviation.
 */
public final class Fig6Chart {

    /** One panel: a title and the models drawn in it. */
    public record Panel(String title, List<String> models) {
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
    public List<XYChart> charts(List<CurveRow> rows, Function<String, String> modelOfRun, List<Panel> panels,
                                Function<String, Color> colours) {
        List<XYChart> charts = new ArrayList<>();
        double yMax = commonYMax(rows);
        for (Panel panel : panels) {
            XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(panel.title())
                    .xAxisTitle("iteration").yAxisTitle("error (%)").build();
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(yMax);
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            chart.getStyler().setXAxisMin(0.0);
            chart.getStyler().setMarkerSize(5);
            chart.getStyler().setXAxisDecimalPattern("#,##0");
            chart.getStyler().setErrorBarsColorSeriesColor(true);
            for (String model : panel.models()) {
                Map<Long, double[]> train = byIteration(rows, modelOfRun, model, CurveRow::trainError);
                Map<Long, double[]> test = byIteration(rows, modelOfRun, model, CurveRow::testError);
                if (!train.isEmpty()) {
                    add(chart, model + " train", train, colours.apply(model), SeriesLines.DASH_DASH);
                }
                if (!test.isEmpty()) {
                    add(chart, model + " " + heldOut, test, colours.apply(model),
                            new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
                }
            }
            charts.add(chart);
        }
        return charts;
    }

    /** Writes the panels side by side as {@code png} and {@code svg}, each through a temporary file. */
    public void write(List<XYChart> charts, Path png, Path svg) throws IOException {
        BufferedImage image = new BufferedImage(PANEL_WIDTH * charts.size(), PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), PANEL_WIDTH * i, 0, null);
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
        AtomicFiles.writeString(svg, svg(charts));
    }

    /** One SVG holding each panel's SVG as a nested {@code <svg>}, its ids prefixed so that they stay unique. */
    static String svg(List<XYChart> charts) throws IOException {
        StringBuilder doc = new StringBuilder(String.format(java.util.Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                        + "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                        + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n", PANEL_WIDTH * charts.size(),
                PANEL_HEIGHT, PANEL_WIDTH * charts.size(), PANEL_HEIGHT));
        for (int i = 0; i < charts.size(); i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(charts.get(i), bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            String panel = bytes.toString(StandardCharsets.UTF_8);
            panel = panel.substring(panel.indexOf("<svg"));
            panel = prefixIds(panel, "p" + i + "-");
            // the panel's own <svg ...> becomes a nested one placed at its column
            int tagEnd = panel.indexOf('>');
            String tag = panel.substring(0, tagEnd).replaceAll("\\s(x|y)=\"[^\"]*\"", "");
            panel = tag.replaceFirst("<svg", "<svg x=\"" + PANEL_WIDTH * i + "\" y=\"0\"") + panel.substring(tagEnd);
            doc.append(panel).append('\n');
        }
        return doc.append("</svg>\n").toString();
    }

    private static String prefixIds(String svg, String prefix) {
        String ids = svg.replaceAll("id=\"([^\"]+)\"", "id=\"" + prefix + "$1\"");
        Matcher refs = Pattern.compile("url\\(#([^)]+)\\)|xlink:href=\"#([^\"]+)\"").matcher(ids);
        StringBuilder out = new StringBuilder();
        while (refs.find()) {
            String replacement = refs.group(1) != null ? "url(#" + prefix + refs.group(1) + ")"
                    : "xlink:href=\"#" + prefix + refs.group(2) + "\"";
            refs.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        refs.appendTail(out);
        return out.toString();
    }

    private static void add(XYChart chart, String name, Map<Long, double[]> points, Color colour, BasicStroke line) {
        List<Double> x = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        List<Double> sd = new ArrayList<>();
        boolean spread = false;
        for (Map.Entry<Long, double[]> point : points.entrySet()) {
            double[] values = point.getValue();
            x.add((double) point.getKey());
            double m = 0;
            for (double v : values) {
                m += v;
            }
            m /= values.length;
            double squares = 0;
            for (double v : values) {
                squares += (v - m) * (v - m);
            }
            mean.add(m);
            sd.add(values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0.0);
            spread |= values.length > 1;
        }
        XYSeries series = spread ? chart.addSeries(name, x, mean, sd) : chart.addSeries(name, x, mean);
        series.setLineColor(colour);
        series.setLineStyle(line);
        series.setMarker(SeriesMarkers.NONE);
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
