package io.cnnzoo.reports.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Chart} as a standalone SVG document with its text as text: it scales with the page, it is
 * searchable, and each series is a {@code <g class="series" data-series="NAME">}, so a browser test can
 * find what a chart shows. No ids and no external references, so any number of charts can be inlined into
 * one HTML page. Bar charts are horizontal: long benchmark names stay readable at any count.
 */
public final class SvgChart {

    private static final int WIDTH = 760;
    private static final int XY_HEIGHT = 420;
    private static final double CHAR_WIDTH = 6.6; // of the 12 px sans-serif text, for layout estimates
    private static final int BAR = 9;
    private static final int LEGEND_ROW = 18;
    /** Characters of a bar's label that fit the left half of the chart. */
    private static final int MAX_LABEL = 56;
    private static final String FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\"";

    private final Chart chart;
    private final StringBuilder svg = new StringBuilder();

    private SvgChart(Chart chart) {
        this.chart = chart;
    }

    public static String render(Chart chart) {
        SvgChart r = new SvgChart(chart);
        return chart.isBars() ? r.bars() : r.xy();
    }

    /** The width of a document {@link #render} made. */
    public static int width(String svg) {
        return attribute(svg, "width");
    }

    /** The height of a document {@link #render} made. */
    public static int height(String svg) {
        return attribute(svg, "height");
    }

