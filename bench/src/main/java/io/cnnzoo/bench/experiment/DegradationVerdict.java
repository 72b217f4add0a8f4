package io.cnnzoo.bench.experiment;

import io.cnnzoo.zoo.ModelSpec;
import io.cnnzoo.zoo.Zoo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * He et al. 2016's findings, checked on the final training error of the fixed training subset (mean over
 * seeds), in percentage points, for whatever depths a run trained. The models say what they are
 * ({@link ModelSpec#residual()}, {@link ModelSpec#depth()}); their names are not parsed.
 * <ol>
 *   <li>degradation: in the plain family, training error rises with every step in depth, and the deepest
 *       exceeds the shallowest by at least the margin (Fig. 6 left);</li>
 *   <li>residual learning: in the residual family, no step in depth raises training error by more than the
 *       tolerance (Fig. 6 middle);</li>
 *   <li>shortcuts fix it: at the deepest depth both families trained, the residual net is at least the margin
 *       below the plain one.</li>
 * </ol>
 * A check whose models were not trained (or diverged) is not applicable.
 */
public final class DegradationVerdict {

    /**
     * One check.
     *
     * @param claim       what is checked, in words
     * @param measured    the measured difference in percentage points (NaN when not applicable)
     * @param finding     what the numbers show, in words, with every step's margin
     * @param requirement the bound, in words
     * @param passed      whether the measurement meets the bound
     */
    public record Check(String claim, double measured, String finding, String requirement, boolean passed) {

        public boolean applicable() {
            return !Double.isNaN(measured);
        }
    }

    private record Point(String model, int depth, double error) {
    }

    private DegradationVerdict() {
    }

    /** The checks for final training errors (fractions in [0, 1]) keyed by model name. */
    public static List<Check> checks(Map<String, Double> finalTrainError, DegradationConfig.VerdictMargins margins) {
        List<Point> plain = family(finalTrainError, false);
        List<Point> residual = family(finalTrainError, true);
        List<Check> checks = new ArrayList<>();
        checks.add(degradation(plain, margins.margin()));
        checks.add(residualDepth(residual, margins.tolerance()));
        checks.add(shortcuts(plain, residual, margins.margin()));
        return checks;
    }

    private static Check degradation(List<Point> plain, double margin) {
        String claim = "plain nets train to a higher error the deeper they are (degradation)";
        if (plain.size() < 2) {
            return notApplicable(claim, "needs plain nets of two depths");
        }
        Point shallow = plain.get(0);
        Point deep = plain.get(plain.size() - 1);
        double measured = points(deep, shallow);
        boolean everyStepRises = steps(plain).stream().allMatch(step -> step > 0);
        return new Check(claim, measured, describe(plain),
                "every step > 0 and " + deep.model() + " - " + shallow.model() + " >= " + signed(margin),
                everyStepRises && measured >= margin);
    }

    private static Check residualDepth(List<Point> residual, double tolerance) {
        String claim = "residual nets do not train to a higher error the deeper they are";
        if (residual.size() < 2) {
            return notApplicable(claim, "needs residual nets of two depths");
        }
        double measured = points(residual.get(residual.size() - 1), residual.get(0));
        boolean noStepRises = steps(residual).stream().allMatch(step -> step <= tolerance);
        return new Check(claim, measured, describe(residual), "every step <= " + signed(tolerance), noStepRises);
    }

    private static Check shortcuts(List<Point> plain, List<Point> residual, double margin) {
        String claim = "shortcuts fix it: the residual net trains lower than the plain net of the same depth";
        Point deepestPlain = null;
        Point deepestResidual = null;
        for (Point p : plain) {
            for (Point r : residual) {
                if (p.depth() == r.depth()) {
                    deepestPlain = p;
                    deepestResidual = r;
                }
            }
        }
        if (deepestPlain == null) {
            return notApplicable(claim, "needs a plain and a residual net of one depth");
        }
        double measured = points(deepestPlain, deepestResidual);
        return new Check(claim, measured, String.format(Locale.ROOT, "%s %.2f%%, %s %.2f%%", deepestPlain.model(),
                deepestPlain.error(), deepestResidual.model(), deepestResidual.error()),
                deepestPlain.model() + " - " + deepestResidual.model() + " >= " + signed(margin), measured >= margin);
    }

    /** A family's models in depth order, with their errors in percent. */
    private static List<Point> family(Map<String, Double> errors, boolean residual) {
        List<Point> family = new ArrayList<>();
        errors.forEach((model, error) -> {
            ModelSpec spec = Zoo.spec(model);
            if (spec.residual() == residual && !Double.isNaN(error)) {
                family.add(new Point(model, spec.depth(), 100 * error));
            }
        });
        family.sort(Comparator.comparingInt(Point::depth));
        return family;
    }

    private static List<Double> steps(List<Point> family) {
        List<Double> steps = new ArrayList<>();
        for (int i = 1; i < family.size(); i++) {
            steps.add(points(family.get(i), family.get(i - 1)));
        }
        return steps;
    }

    /** "rises with depth: plain20 10.37% → plain56 21.38% (+11.01)". */
    private static String describe(List<Point> family) {
        List<Double> steps = steps(family);
        String direction = steps.stream().allMatch(s -> s > 0) ? "rises with depth"
                : steps.stream().allMatch(s -> s < 0) ? "falls with depth" : "does not change monotonically with depth";
        StringBuilder text = new StringBuilder(direction).append(": ");
        for (int i = 0; i < family.size(); i++) {
            Point p = family.get(i);
            if (i > 0) {
                text.append(String.format(Locale.ROOT, " → (%s) ", signed(steps.get(i - 1))));
            }
            text.append(String.format(Locale.ROOT, "%s %.2f%%", p.model(), p.error()));
        }
        return text.toString();
    }

    private static Check notApplicable(String claim, String why) {
        return new Check(claim, Double.NaN, why, "-", false);
    }

    private static double points(Point minuend, Point subtrahend) {
        return minuend.error() - subtrahend.error();
    }

    private static String signed(double points) {
        return String.format(Locale.ROOT, "%+.2f", points);
    }
}
