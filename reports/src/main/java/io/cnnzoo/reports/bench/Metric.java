package io.cnnzoo.reports.bench;

/**
 * One JMH figure: the mean score, the half-width of its 99.9% confidence interval (JMH's "±"; NaN when
 * there was a single iteration) and the unit, e.g. {@code ops/s}.
 */
public record Metric(double score, double error, String unit) {
}
