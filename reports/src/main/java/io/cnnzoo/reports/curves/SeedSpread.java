package io.cnnzoo.reports.curves;

import io.cnnzoo.reports.chart.Chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One model's evaluated error across its runs (one per seed), at each evaluation: the mean and, with two seeds or
 * more, the sample standard deviation (n - 1). An evaluation after iteration i (0-based) is plotted at i + 1
 * iterations done. Values in percent.
 */
public record SeedSpread(double[] x, double[] mean, double[] sd, boolean spread) {

    /**
     * @param modelOfRun the model a run belongs to ({@code resnet56@2} -> {@code resnet56})
     * @param value      which error: {@link CurveRow#trainError} or {@link CurveRow#testError}
     */
    public static SeedSpread of(List<CurveRow> rows, Function<String, String> modelOfRun, String model,
                                ToDoubleFunction<CurveRow> value) {
        Map<Long, List<Double>> byIteration = new TreeMap<>();
        for (CurveRow row : rows) {
            double v = value.applyAsDouble(row);
            if (!Double.isNaN(v) && model.equals(modelOfRun.apply(row.model()))) {
                byIteration.computeIfAbsent(row.iteration() + 1, k -> new ArrayList<>()).add(100 * v);
            }
        }
        double[] x = new double[byIteration.size()];
        double[] mean = new double[x.length];
        double[] sd = new double[x.length];
        boolean spread = false;
        int i = 0;
        for (Map.Entry<Long, List<Double>> point : byIteration.entrySet()) {
            List<Double> values = point.getValue();
            double m = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double squares = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
            x[i] = point.getKey();
            mean[i] = m;
            sd[i] = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : Double.NaN;
            spread |= values.size() > 1;
            i++;
        }
        return new SeedSpread(x, mean, sd, spread);
    }

    public boolean isEmpty() {
        return x.length == 0;
    }

    /** The mean as a line; the standard deviation as a band around it where there are several seeds. */
    public Chart.Series series(String name, Color colour, Chart.Line line, Chart.Marker marker) {
        Chart.Series s = Chart.Series.line(name, colour, line, marker, x, mean);
        return spread ? s.withError(sd, true) : s;
    }

    /** A run's model: its name up to {@code @seed}. */
    public static String modelOf(String run) {
        int at = run.indexOf('@');
        return at < 0 ? run : run.substring(0, at);
    }
}
