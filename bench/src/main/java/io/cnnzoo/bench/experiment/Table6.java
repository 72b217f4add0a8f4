package io.cnnzoo.bench.experiment;

import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.reports.markdown.MarkdownTable;
import io.cnnzoo.zoo.ModelSpec;
import io.cnnzoo.zoo.Zoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * He et al. 2016's Table 6 for a run: each model's depth and parameters, its final held-out error as the mean
 * and sample standard deviation over the seeds, and, on CIFAR-10's test set, the paper's value and the
 * difference. Computed from the curves (each run's last evaluation), not from the progress files.
 */
final class Table6 {

    /**
     * One model.
     *
     * @param errors   the final held-out error (%) of each seed's run that did not diverge
     * @param diverged runs of this model that diverged
     */
    record Row(String model, int depth, boolean residual, long params, List<Double> errors, int diverged,
               Optional<Double> paper) {

        double mean() {
            return errors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** The sample standard deviation (n - 1), NaN for fewer than two runs. */
        double sd() {
            if (errors.size() < 2) {
                return Double.NaN;
            }
            double mean = mean();
            double squares = errors.stream().mapToDouble(e -> (e - mean) * (e - mean)).sum();
            return Math.sqrt(squares / (errors.size() - 1));
        }
    }

    private Table6() {
    }

    static List<Row> rows(DegradationConfig config, List<CurveRow> curves, Map<String, Long> params,
                          Set<String> divergedRuns) {
        Map<String, Double> lastError = new LinkedHashMap<>();
        for (CurveRow row : curves) {
            if (!Double.isNaN(row.testError())) {
                lastError.put(row.model(), 100 * row.testError());
            }
        }
        boolean paperComparable = config.dataset().equals("cifar-10") && config.validationSize() == 0;
        List<Row> rows = new ArrayList<>();
        for (String model : config.models()) {
            ModelSpec spec = Zoo.spec(model);
            List<Double> errors = new ArrayList<>();
            int diverged = 0;
            for (RunKey run : config.runs()) {
                if (!run.model().equals(model)) {
                    continue;
                }
                if (divergedRuns.contains(run.name())) {
                    diverged++;
                } else if (lastError.containsKey(run.name())) {
                    errors.add(lastError.get(run.name()));
                }
            }
            rows.add(new Row(model, spec.depth(), spec.residual(), params.getOrDefault(model, -1L), errors, diverged,
                    paperComparable ? HeEtAl2016.cifar10TestError(spec.family(), spec.depth()) : Optional.empty()));
        }
        return rows;
    }

    static String markdown(List<Row> rows, String heldOut) {
        MarkdownTable table = new MarkdownTable("model", ">depth", ">params", ">" + heldOut + " error (%)", ">runs",
                ">He et al. 2016 (%)", ">difference (points)");
        for (Row row : rows) {
            String measured = row.errors().isEmpty() ? "-" : Double.isNaN(row.sd())
                    ? String.format(Locale.ROOT, "%.2f", row.mean())
                    : String.format(Locale.ROOT, "%.2f ± %.2f", row.mean(), row.sd());
            String runs = row.errors().size() + (row.diverged() > 0 ? " (+" + row.diverged() + " diverged)" : "");
            String paper = row.paper().map(p -> String.format(Locale.ROOT, "%.2f", p)
                    + (row.depth() == 110 ? " (" + HeEtAl2016.RESNET110_NOTE + ")" : "")).orElse("-");
            String difference = row.paper().isPresent() && !row.errors().isEmpty()
                    ? String.format(Locale.ROOT, "%+.2f", row.mean() - row.paper().get()) : "-";
            table.row(row.model(), row.depth(), String.format(Locale.ROOT, "%.2fM", row.params() / 1e6), measured,
                    runs, paper, difference);
        }
        return table.render();
    }
}
