package io.cnnzoo.bench.experiment;

import io.cnnzoo.data.Split;
import io.cnnzoo.bench.train.Evaluator;
import io.cnnzoo.bench.train.MemoryBudget;
import io.cnnzoo.bench.train.Trainer;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.fetch.ConsoleProgress;
import io.cnnzoo.data.fetch.DatasetFiles;
import io.cnnzoo.data.fetch.FetchPolicy;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.ModelStats;
import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * He et al. 2016's degradation experiment: plain and residual nets of two depths trained with the same
 * recipe, seed and data order, one after another; the run folder gets the curves, checkpoints, a
 * summary with the verdict, and the Fig. 6-style chart. A run resumes from its last checkpoints.
 */
public final class DegradationExperiment {

    private static final int EVAL_BATCH = 500;

    private final DegradationConfig config;
    private final RunFolder folder;
    private final DataLocator locator;
    private final FetchPolicy fetchPolicy;
    private final PrintStream out;

    /** Never downloads: the dataset must be where {@code locator} looks (what tests use). */
    public DegradationExperiment(DegradationConfig config, RunFolder folder, DataLocator locator, PrintStream out) {
        this(config, folder, locator, FetchPolicy.OFFLINE, out);
    }

    /** With {@link FetchPolicy#DOWNLOAD}, a missing dataset is downloaded into the cache, with progress on {@code out}. */
    public DegradationExperiment(DegradationConfig config, RunFolder folder, DataLocator locator,
                                 FetchPolicy fetchPolicy, PrintStream out) {
        this.config = config;
        this.folder = folder;
        this.locator = locator;
        this.fetchPolicy = fetchPolicy;
        this.out = out;
    }

    /** Trains what is not yet trained, then writes the summary and chart; returns each model's final progress. */
    public List<ModelProgress> run() throws IOException {
        // Everything is checked before the run folder is written: a typo must not leave a folder that then
        // refuses the corrected command.
        DatasetSpec spec = Datasets.byName(config.dataset());
        Path dir = DatasetFiles.resolve(spec, locator, fetchPolicy, new ConsoleProgress(out));
        ImageDataset train = spec.load(dir, Split.TRAIN);
        ImageDataset test = spec.load(dir, Split.TEST);
        Map<String, ModelStats> stats = new LinkedHashMap<>();
        for (String model : config.models()) {
            ModelStats s = builder(model, train).stats(); // builds the configuration: fails on a bad model
            MemoryBudget.require("training " + model + " at batch " + config.batchSize(),
                    s.trainingMemoryBytes(config.batchSize()));
            stats.put(model, s);
        }
        RunClock clock = new RunClock(config, stats);
        boolean resumed = folder.open(config);
        ImageDataset trainSubset = train.randomSubset("train-subset", Math.min(config.trainSubsetSize(), train.size()),
                config.seed() + 1);
        out.println((resumed ? "Resuming " : "Starting ") + "run " + folder.root() + ": " + config.models() + " on "
                + train + " from " + dir);

        Map<String, ModelProgress> committed = new LinkedHashMap<>();
        for (String model : config.models()) {
            committed.put(model, folder.progress(model).orElse(ModelProgress.start(model)));
        }
        List<CurveRow> curves = folder.readCurves(List.copyOf(committed.values()));
        List<ModelProgress> results = new ArrayList<>();
        for (int m = 0; m < config.models().size(); m++) {
            String model = config.models().get(m);
            ModelProgress progress = committed.get(model);
            if (progress.completedIterations() < config.iterations()) {
                progress = train(model, m, progress, train, trainSubset, test, curves, clock);
            }
            clock.finished(model);
            results.add(progress);
        }
        new DegradationReport(config, results, curves).writeTo(folder);
        out.println("Wrote " + folder.file("summary.md") + " and " + folder.file("training-error.png"));
        return results;
    }

