package io.cnnzoo.reports.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks at round values: steps of 1, 2 or 5 times a power of ten (Heckbert, "Nice numbers for graph
 * labels", Graphics Gems, 1990), and the axis widened to the ticks around the data. A logarithmic axis
 * ticks at powers of ten, with 2 and 5 between them when it spans no more than two decades.
 *
 * @param min    the axis' lower end
 * @param max    the axis' upper end
 * @param values the ticks, ascending, all within [min, max]
 */
public record Ticks(double min, double max, List<Double> values, boolean log) {

    /** About {@code target} ticks over [lo, hi]; {@code lo == hi} widens to a unit around the value. */
    public static Ticks linear(double lo, double hi, int target) {
        return linear(lo, hi, target, false);
    }

    /** As {@link #linear(double, double, int)}; {@code integer} keeps the step at 1 or more (counts). */
    public static Ticks linear(double lo, double hi, int target, boolean integer) {
        if (Double.isNaN(lo) || Double.isNaN(hi) || Double.isInfinite(lo) || Double.isInfinite(hi) || hi < lo) {
            throw new IllegalArgumentException("an axis needs finite ends with the lower first, got " + lo + " to " + hi);
        }
        if (hi == lo) {
            double pad = lo == 0 ? 1 : Math.abs(lo) / 2;
            lo -= pad;
            hi += pad;
        }
        double step = nice((hi - lo) / Math.max(1, target - 1), true);
        if (integer) {
            step = Math.max(1, step);
        }
        // the tolerance keeps 0.3 / 0.1 = 2.9999999999999996 from starting the axis a step early
        double min = Math.floor(lo / step + 1e-9) * step;
        double max = Math.ceil(hi / step - 1e-9) * step;
        List<Double> values = new ArrayList<>();
        for (long i = 0; min + i * step <= max + step / 1e6; i++) {
            values.add(clean(min + i * step, step));
        }
        return new Ticks(min, max, List.copyOf(values), false);
    }

    /** Ticks of a base-10 logarithmic axis over [lo, hi], both positive. */
    public static Ticks logarithmic(double lo, double hi) {
        if (!(lo > 0) || !(hi >= lo)) {
            throw new IllegalArgumentException("a logarithmic axis needs positive values, got " + lo + " to " + hi);
        }
        int first = (int) Math.floor(Math.log10(lo));
        int last = (int) Math.ceil(Math.log10(hi));
        if (last == first) {
            last++;
        }
        double[] mantissas = last - first <= 2 ? new double[]{1, 2, 5} : new double[]{1};
        List<Double> values = new ArrayList<>();
        for (int e = first; e <= last; e++) {
            for (double m : mantissas) {
                double v = m * Math.pow(10, e);
                if (v <= Math.pow(10, last) * 1.0000001) {
                    values.add(v);
                }
            }
        }
        return new Ticks(Math.pow(10, first), Math.pow(10, last), List.copyOf(values), true);
    }

    /** Where {@code value} falls on this axis, from 0 (min) to 1 (max). */
    public double fraction(double value) {
        return log ? (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                : (value - min) / (max - min);
    }

    /** A tick's label: thousands separated, as many decimals as the step needs. */
    public String label(double value) {
        double step = values.size() > 1 ? Math.abs(values.get(1) - values.get(0)) : Math.abs(value);
        if (log) {
            step = value;
        }
        int decimals = step >= 1 || step == 0 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** Heckbert's nice number: 1, 2, 5 or 10 times a power of ten, rounded or at least {@code x}. */
    static double nice(double x, boolean round) {
        double exponent = Math.floor(Math.log10(x));
        double fraction = x / Math.pow(10, exponent);
        double niceFraction;
        if (round) {
            niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        }
        return niceFraction * Math.pow(10, exponent);
    }

    /** Removes the binary noise of min + i * step (0.30000000000000004 becomes 0.3). */
    private static double clean(double value, double step) {
        double scale = Math.pow(10, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
        return Math.round(value * scale) / scale;
    }
}
