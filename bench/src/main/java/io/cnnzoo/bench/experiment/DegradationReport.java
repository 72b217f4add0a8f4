package io.cnnzoo.bench.experiment;

import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.RunKind;
import io.cnnzoo.reports.chart.Chart;
import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.reports.curves.Fig6Chart;
import io.cnnzoo.reports.curves.TrainingErrorChart;
import io.cnnzoo.reports.html.HtmlReport;
import io.cnnzoo.reports.html.RunEnvironment;
import io.cnnzoo.reports.markdown.MarkdownTable;
import io.cnnzoo.zoo.ModelSpec;
import io.cnnzoo.zoo.ModelStats;
import io.cnnzoo.zoo.Zoo;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The run folder's summary.md (recipe, results, Table 6, verdict, machine), report.html (the same as one
 * self-contained page, the verdict and final errors first, charts inline), table6.md, fig6.png/svg (He et
 * al. 2016's Fig. 6) and training-error.png/svg (the mini-batch error of every run).
 */
public final class DegradationReport {

    /** Trailing window of the mini-batch error chart's average, in iterations. */
    private static final int CHART_WINDOW = 20;

    /** The depth of the paper's right panel: ResNet-110 against ResNet-1202. */
    private static final int RIGHT_PANEL_DEPTH = 1202;

    private final DegradationConfig config;
    private final List<ModelProgress> results;
    private final List<CurveRow> curves;
    private final Map<String, Long> params = new LinkedHashMap<>();

    DegradationReport(DegradationConfig config, List<ModelProgress> results, List<CurveRow> curves,
                      Map<String, ModelStats> stats) {
        this.config = config;
        this.results = results;
        this.curves = curves;
        stats.forEach((model, s) -> params.put(model, s.trainableParams()));
    }

    /**
     * Renders an experiment folder again from its files alone (config.json, curves.csv, the progress files in
     * checkpoints/, environment.json), e.g. a reference run whose weights were left out, or an old run with
     * today's charts.
     */
    public static void rerender(RunFolder folder) throws IOException {
        RunKind.checkSchema(folder.root());
        DegradationConfig config = folder.readConfig();
        List<ModelProgress> results = new ArrayList<>();
        for (RunKey run : config.runs()) {
            folder.progress(run.name()).ifPresent(results::add);
        }
        if (results.isEmpty()) {
            throw new RunFolderException(folder.root().resolve("checkpoints"), "holds no progress file of any run of "
                    + config.models(), "run the command that started this run to train it first", null);
        }
        DatasetSpec dataset = Datasets.byName(config.dataset());
        Map<String, ModelStats> stats = new LinkedHashMap<>();
        for (String model : config.models()) {
            stats.put(model, Zoo.builder(model).numClasses(dataset.numClasses()).inputShape(dataset.shape().channels(),
                    dataset.shape().height(), dataset.shape().width()).stats());
        }
        new DegradationReport(config, results, folder.readCurves(results), stats).writeTo(folder);
    }

    void writeTo(RunFolder folder) throws IOException {
        RunEnvironment environment = RunEnvironment.of(folder.root());
        String summary = summary(environment);
        AtomicFiles.writeString(folder.file("summary.md"), summary);
        AtomicFiles.writeString(folder.file("table6.md"), "# Table 6: " + config.dataset() + ", " + config.preset()
                + " preset\n\n" + Table6.markdown(table6(), config.heldOut()));
        Fig6Chart fig6 = new Fig6Chart(config.heldOut());
        List<Chart> panels = fig6.charts(curves, this::modelOfRun, panels(), colours());
        List<String> panelSvgs = fig6.write(panels, folder.file("fig6.png"), folder.file("fig6.svg"));
        TrainingErrorChart batchError = new TrainingErrorChart(config.dataset() + ", " + config.preset()
                + " preset: mini-batch training error", CHART_WINDOW);
        String batchErrorSvg = batchError.write(curves, styles(), folder.file("training-error.png"),
                folder.file("training-error.svg"));

        Map<String, String> svgs = new LinkedHashMap<>();
        svgs.put("fig6.png", String.join("", panelSvgs));
        svgs.put("training-error.png", batchErrorSvg);
        AtomicFiles.writeString(folder.file("report.html"), HtmlReport.render(title(),
                config.description().isEmpty() ? config.dataset() : config.description(), environment.facts(),
                headlines(), summary.substring(summary.indexOf('\n') + 1), svgs));
    }

    /** The verdict's checks (passed or failed, in words and colour), then each run's final errors. */
    private List<HtmlReport.Headline> headlines() {
        List<HtmlReport.Headline> headlines = new ArrayList<>();
        for (DegradationVerdict.Check check : DegradationVerdict.checks(meanFinalTrainError(), config.verdict())) {
            if (check.applicable()) {
                headlines.add(new HtmlReport.Headline(check.claim(), (check.passed() ? "PASS " : "FAIL ")
                        + String.format(Locale.ROOT, "%+.2f points", check.measured()), check.finding() + "; required: "
                        + check.requirement(), check.passed() ? "good" : "bad"));
            }
        }
        for (ModelProgress p : results) {
            headlines.add(HtmlReport.Headline.of(p.model() + (p.hasDiverged() ? " (diverged)" : ""),
                    Double.isNaN(p.trainError()) ? "not evaluated" : percent(p.trainError()) + "% / "
                            + percent(p.testError()) + "%",
                    "final training / " + config.heldOut() + " error after " + p.completedIterations() + " iterations"));
        }
        return headlines;
    }

    private String title() {
        return config.preset().equals("train")
                ? "Training run: " + String.join(", ", config.models()) + " on " + config.dataset()
                : "Degradation experiment: " + config.preset() + " preset";
    }

    String summary(RunEnvironment environment) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title()).append("\n\n");
        md.append(recipe()).append("\n\n");

        MarkdownTable table = new MarkdownTable("run", ">iterations", ">training error (%)",
                ">" + config.heldOut() + " error (%)", ">training time", ">images/s", ">evaluation time", "status");
        for (ModelProgress p : results) {
            table.row(p.model(), p.completedIterations(), percent(p.trainError()), percent(p.testError()),
                    ProgressLine.duration(p.trainSeconds()), String.format(Locale.ROOT, "%.1f", p.imagesPerSecond()),
                    ProgressLine.duration(p.evalSeconds()), p.hasDiverged() ? "diverged" : "");
        }
        md.append(table.render()).append('\n');
        double total = results.stream().mapToDouble(p -> p.trainSeconds() + p.evalSeconds()).sum();
        md.append("Total wall time of training and evaluation: ").append(ProgressLine.duration(total)).append(".\n\n");
        for (ModelProgress p : results) {
            if (p.hasDiverged()) {
                md.append("**").append(p.model()).append(" stopped**: ").append(p.diverged())
                        .append(". Its errors above are from its last evaluation before that.\n\n");
            }
        }

        md.append("## Table 6\n\n").append(Table6.markdown(table6(), config.heldOut())).append('\n');
        md.append(config.dataset().equals("cifar-10") && config.validationSize() == 0
                ? "He et al.'s values are Table 6's CIFAR-10 test errors; they give no numbers for the plain nets.\n\n"
                : "He et al.'s Table 6 is on CIFAR-10's test set, so it is not compared here.\n\n");

        md.append("## Fig. 6\n\n![Fig. 6](fig6.png)\n\n");
        md.append(String.format(Locale.ROOT, "As in He et al. 2016, Fig. 6: dashed lines are the training error (on a "
                + "fixed %d-image subset of the training images, in inference mode), bold lines the %s error, at "
                + "every evaluation%s. Below, the mini-batch error of every run, averaged over %d iterations, with "
                + "the training-subset evaluations as markers.\n\n![mini-batch training error](training-error.png)\n\n",
                config.trainSubsetSize(), config.heldOut(),
                config.seeds().size() > 1 ? "; lines are means over the seeds, shaded one standard deviation" : "",
                CHART_WINDOW));

        md.append("## Verdict\n\n");
        md.append("On the final training error of the training subset (mean over seeds), in percentage points:\n\n");
        MarkdownTable verdict = new MarkdownTable("check", "finding", ">measured (points)", "required", "result");
        for (DegradationVerdict.Check check : DegradationVerdict.checks(meanFinalTrainError(), config.verdict())) {
            verdict.row(check.claim(), check.finding(),
                    check.applicable() ? String.format(Locale.ROOT, "%+.2f", check.measured()) : "n/a",
                    check.requirement(), !check.applicable() ? "not run" : check.passed() ? "PASS" : "FAIL");
        }
        md.append(verdict.render()).append('\n');

        md.append("## Machine\n\nAs recorded when the run started:\n\n").append(environment.markdown());
        return md.toString();
    }

    /** The recipe in one paragraph, from the configuration. */
    private String recipe() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s, %d iterations of %d images per model; "
                        + "SGD with %s momentum %.2g, L2 weight decay %.1e on every weight, bias and batch norm "
                        + "parameter; learning rate %s", config.dataset(), config.iterations(), config.batchSize(),
                config.updater().equals("momentum") ? "classical" : "Nesterov", config.momentum(),
                config.weightDecay(), config.schedule(config.models().get(0))));
        config.modelWarmups().keySet().forEach(model -> text.append("; ").append(model).append(": ")
                .append(config.schedule(model)));
        text.append(config.seeds().size() > 1 ? "; seeds " + config.seeds() : "; seed " + config.seeds().get(0));
        if (config.cropPadding() > 0 || config.flipProbability() > 0) {
            text.append(String.format(Locale.ROOT, "; augmentation: %d-pixel zero padding and a random crop, "
                    + "horizontal flip with probability %.2g", config.cropPadding(), config.flipProbability()));
        }
        if (config.meanImage()) {
            text.append("; the per-pixel mean of the training images subtracted");
        }
        text.append(config.validationSize() > 0 ? String.format(Locale.ROOT, "; %d training images held out as the "
                + "validation set", config.validationSize()) : "; trained on the whole training split");
        text.append(String.format(Locale.ROOT, ". Errors are fractions of misclassified images in inference mode: "
                + "training error on a fixed %d-image subset of the training images, %s error on the %s images.",
                config.trainSubsetSize(), config.heldOut(), config.heldOut()));
        return text.toString();
    }

    private List<Table6.Row> table6() {
        Set<String> diverged = results.stream().filter(ModelProgress::hasDiverged).map(ModelProgress::model)
                .collect(Collectors.toSet());
        return Table6.rows(config, curves, params, diverged);
    }

    /** Each model's final training-subset error, the mean over its seeds' runs that did not diverge. */
    private Map<String, Double> meanFinalTrainError() {
        Map<String, List<Double>> byModel = new LinkedHashMap<>();
        for (ModelProgress p : results) {
            if (!p.hasDiverged() && !Double.isNaN(p.trainError())) {
                byModel.computeIfAbsent(modelOfRun(p.model()), m -> new ArrayList<>()).add(p.trainError());
            }
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        byModel.forEach((model, errors) -> mean.put(model,
                errors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        return mean;
    }

    /** Fig. 6's panels: plain nets, residual nets, and ResNet-110 vs 1202 when 1202 was run. */
    private List<Fig6Chart.Panel> panels() {
        List<String> plain = new ArrayList<>();
        List<String> residual = new ArrayList<>();
        List<String> right = new ArrayList<>();
        for (String model : config.models()) {
            ModelSpec spec = Zoo.spec(model);
            if (!spec.residual()) {
                plain.add(model);
            } else if (spec.family().equals(HeEtAl2016.FAMILY) && spec.depth() >= RIGHT_PANEL_DEPTH) {
                right.add(model);
            } else {
                residual.add(model);
            }
        }
        if (!right.isEmpty()) {
            config.models().stream().filter(m -> Zoo.spec(m).family().equals(HeEtAl2016.FAMILY)
                            && Zoo.spec(m).depth() == 110)
                    .forEach(m -> right.add(0, m));
        }
        List<Fig6Chart.Panel> panels = new ArrayList<>();
        if (!plain.isEmpty()) {
            panels.add(new Fig6Chart.Panel("plain nets", plain));
        }
        if (!residual.isEmpty()) {
            panels.add(new Fig6Chart.Panel("residual nets", residual, paperValues(residual)));
        }
        if (!right.isEmpty()) {
            panels.add(new Fig6Chart.Panel("residual nets, deepest", right, paperValues(right)));
        }
        return panels;
    }

    /** Table 6's test errors of the panel's models, as reference lines, where this run is comparable with it. */
    private List<Chart.Reference> paperValues(List<String> models) {
        List<Chart.Reference> references = new ArrayList<>();
        if (!config.dataset().equals("cifar-10") || config.validationSize() > 0) {
            return references;
        }
        Function<String, Color> colours = colours();
        for (String model : models) {
            ModelSpec spec = Zoo.spec(model);
            HeEtAl2016.cifar10TestError(spec.family(), spec.depth()).ifPresent(error -> references.add(
                    new Chart.Reference("He et al.: " + model + " " + error + "%", error, colours.apply(model))));
        }
        return references;
    }

    private String modelOfRun(String run) {
        return config.runs().stream().filter(r -> r.name().equals(run)).map(RunKey::model).findFirst().orElse(run);
    }

    /** One colour per depth, the same in every panel. */
    private Function<String, Color> colours() {
        List<Integer> depths = List.copyOf(new TreeSet<>(config.models().stream().map(m -> Zoo.spec(m).depth())
                .toList()));
        return model -> TrainingErrorChart.DEPTH_COLOURS.get(depths.indexOf(Zoo.spec(model).depth())
                % TrainingErrorChart.DEPTH_COLOURS.size());
    }

    /** Plain nets dashed, residual nets solid, one colour per depth (He et al. 2016, Fig. 6). */
    private Function<String, TrainingErrorChart.Style> styles() {
        Function<String, Color> colours = colours();
        return run -> {
            String model = modelOfRun(run);
            return new TrainingErrorChart.Style(!Zoo.spec(model).residual(), colours.apply(model));
        };
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }
}
