package io.cnnzoo.reports.chart;

import io.cnnzoo.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws a {@link io.cnnzoo.reports.chart.Chart} as PNG through XChart, for the Markdown reports; bars are
 * vertical here (XChart has no horizontal bars), their labels slanted. The axes end at {@link Ticks}' round
 * values, so XChart's ticks fall on round values too.
 */
public final class PngChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;

    private PngChart() {
    }

    /** Writes the charts side by side as one PNG, through a temporary file. */
    public static void write(List<io.cnnzoo.reports.chart.Chart> charts, int panelWidth, int panelHeight, Path file)
            throws IOException {
        BufferedImage image = new BufferedImage(panelWidth * charts.size(), panelHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(xchart(charts.get(i), panelWidth, panelHeight)), panelWidth * i,
                    0, null);
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    public static void write(io.cnnzoo.reports.chart.Chart chart, Path file) throws IOException {
        Chart<?, ?> x = xchart(chart, WIDTH, HEIGHT);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(x, out, BitmapEncoder.BitmapFormat.PNG));
    }

    static Chart<?, ?> xchart(io.cnnzoo.reports.chart.Chart chart, int width, int height) {
        return chart.isBars() ? bars(chart, width, height) : xy(chart, width, height);
    }

    private static XYChart xy(io.cnnzoo.reports.chart.Chart chart, int width, int height) {
        XYChart x = new XYChartBuilder().width(width).height(height).title(chart.title())
                .xAxisTitle(chart.x().label()).yAxisTitle(chart.y().label()).build();
        style(x.getStyler());
        x.getStyler().setErrorBarsColorSeriesColor(true);
        x.getStyler().setMarkerSize(7);
        x.getStyler().setXAxisDecimalPattern("#,##0.###");
        bounds(x.getStyler(), chart, false);
        bounds(x.getStyler(), chart, true);
        for (io.cnnzoo.reports.chart.Chart.Series s : chart.series()) {
            XYSeries series = s.error() == null ? x.addSeries(s.name(), s.x(), s.y())
                    : x.addSeries(s.name(), s.x(), s.y(), zeroNaN(s.error()));
            series.setLineColor(s.colour());
            series.setMarkerColor(s.colour());
            series.setLineStyle(switch (s.line()) {
                case SOLID -> new BasicStroke(1.6f);
                case BOLD -> new BasicStroke(2.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND);
                case DASHED -> SeriesLines.DASH_DASH;
                case NONE -> SeriesLines.NONE;
            });
            series.setMarker(marker(s.marker()));
            series.setShowInLegend(s.inLegend());
        }
        for (io.cnnzoo.reports.chart.Chart.Reference r : chart.references()) {
            double[] ends = {ticks(chart, false).min(), ticks(chart, false).max()};
            XYSeries line = x.addSeries(r.label(), ends, new double[]{r.value(), r.value()});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(r.colour());
            line.setLineStyle(SeriesLines.DOT_DOT);
        }
        return x;
    }

    private static CategoryChart bars(io.cnnzoo.reports.chart.Chart chart, int width, int height) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(chart.title())
                .xAxisTitle("").yAxisTitle(chart.y().label()).build();
        style(c.getStyler());
        c.getStyler().setXAxisLabelRotation(30);
        c.getStyler().setErrorBarsColor(Color.BLACK);
        bounds(c.getStyler(), chart, true);
        for (io.cnnzoo.reports.chart.Chart.Series s : chart.series()) {
            List<Double> values = boxed(s.y());
            // XChart's error bars fail on a missing value: a series with gaps goes without them (the SVG has them)
            boolean complete = Arrays.stream(s.y()).noneMatch(Double::isNaN);
            CategorySeries series = s.error() == null || !complete ? c.addSeries(s.name(), chart.categories(), values)
                    : c.addSeries(s.name(), chart.categories(), values, boxed(zeroNaN(s.error())));
            series.setFillColor(s.colour());
        }
        for (io.cnnzoo.reports.chart.Chart.Reference r : chart.references()) {
            double[] at = new double[chart.categories().size()];
            Arrays.fill(at, r.value());
            CategorySeries line = c.addSeries(r.label(), chart.categories(), boxed(at));
            line.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            line.setLineColor(r.colour());
            line.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    private static void bounds(AxesChartStyler styler, io.cnnzoo.reports.chart.Chart chart, boolean yAxis) {
        Ticks t = ticks(chart, yAxis);
        if (yAxis) {
            styler.setYAxisLogarithmic(t.log());
            styler.setYAxisMin(t.min());
            styler.setYAxisMax(t.max());
        } else {
            styler.setXAxisMin(t.min());
            styler.setXAxisMax(t.max());
        }
    }

    /** The same axis ends as the SVG's. */
    private static Ticks ticks(io.cnnzoo.reports.chart.Chart chart, boolean yAxis) {
        return SvgChart.ticks(chart, yAxis);
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    }

    private static Marker marker(io.cnnzoo.reports.chart.Chart.Marker m) {
        return switch (m) {
            case NONE -> SeriesMarkers.NONE;
            case CIRCLE -> SeriesMarkers.CIRCLE;
            case DIAMOND -> SeriesMarkers.DIAMOND;
            case SQUARE -> SeriesMarkers.SQUARE;
            case TRIANGLE -> SeriesMarkers.TRIANGLE_UP;
        };
    }

    private static double[] zeroNaN(double[] values) {
        return Arrays.stream(values).map(v -> Double.isNaN(v) ? 0 : v).toArray();
    }

    /** XChart skips nulls: a category without a value gets no bar rather than a zero. */
    private static List<Double> boxed(double[] values) {
        List<Double> boxed = new ArrayList<>();
        for (double v : values) {
            boxed.add(Double.isNaN(v) ? null : v);
        }
        return boxed;
    }
}
