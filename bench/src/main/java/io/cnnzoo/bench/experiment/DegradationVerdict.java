package io.cnnzoo.bench.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three checks of the degradation experiment, on the final training error of the fixed training
 * subset, in percentage points:
 * <ol>
 *   <li>degradation: plain56 exceeds plain20 by at least 5 points (He et al. 2016, Fig. 6 left);</li>
 *   <li>residual learning fixes it: resnet56 is at least 5 points below plain56 (Fig. 6 middle);</li>
 *   <li>depth does not hurt the residual net: resnet56 is at most 2 points above resnet20 (at one epoch
 *       the deeper residual net has not yet overtaken the shallower; the paper's curves separate later).</li>
 * </ol>
 */
public final class DegradationVerdict {

    /**
     * One check.
     *
     * @param claim      what is checked, in words
     * @param measured   the measured difference in percentage points (NaN when a model is missing)
     * @param requirement the bound, in words
     * @param passed     whether the measurement meets the bound
     */
    public record Check(String claim, double measured, String requirement, boolean passed) {

        public boolean applicable() {
            return !Double.isNaN(measured);
        }
    }

    private DegradationVerdict() {
    }

    /** The checks for final training errors (fractions in [0, 1]) keyed by model name. */
    public static List<Check> checks(Map<String, Double> finalTrainError) {
        List<Check> checks = new ArrayList<>();
        double plainGap = points(finalTrainError, "plain56", "plain20");
        checks.add(new Check("plain56 trains to a higher error than plain20 (degradation)", plainGap,
                "plain56 - plain20 >= +5.0", plainGap >= 5.0));
        double residualGain = points(finalTrainError, "plain56", "resnet56");
        checks.add(new Check("resnet56 trains to a lower error than plain56 (shortcuts fix it)", residualGain,
                "plain56 - resnet56 >= +5.0", residualGain >= 5.0));
        double residualGap = points(finalTrainError, "resnet56", "resnet20");
        checks.add(new Check("resnet56 trains about as well as resnet20 (depth does not hurt)", residualGap,
                "resnet56 - resnet20 <= +2.0", residualGap <= 2.0));
        return checks;
    }

    private static double points(Map<String, Double> errors, String minuend, String subtrahend) {
        Double a = errors.get(minuend);
        Double b = errors.get(subtrahend);
        return a == null || b == null ? Double.NaN : 100 * (a - b);
    }
}
