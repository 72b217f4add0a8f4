package io.cnnzoo.bench.experiment;

import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.reports.curves.TrainingErrorChart;
import io.cnnzoo.reports.markdown.MarkdownTable;
import io.cnnzoo.zoo.Zoo;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** The run folder's summary.md (results, verdict, recipe, machine) and training-error.png. */
final class DegradationReport {

    /** Trailing window of the chart's mini-batch error average, in iterations. */
    private static final int CHART_WINDOW = 20;

    private final DegradationConfig config;
    private final List<ModelProgress> results;
    private final List<CurveRow> curves;

    DegradationReport(DegradationConfig config, List<ModelProgress> results, List<CurveRow> curves) {
        this.config = config;
        this.results = results;
        this.curves = curves;
    }

    void writeTo(RunFolder folder) throws IOException {
        AtomicFiles.writeString(folder.file("summary.md"), summary());
        new TrainingErrorChart(config.dataset() + ", " + config.preset() + " preset: training error", CHART_WINDOW)
                .writePng(curves, styles(), folder.file("training-error.png"));
    }

    String summary() {
        StringBuilder md = new StringBuilder();
        md.append("# Degradation experiment: ").append(config.preset()).append(" preset\n\n");
        md.append(String.format(Locale.ROOT, "%s, %d iterations of %d images per model; SGD with Nesterov momentum %.2g, "
                        + "L2 weight decay %.1e; learning rate %s; seed %d. Errors are fractions of misclassified "
                        + "images in inference mode: training error on a fixed %d-image subset of the training set, "
                        + "test error on the test set.%n%n",
                config.dataset(), config.iterations(), config.batchSize(), config.momentum(), config.weightDecay(),
                config.schedule(), config.seed(), config.trainSubsetSize()));

        MarkdownTable table = new MarkdownTable("model", ">iterations", ">training error (%)", ">test error (%)",
                ">training time", ">images/s", ">evaluation time");
        Map<String, Double> finalTrainError = new LinkedHashMap<>();
        for (ModelProgress p : results) {
            table.row(p.model(), p.completedIterations(), percent(p.trainError()), percent(p.testError()),
                    ProgressLine.duration(p.trainSeconds()), String.format(Locale.ROOT, "%.1f", p.imagesPerSecond()),
                    ProgressLine.duration(p.evalSeconds()));
            finalTrainError.put(p.model(), p.trainError());
        }
        md.append(table.render()).append('\n');
        double total = results.stream().mapToDouble(p -> p.trainSeconds() + p.evalSeconds()).sum();
        md.append("Total wall time of training and evaluation: ").append(ProgressLine.duration(total)).append(".\n\n");
        md.append(String.format(Locale.ROOT, "![training error](training-error.png)%n%nIn the chart, lines are the "
                + "mini-batch training error averaged over the last %d iterations (plain nets dashed, residual nets "
                + "solid, one colour per depth, as in He et al. 2016, Fig. 6); markers are the training-subset "
                + "evaluations.%n%n", CHART_WINDOW));

        md.append("## Verdict\n\n");
        md.append("On the final training error of the training subset, in percentage points:\n\n");
        MarkdownTable verdict = new MarkdownTable("check", ">measured (points)", "required", "result");
        for (DegradationVerdict.Check check : DegradationVerdict.checks(finalTrainError)) {
            verdict.row(check.claim(), check.applicable() ? String.format(Locale.ROOT, "%+.2f", check.measured()) : "n/a",
                    check.requirement(), !check.applicable() ? "not run" : check.passed() ? "PASS" : "FAIL");
        }
        md.append(verdict.render()).append('\n');

        md.append("## Machine\n\n");
        md.append("- ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).append('\n');
        md.append("- Java ").append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" processors\n");
        md.append("- ND4J backend ").append(Nd4j.getBackend().getClass().getSimpleName()).append('\n');
        return md.toString();
    }

    /** Plain nets dashed, residual nets solid, one colour per depth (He et al. 2016, Fig. 6). */
    private Function<String, TrainingErrorChart.Style> styles() {
        List<Integer> depths = List.copyOf(new TreeSet<>(config.models().stream().map(DegradationReport::depth).toList()));
        return model -> new TrainingErrorChart.Style(Zoo.spec(model).family().startsWith("plain"),
                TrainingErrorChart.DEPTH_COLOURS.get(depths.indexOf(depth(model))
                        % TrainingErrorChart.DEPTH_COLOURS.size()));
    }

    private static int depth(String model) {
        String digits = model.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }
}
