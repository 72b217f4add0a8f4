package io.cnnzoo.reports.bench;

/**
 * Time per training step against depth, fitted by least squares with a line through the origin (the
 * ideal: every layer costs the same and nothing else does), beside the ordinary least-squares line whose
 * intercept is the fixed cost the ideal leaves out.
 *
 * @param slope           seconds per step per layer of the line through the origin, sum(d t) / sum(d^2)
 * @param rSquared        1 - SS_res / SS_tot of that line, SS_tot about the mean time
 * @param olsSlope        slope of the ordinary least-squares line
 * @param olsIntercept    its intercept, seconds per step at depth 0
 */
public record DepthFit(double slope, double rSquared, double olsSlope, double olsIntercept) {

    public static DepthFit of(double[] depth, double[] seconds) {
        if (depth.length != seconds.length || depth.length < 2) {
            throw new IllegalArgumentException("a depth fit needs at least two (depth, time) points, got "
                    + depth.length + " depths and " + seconds.length + " times");
        }
        int n = depth.length;
        double sxx = 0;
        double sxy = 0;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            sxx += depth[i] * depth[i];
            sxy += depth[i] * seconds[i];
            meanX += depth[i] / n;
            meanY += seconds[i] / n;
        }
        double slope = sxy / sxx;
        double ssRes = 0;
        double ssTot = 0;
        double cxx = 0;
        double cxy = 0;
        for (int i = 0; i < n; i++) {
            double residual = seconds[i] - slope * depth[i];
            ssRes += residual * residual;
            ssTot += (seconds[i] - meanY) * (seconds[i] - meanY);
            cxx += (depth[i] - meanX) * (depth[i] - meanX);
            cxy += (depth[i] - meanX) * (seconds[i] - meanY);
        }
        double olsSlope = cxy / cxx;
        return new DepthFit(slope, 1 - ssRes / ssTot, olsSlope, meanY - olsSlope * meanX);
    }

    /** Seconds per step the line through the origin predicts at {@code depth}. */
    public double at(double depth) {
        return slope * depth;
    }
}