    private static int attribute(String svg, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" " + name + "=\"(\\d+)\"").matcher(svg);
        if (!m.find()) {
            throw new IllegalArgumentException("not an SVG of SvgChart's: no " + name);
        }
        return Integer.parseInt(m.group(1));
    }

    // ---- XY charts

    private String xy() {
        List<String[]> legendRows = legendRows();
        int height = XY_HEIGHT + LEGEND_ROW * legendRows.size();
        Ticks x = ticks(chart, false);
        Ticks y = ticks(chart, true);
        double left = 16 + 12 + CHAR_WIDTH * maxLength(y) + 8;
        Plot plot = new Plot(left, 40, WIDTH - 20, XY_HEIGHT - 56, x, y);
        open(height);
        axes(plot);
        for (Chart.Series s : chart.series()) {
            group(s);
            if (s.error() != null && s.band()) {
                band(plot, s);
            }
            if (s.line() != Chart.Line.NONE) {
                StringBuilder d = new StringBuilder();
                boolean gap = true; // a point without a value breaks the line rather than bridging it
                for (int i = 0; i < s.x().length; i++) {
                    if (!Double.isFinite(s.y()[i]) || !Double.isFinite(s.x()[i])) {
                        gap = true;
                        continue;
                    }
                    d.append(gap ? (d.length() == 0 ? "M" : " M") : " L").append(num(plot.px(s.x()[i]))).append(',')
                            .append(num(plot.py(s.y()[i])));
                    gap = false;
                }
                svg.append("<path fill=\"none\" d=\"").append(d).append('"').append(stroke(s.colour(), s.line()))
                        .append("/>\n");
            }
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.y()[i]) || !Double.isFinite(s.x()[i])) {
                    continue;
                }
                double px = plot.px(s.x()[i]);
                double py = plot.py(s.y()[i]);
                if (s.error() != null && !s.band() && !Double.isNaN(s.error()[i])) {
                    double lo = plot.py(s.y()[i] - s.error()[i]);
                    double hi = plot.py(s.y()[i] + s.error()[i]);
                    svg.append("<path fill=\"none\" stroke=\"").append(hex(s.colour())).append("\" d=\"M")
                            .append(num(px)).append(',').append(num(lo)).append(" V").append(num(hi)).append(" M")
                            .append(num(px - 4)).append(',').append(num(lo)).append(" h8 M").append(num(px - 4))
                            .append(',').append(num(hi)).append(" h8\"/>\n");
                }
                marker(s.marker(), s.colour(), px, py);
            }
            svg.append("</g>\n");
        }
        references(plot);
        legend(legendRows, XY_HEIGHT);
        return close();
    }

    private void band(Plot plot, Chart.Series s) {
        StringBuilder upper = new StringBuilder();
        StringBuilder lower = new StringBuilder();
        for (int i = 0; i < s.x().length; i++) {
            if (Double.isNaN(s.y()[i]) || Double.isNaN(s.error()[i])) {
                continue;
            }
            String px = num(plot.px(s.x()[i]));
            upper.append(upper.length() == 0 ? "M" : " L").append(px).append(',')
                    .append(num(plot.py(s.y()[i] + s.error()[i])));
            lower.insert(0, " L" + px + "," + num(plot.py(s.y()[i] - s.error()[i])));
        }
        if (upper.length() > 0) {
            svg.append("<path class=\"band\" stroke=\"none\" fill=\"").append(hex(s.colour()))
                    .append("\" fill-opacity=\"0.18\" d=\"").append(upper).append(lower).append(" Z\"/>\n");
        }
    }

    // ---- horizontal bar charts

    private String bars() {
        List<Chart.Series> series = chart.series();
        int rowHeight = BAR * series.size() + 8;
        List<String[]> legendRows = legendRows();
        double labelWidth = Math.min(8 + CHAR_WIDTH * MAX_LABEL,
                8 + CHAR_WIDTH * chart.categories().stream().mapToInt(String::length).max().orElse(0));
        int plotHeight = rowHeight * chart.categories().size();
        int top = 40 + 14 * Math.max(0, chart.references().size() - 1); // a line of its own per reference label
        int height = top + plotHeight + 48 + LEGEND_ROW * legendRows.size();
        Ticks v = ticks(chart, true);
        // the right margin holds half of the last tick's label ("1,000,000")
        Plot plot = new Plot(labelWidth + 12, top, WIDTH - 8 - CHAR_WIDTH * maxLength(v) / 2, top + plotHeight, v, v);
        open(height);
        // the value axis runs along x here
        title();
        for (int i = 0; i < chart.categories().size(); i++) {
            double y = top + i * rowHeight + rowHeight / 2.0 + 4;
            String label = chart.categories().get(i);
            // a long label loses its middle (its start names the kind, its end the case); the tooltip has it whole
            int head = MAX_LABEL / 2;
            String shown = label.length() > MAX_LABEL
                    ? "<title>" + escape(label) + "</title>" + escape(label.substring(0, head)) + "…"
                    + escape(label.substring(label.length() - (MAX_LABEL - head - 1)))
                    : escape(label);
            svg.append("<text x=\"").append(num(plot.left - 6)).append("\" y=\"").append(num(y))
                    .append("\" text-anchor=\"end\" font-size=\"12\">").append(shown).append("</text>\n");
        }
        for (double t : v.values()) {
            double px = plot.px(t);
            svg.append("<path stroke=\"#ddd\" d=\"M").append(num(px)).append(',').append(top).append(" V")
                    .append(top + plotHeight).append("\"/>\n");
            svg.append("<text x=\"").append(num(px)).append("\" y=\"").append(top + plotHeight + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"12\">").append(v.label(t)).append("</text>\n");
        }
        svg.append("<text x=\"").append(num((plot.left + plot.right) / 2)).append("\" y=\"")
                .append(top + plotHeight + 36).append("\" text-anchor=\"middle\" font-size=\"13\">")
                .append(escape(chart.y().label())).append("</text>\n");
        for (int k = 0; k < series.size(); k++) {
            Chart.Series s = series.get(k);
            group(s);
            for (int i = 0; i < s.y().length; i++) {
                double value = s.y()[i];
                if (!Double.isFinite(value) || (v.log() && value <= 0)) {
                    continue;
                }
                double y0 = top + (int) s.x()[i] * rowHeight + 4 + k * BAR;
                double x1 = plot.px(value);
                svg.append("<rect x=\"").append(num(plot.left)).append("\" y=\"").append(num(y0))
                        .append("\" width=\"").append(num(Math.max(0.5, x1 - plot.left))).append("\" height=\"")
                        .append(BAR - 1).append("\" fill=\"").append(hex(s.colour())).append("\"><title>")
                        .append(escape(s.name() + ", " + chart.categories().get((int) s.x()[i]) + ": "
                                + String.format(Locale.ROOT, "%.4g", value)))
                        .append("</title></rect>\n");
                if (s.error() != null && !Double.isNaN(s.error()[i]) && s.error()[i] > 0) {
                    double lo = plot.px(Math.max(value - s.error()[i], v.min()));
                    double hi = plot.px(value + s.error()[i]);
                    double mid = y0 + (BAR - 1) / 2.0;
                    svg.append("<path class=\"error\" stroke=\"#000\" fill=\"none\" d=\"M").append(num(lo)).append(',')
                            .append(num(mid)).append(" H").append(num(hi)).append("\"/>\n");
                }
            }
            svg.append("</g>\n");
        }
        for (int k = 0; k < chart.references().size(); k++) {
            Chart.Reference r = chart.references().get(k);
            if (r.value() < v.min() || r.value() > v.max()) {
                continue;
            }
            double px = plot.px(r.value());
            int labelY = top - 7 - 14 * k;
            svg.append("<g class=\"reference\" data-reference=\"").append(escape(r.label())).append("\">")
                    .append("<path stroke=\"").append(hex(r.colour())).append("\" stroke-width=\"1.5\" "
                            + "stroke-dasharray=\"6 3\" d=\"M").append(num(px)).append(',').append(labelY + 3)
                    .append(" V").append(top + plotHeight).append("\"/><text x=\"").append(num(px - 3))
                    .append("\" y=\"").append(labelY).append("\" text-anchor=\"end\" font-size=\"11\" fill=\"")
                    .append(hex(r.colour())).append("\">").append(escape(r.label() + " " + v.label(r.value())))
                    .append("</text></g>\n");
        }
        svg.append("<path stroke=\"#333\" fill=\"none\" d=\"M").append(num(plot.left)).append(',').append(top)
                .append(" V").append(top + plotHeight).append(" H").append(num(plot.right)).append("\"/>\n");
        legend(legendRows, top + plotHeight + 48);
        return close();
    }

    // ---- pieces

    /** The plot rectangle and the mapping of data to it. */
    private record Plot(double left, double top, double right, double bottom, Ticks x, Ticks y) {
        double px(double value) {
            return left + clamp(x.fraction(value)) * (right - left);
        }

        double py(double value) {
            return bottom - clamp(y.fraction(value)) * (bottom - top);
        }

        private static double clamp(double f) {
            return Double.isNaN(f) ? 0 : Math.max(0, Math.min(1, f));
        }
    }

    private void open(int height) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(escape(chart.title())).append("\" ").append(FONT)
                .append(" fill=\"#222\">\n<title>").append(escape(chart.title())).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    }

    private String close() {
        return svg.append("</svg>\n").toString();
    }

    private void title() {
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" "
                + "font-weight=\"600\">").append(escape(chart.title())).append("</text>\n");
    }

    private void axes(Plot plot) {
        title();
        for (double t : plot.y().values()) {
            double py = plot.py(t);
            svg.append("<path stroke=\"#e4e4e4\" d=\"M").append(num(plot.left())).append(',').append(num(py))
                    .append(" H").append(num(plot.right())).append("\"/>\n<text x=\"").append(num(plot.left() - 6))
                    .append("\" y=\"").append(num(py + 4)).append("\" text-anchor=\"end\" font-size=\"12\">")
                    .append(plot.y().label(t)).append("</text>\n");
        }
        for (double t : plot.x().values()) {
            double px = plot.px(t);
            svg.append("<path stroke=\"#333\" d=\"M").append(num(px)).append(',').append(num(plot.bottom()))
                    .append(" v5\"/>\n<text x=\"").append(num(px)).append("\" y=\"").append(num(plot.bottom() + 19))
                    .append("\" text-anchor=\"middle\" font-size=\"12\">").append(plot.x().label(t))
                    .append("</text>\n");
        }
        svg.append("<path stroke=\"#333\" fill=\"none\" d=\"M").append(num(plot.left())).append(',')
                .append(num(plot.top())).append(" V").append(num(plot.bottom())).append(" H").append(num(plot.right()))
                .append("\"/>\n");
        svg.append("<text x=\"").append(num((plot.left() + plot.right()) / 2)).append("\" y=\"")
                .append(num(plot.bottom() + 40)).append("\" text-anchor=\"middle\" font-size=\"13\">")
                .append(escape(chart.x().label())).append("</text>\n");
        double cy = (plot.top() + plot.bottom()) / 2;
        svg.append("<text transform=\"translate(16 ").append(num(cy)).append(") rotate(-90)\" text-anchor=\"middle\" "
                + "font-size=\"13\">").append(escape(chart.y().label())).append("</text>\n");
    }

    private void references(Plot plot) {
        List<double[]> placed = new ArrayList<>(); // {slot, y} of the labels drawn so far
        for (int k = 0; k < chart.references().size(); k++) {
            Chart.Reference r = chart.references().get(k);
            if (r.value() < plot.y().min() || r.value() > plot.y().max()) {
                continue;
            }
            double py = plot.py(r.value());
            // close values: the label moves left to the first slot where no label sits within a line's height
            int slot = 0;
            while (slot < 3 && clash(placed, slot, py)) {
                slot++;
            }
            placed.add(new double[]{slot, py});
            double labelX = plot.right() - 4 - 170 * slot;
            svg.append("<g class=\"reference\" data-reference=\"").append(escape(r.label())).append("\"><path stroke=\"")
                    .append(hex(r.colour())).append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\" d=\"M")
                    .append(num(plot.left())).append(',').append(num(py)).append(" H").append(num(plot.right()))
                    .append("\"/><text x=\"").append(num(labelX)).append("\" y=\"").append(num(py - 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"").append(hex(r.colour())).append("\">")
                    .append(escape(r.label())).append("</text></g>\n");
        }
    }

    private static boolean clash(List<double[]> placed, int slot, double y) {
        return placed.stream().anyMatch(p -> p[0] == slot && Math.abs(p[1] - y) < 12);
    }

    private void group(Chart.Series s) {
        svg.append("<g class=\"series\" data-series=\"").append(escape(s.name())).append("\">\n");
    }

    /** Legend entries laid out in rows that fit the width: each entry is {name, series index}. */
    private List<String[]> legendRows() {
        List<String[]> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        double used = 0;
        List<Chart.Series> series = chart.series();
        for (int i = 0; i < series.size(); i++) {
            if (!series.get(i).inLegend()) {
                continue;
            }
            double w = 40 + CHAR_WIDTH * series.get(i).name().length() + 18;
            if (used + w > WIDTH - 40 && row.length() > 0) {
                rows.add(row.toString().trim().split(" "));
                row.setLength(0);
                used = 0;
            }
            row.append(i).append(' ');
            used += w;
        }
        if (row.length() > 0) {
            rows.add(row.toString().trim().split(" "));
        }
        return rows;
    }

    private void legend(List<String[]> rows, double top) {
        for (int r = 0; r < rows.size(); r++) {
            double x = 24;
            double y = top + r * LEGEND_ROW + 6;
            for (String index : rows.get(r)) {
                Chart.Series s = chart.series().get(Integer.parseInt(index));
                svg.append("<g class=\"legend-entry\">");
                if (chart.isBars()) {
                    svg.append("<rect x=\"").append(num(x + 6)).append("\" y=\"").append(num(y - 5))
                            .append("\" width=\"20\" height=\"10\" fill=\"").append(hex(s.colour())).append("\"/>");
                } else {
                    if (s.line() != Chart.Line.NONE) {
                        svg.append("<path fill=\"none\" d=\"M").append(num(x)).append(',').append(num(y)).append(" h32\"")
                                .append(stroke(s.colour(), s.line())).append("/>");
                    }
                    marker(s.marker(), s.colour(), x + 16, y);
                }
                svg.append("<text x=\"").append(num(x + 38)).append("\" y=\"").append(num(y + 4))
                        .append("\" font-size=\"12\">").append(escape(s.name())).append("</text></g>\n");
                x += 40 + CHAR_WIDTH * s.name().length() + 18;
            }
        }
    }

    private static String stroke(Color colour, Chart.Line line) {
        String s = " stroke=\"" + hex(colour) + "\" stroke-width=\"" + (line == Chart.Line.BOLD ? "2.6" : "1.6") + '"';
        return line == Chart.Line.DASHED ? s + " stroke-dasharray=\"7 4\"" : s;
    }

    private void marker(Chart.Marker marker, Color colour, double x, double y) {
        String fill = " fill=\"" + hex(colour) + "\"";
        switch (marker) {
            case NONE -> { }
            case CIRCLE -> svg.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y))
                    .append("\" r=\"3.5\"").append(fill).append("/>");
            case SQUARE -> svg.append("<rect x=\"").append(num(x - 3.2)).append("\" y=\"").append(num(y - 3.2))
                    .append("\" width=\"6.4\" height=\"6.4\"").append(fill).append("/>");
            case DIAMOND -> svg.append("<path d=\"M").append(num(x)).append(',').append(num(y - 4.5)).append(" l4.5,4.5 "
                    + "l-4.5,4.5 l-4.5,-4.5 Z\"").append(fill).append("/>");
            case TRIANGLE -> svg.append("<path d=\"M").append(num(x)).append(',').append(num(y - 4.5)).append(" l4.5,8 "
                    + "h-9 Z\"").append(fill).append("/>");
        }
    }

    /** The ticks of the value axis ({@code yAxis}) or of x, shared with {@link PngChart} so both agree. */
    static Ticks ticks(Chart chart, boolean yAxis) {
        return ticks(yAxis ? chart.y() : chart.x(), values(chart, !yAxis, yAxis));
    }

    private static Ticks ticks(Chart.Axis axis, double[] data) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : data) {
            if (Double.isFinite(v) && (!axis.log() || v > 0)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            lo = axis.log() ? 1 : 0;
            hi = axis.log() ? 10 : 1;
        }
        if (!Double.isNaN(axis.min())) {
            lo = axis.min();
        }
        if (!Double.isNaN(axis.max())) {
            hi = axis.max();
        }
        return axis.log() ? Ticks.logarithmic(lo, hi) : Ticks.linear(lo, hi, 6, axis.integer());
    }

    /** The data of one axis, error bars and references included; bars always include 0 on a linear axis. */
    private static double[] values(Chart chart, boolean xAxis, boolean withReferences) {
        List<Double> all = new ArrayList<>();
        for (Chart.Series s : chart.series()) {
            for (int i = 0; i < s.y().length; i++) {
                if (xAxis) {
                    all.add(s.x()[i]);
                } else {
                    double e = s.error() == null || Double.isNaN(s.error()[i]) ? 0 : s.error()[i];
                    all.add(s.y()[i] - e);
                    all.add(s.y()[i] + e);
                }
            }
        }
        if (withReferences) {
            chart.references().forEach(r -> all.add(r.value()));
        }
        if (chart.isBars() && !chart.y().log()) {
            all.add(0.0);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static int maxLength(Ticks t) {
        return t.values().stream().mapToInt(v -> t.label(v).length()).max().orElse(1);
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