    private ModelProgress train(String model, int index, ModelProgress progress, ImageDataset train,
                                ImageDataset trainSubset, ImageDataset test, List<CurveRow> curves, RunClock clock)
            throws IOException {
        ComputationGraph graph = progress.completedIterations() > 0 ? folder.loadCheckpoint(progress)
                : builder(model, train).build();
        if (graph.getIterationCount() != progress.completedIterations()) {
            throw new RunFolderException(folder.root().resolve("checkpoints"), "the checkpoint of " + model
                    + " is at iteration " + graph.getIterationCount() + " but its progress file says "
                    + progress.completedIterations(), "delete checkpoints/" + model + ".json and checkpoints/" + model
                    + "-*.zip to train " + model + " again", null);
        }
        int resumeFrom = progress.completedIterations();
        curves.removeIf(row -> row.model().equals(model) && row.iteration() >= resumeFrom);
        if (resumeFrom > 0) {
            out.println("Resuming " + model + " at iteration " + resumeFrom);
        }

        boolean channelsLast = config.dataFormat() == CNN2DFormat.NHWC;
        Trainer trainer = new Trainer(graph, ImageBatchIterator.shuffled(train, config.batchSize(), config.seed())
                .channelsLast(channelsLast), config.schedule());
        Evaluator evaluator = new Evaluator(EVAL_BATCH, channelsLast);
        ProgressLine line = new ProgressLine(out);
        String where = String.format(Locale.ROOT, "[%s %d/%d]", model, index + 1, config.models().size());
        while (progress.completedIterations() < config.iterations()) {
            Trainer.Step step = trainer.step();
            progress = new ModelProgress(model, step.iteration() + 1, progress.trainSeconds() + step.seconds(),
                    progress.evalSeconds(), progress.trainImages() + step.images(), progress.trainError(),
                    progress.testError());
            CurveRow row = new CurveRow(model, step.iteration(), step.lr(), step.loss(), step.batchError(),
                    Double.NaN, Double.NaN);
            boolean evaluate = config.evaluatesAfter(step.iteration());
            if (evaluate) {
                long start = System.nanoTime();
                double trainError = evaluator.error(graph, trainSubset);
                double testError = evaluator.error(graph, test);
                progress = new ModelProgress(model, progress.completedIterations(), progress.trainSeconds(),
                        progress.evalSeconds() + (System.nanoTime() - start) / 1e9, progress.trainImages(),
                        trainError, testError);
                row = row.withEvaluation(trainError, testError);
            }
            curves.add(row);
            if (evaluate) {
                folder.checkpoint(graph, progress, curves);
            }
            double modelLeft = clock.modelSecondsLeft(progress);
            line.print(evaluate, where, progress.imagesPerSecond(), modelLeft, clock.runSecondsLeft(model, modelLeft),
                    String.format(Locale.ROOT, "it %d/%d  lr %.4f  loss %.3f  batch err %.1f%%%s",
                            progress.completedIterations(), config.iterations(), step.lr(), step.loss(),
                            100 * step.batchError(), evaluate ? String.format(Locale.ROOT,
                                    "  train-subset err %.2f%%  test err %.2f%%", 100 * progress.trainError(),
                                    100 * progress.testError()) : ""));
        }
        return progress;
    }

    /** {@code model} as this run trains it on {@code train}'s images. */
    private ModelBuilder<?> builder(String model, ImageDataset train) {
        return Zoo.builder(model)
                .numClasses(train.numClasses())
                .inputShape(train.channels(), train.height(), train.width())
                .seed(config.seed())
                .updater(new Nesterovs(config.schedule(), config.momentum()))
                .weightDecay(config.weightDecay())
                .dataFormat(config.dataFormat());
    }

    /**
     * Estimates the time left: the current model from its own speed (training and evaluation), models
     * still to come from the current speed scaled by their layer counts.
     */
    private static final class RunClock {

        private final DegradationConfig config;
        private final Map<String, Integer> layers = new LinkedHashMap<>();
        private final Set<String> finished = new HashSet<>();
        private double secondsPerLayerIteration = Double.NaN;

        RunClock(DegradationConfig config, Map<String, ModelStats> stats) {
            this.config = config;
            stats.forEach((model, s) -> layers.put(model, s.vertices().size()));
        }

        double modelSecondsLeft(ModelProgress progress) {
            double perIteration = (progress.trainSeconds() + progress.evalSeconds())
                    / Math.max(1, progress.completedIterations());
            secondsPerLayerIteration = perIteration / layers.get(progress.model());
            return perIteration * (config.iterations() - progress.completedIterations());
        }

        double runSecondsLeft(String current, double currentLeft) {
            double left = currentLeft;
            for (String model : config.models()) {
                if (!model.equals(current) && !finished.contains(model)) {
                    left += secondsPerLayerIteration * layers.get(model) * config.iterations();
                }
            }
            return left;
        }

        void finished(String model) {
            finished.add(model);
        }
    }
}
