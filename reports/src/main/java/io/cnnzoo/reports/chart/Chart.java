package io.cnnzoo.reports.chart;

import java.awt.Color;
import java.util.List;
import java.util.Objects;

/**
 * What a chart shows, apart from how it is drawn: {@link SvgChart} draws it as SVG with real text (inlined
 * into the HTML reports, searchable, a few kB), {@link PngChart} as PNG through XChart (linked from the
 * Markdown reports). The chart classes of the reports build these; no renderer decides what is plotted.
 *
 * <p>Two kinds: an XY chart (series of points over a numeric x axis), or a bar chart, whose
 * {@code categories} are not empty and whose series' x values are category indexes.
 *
 * @param references horizontal lines across the plot at a value of the y axis (a roofline, the paper's value)
 */
public record Chart(String title, Axis x, Axis y, List<String> categories, List<Series> series,
                    List<Reference> references) {

    public Chart {
        Objects.requireNonNull(title, "title");
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        references = List.copyOf(references);
    }

    public static Chart xy(String title, Axis x, Axis y, List<Series> series, List<Reference> references) {
        return new Chart(title, x, y, List.of(), series, references);
    }

    public static Chart bars(String title, Axis values, List<String> categories, List<Series> series,
                             List<Reference> references) {
        return new Chart(title, Axis.of(""), values, categories, series, references);
    }

    public boolean isBars() {
        return !categories.isEmpty();
    }

    /**
     * An axis.
     *
     * @param label what it measures, with its unit: {@code "time per step (ms)"}
     * @param min   the lower end, or NaN to follow the data (bars and zero-based axes give 0)
     * @param max   the upper end, or NaN to follow the data
     * @param log     a base-10 logarithmic axis (values must be positive)
     * @param integer counts (iterations, layers): no tick between two whole numbers
     */
    public record Axis(String label, double min, double max, boolean log, boolean integer) {

        public static Axis of(String label) {
            return new Axis(label, Double.NaN, Double.NaN, false, false);
        }

        public Axis from(double newMin) {
            return new Axis(label, newMin, max, log, integer);
        }

        public Axis to(double newMax) {
            return new Axis(label, min, newMax, log, integer);
        }

        public Axis logarithmic() {
            return new Axis(label, min, max, true, integer);
        }

        public Axis integers() {
            return new Axis(label, min, max, log, true);
        }
    }

    /** How a line is drawn; {@code NONE} draws markers only. Dashed and solid stay apart in grey print. */
    public enum Line { SOLID, BOLD, DASHED, NONE }

    /** Marker shapes; a shape per kind of net keeps series apart without colour. */
    public enum Marker { NONE, CIRCLE, DIAMOND, SQUARE, TRIANGLE }

    /**
     * One series.
     *
     * @param error    the half-width of each point's error bar (a confidence interval, a standard deviation),
     *                 or {@code null}; NaN for a point without one
     * @param band     draw the error as a shaded band around the line instead of bars
     * @param inLegend false for series that repeat another's legend entry
     */
    public record Series(String name, Color colour, Line line, Marker marker, double[] x, double[] y, double[] error,
                         boolean band, boolean inLegend) {

        public Series {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length || (error != null && error.length != y.length)) {
                throw new IllegalArgumentException(name + ": " + x.length + " x values, " + y.length + " y values"
                        + (error == null ? "" : ", " + error.length + " errors"));
            }
        }

        public static Series line(String name, Color colour, Line line, Marker marker, double[] x, double[] y) {
            return new Series(name, colour, line, marker, x, y, null, false, true);
        }

        /** Bars: one value per category (NaN where the category has none). */
        public static Series bars(String name, Color colour, double[] values, double[] error) {
            double[] x = new double[values.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            return new Series(name, colour, Line.NONE, Marker.NONE, x, values, error, false, true);
        }

        public Series withError(double[] newError, boolean asBand) {
            return new Series(name, colour, line, marker, x, y, newError, asBand, inLegend);
        }

        public Series hiddenFromLegend() {
            return new Series(name, colour, line, marker, x, y, error, band, false);
        }
    }

    /** A horizontal reference line at {@code value} on the y axis, labelled. */
    public record Reference(String label, double value, Color colour) {
    }
}
