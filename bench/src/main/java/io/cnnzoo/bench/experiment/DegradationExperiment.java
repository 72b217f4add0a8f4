package io.cnnzoo.bench.experiment;

import io.cnnzoo.bench.train.Evaluator;
import io.cnnzoo.bench.train.MemoryBudget;
import io.cnnzoo.bench.train.Parallelism;
import io.cnnzoo.bench.train.StepRunner;
import io.cnnzoo.bench.train.Trainer;
import io.cnnzoo.bench.train.TrainingDivergedException;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.Split;
import io.cnnzoo.data.fetch.ConsoleProgress;
import io.cnnzoo.data.fetch.DatasetFiles;
import io.cnnzoo.data.fetch.FetchPolicy;
import io.cnnzoo.data.transform.Augmentation;
import io.cnnzoo.data.transform.MeanImage;
import io.cnnzoo.data.transform.Normalization;
import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.ModelStats;
import io.cnnzoo.zoo.Zoo;
import io.cnnzoo.zoo.transfer.Transfer;
import io.cnnzoo.zoo.weights.Weights;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;

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
 * He et al. 2016's degradation experiment: plain and residual nets of several depths trained with the same
 * recipe, seed and data order, one after another, once per seed; the run folder gets the curves,
 * checkpoints, a summary with the verdict, Fig. 6 and Table 6. A run resumes from its last checkpoints; a
 * model whose loss diverges is stopped, and the others carry on.
 */
public final class DegradationExperiment {

    private static final int EVAL_BATCH = 500;

    /**
     * Steps ParallelWrapper fits in one call at most. Each call copies the graph for the workers and starts their
     * threads: about 0.46 s for resnet20 here, 6% of 20 steps and 2.5% of 50 (measured on 2 cores with two
     * workers). Few enough that an interruption is answered within 50 steps.
     */
    static final int MAX_PARALLEL_CHUNK = 50;

    /**
     * A loss this many times chance level's ln(classes) has exploded: a model that learns stays near or below
     * chance (quick preset: 2.3 falling to 0.3), and a loss of 50 ln(10) = 115 means logits hundreds apart.
     */
    static final double EXPLODED_LOSS_OVER_CHANCE = 50;

    private final DegradationConfig config;
    private final RunFolder folder;
    private final DataLocator locator;
    private final FetchPolicy fetchPolicy;
    private final PrintStream out;
    private Parallelism parallelism = Parallelism.SINGLE;

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

    /**
     * Trains every model with {@code parallelism}'s ParallelWrapper workers instead of on this thread. Not part
     * of the configuration: a run may resume with another worker count (only batch normalisation's statistics,
     * taken over B/N images, and the order of sums differ).
     */
    public DegradationExperiment parallelism(Parallelism parallelism) {
        this.parallelism = parallelism;
        return this;
    }

    /** The images a run trains and evaluates on, prepared as the configuration says. */
    public record Data(ImageDataset train, ImageDataset heldOut, ImageDataset trainSubset, Normalization normalization,
                Path dir) {
    }

    /** Loads the dataset, holds the validation images out, and computes the mean image, as {@code config} says. */
    public static Data prepare(DegradationConfig config, DataLocator locator, FetchPolicy fetchPolicy, PrintStream out)
            throws IOException {
        DatasetSpec spec = Datasets.byName(config.dataset());
        Path dir = DatasetFiles.resolve(spec, locator, fetchPolicy, new ConsoleProgress(out));
        ImageDataset train = spec.load(dir, Split.TRAIN);
        ImageDataset heldOut;
        if (config.validationSize() > 0) {
            // The same images for every seed of the run: held out by the first seed.
            var split = train.split(config.validationSize(), config.seeds().get(0));
            train = split.train();
            heldOut = split.validation();
        } else {
            heldOut = spec.load(dir, Split.TEST);
        }
        ImageDataset trainSubset = train.randomSubset("train-subset", Math.min(config.trainSubsetSize(), train.size()),
                config.seeds().get(0) + 1);
        Normalization normalization = config.meanImage() ? MeanImage.of(train) : null;
        return new Data(train, heldOut, trainSubset, normalization, dir);
    }

    /** Trains what is not yet trained, then writes the summary and charts; returns each run's final progress. */
    public List<ModelProgress> run() throws IOException {
        return run(prepare(config, locator, fetchPolicy, out));
    }

    /**
     * As {@link #run()}, on {@code data} that {@link #prepare} made for a configuration equal to this one but for
     * its schedule (iterations, milestones, evaluation interval), which the data does not depend on: {@code cnnzoo
     * train} counts an epoch's iterations on the images it then trains on.
     */
    public List<ModelProgress> run(Data data) throws IOException {
        // Everything is checked before the run folder is written: a typo must not leave a folder that then
        // refuses the corrected command.
        if (config.batchSize() % parallelism.workers() != 0) {
            throw new IllegalArgumentException("a batch of " + config.batchSize() + " images does not split into "
                    + parallelism.workers() + " equal sub-batches: choose a batch size that is a multiple of --workers");
        }
        int lastBatch = data.train().size() % config.batchSize();
        if (lastBatch != 0 && lastBatch < parallelism.workers()) {
            throw new IllegalArgumentException("the last batch of every epoch holds " + lastBatch + " of the "
                    + data.train().size() + " training images, fewer than the " + parallelism.workers()
                    + " workers that must share it: choose another batch size or fewer workers");
        }
        Map<String, ModelStats> stats = new LinkedHashMap<>();
        for (String model : config.models()) {
            ModelStats s = builder(model, config.seeds().get(0), data.train()).stats(); // fails on a bad model
            MemoryBudget.require("training " + model + " at batch " + config.batchSize(),
                    s.trainingMemoryBytes(config.batchSize()));
            stats.put(model, s);
        }
        if (!config.initialWeights().isEmpty() && !java.nio.file.Files.exists(folder.file("config.json"))) {
            for (String model : config.models()) {
                start(model, config.seeds().get(0), data.train()); // fails on a missing or unfitting file
            }
        }
        RunClock clock = new RunClock(config, stats);
        boolean resumed = folder.open(config);
        out.println((resumed ? "Resuming " : "Starting ") + "run " + folder.root() + ": " + config.models()
                + (config.seeds().size() > 1 ? " x seeds " + config.seeds() : "") + " on " + data.train() + " from "
                + data.dir() + "; evaluated on " + data.heldOut().size() + " " + config.heldOut() + " images"
                + (parallelism.parallel() ? "; " + parallelism : ""));

        Map<String, ModelProgress> committed = new LinkedHashMap<>();
        for (RunKey run : config.runs()) {
            committed.put(run.name(), folder.progress(run.name()).orElse(ModelProgress.start(run.name())));
        }
        List<CurveRow> curves = folder.readCurves(List.copyOf(committed.values()));
        List<ModelProgress> results = new ArrayList<>();
        List<RunKey> runs = config.runs();
        try (Interruption interruption = new Interruption()) {
            for (int r = 0; r < runs.size(); r++) {
                RunKey run = runs.get(r);
                if (interruption.requested()) {
                    throw new RunInterruptedException("Interrupted before " + run.name() + "; to resume, run the same "
                            + "command with --out " + folder.root());
                }
                ModelProgress progress = committed.get(run.name());
                if (progress.hasDiverged()) {
                    out.println(run.name() + " diverged in an earlier session (" + progress.diverged()
                            + "); not retrained");
                } else if (progress.completedIterations() < config.iterations()) {
                    progress = train(run, r, progress, data, curves, clock, interruption);
                }
                clock.finished(run.name());
                results.add(progress);
            }
            // Still under the interruption's hook: an exit request waits until the report is whole.
            new DegradationReport(config, results, curves, stats).writeTo(folder);
        }
        out.println("Wrote " + folder.file("summary.md") + ", " + folder.file("table6.md") + " and the charts");
        return results;
    }

    private ModelProgress train(RunKey run, int index, ModelProgress progress, Data data, List<CurveRow> curves,
                                RunClock clock, Interruption interruption) throws IOException {
        String name = run.name();
        ComputationGraph graph = progress.completedIterations() > 0 ? folder.loadCheckpoint(progress)
                : start(run.model(), run.seed(), data.train());
        if (graph.getIterationCount() != progress.completedIterations()) {
            throw new RunFolderException(folder.root().resolve("checkpoints"), "the checkpoint of " + name
                    + " is at iteration " + graph.getIterationCount() + " but its progress file says "
                    + progress.completedIterations(), "delete checkpoints/" + name + ".json and checkpoints/" + name
                    + "-*.zip to train " + name + " again", null);
        }
        int resumeFrom = progress.completedIterations();
        curves.removeIf(row -> row.model().equals(name) && row.iteration() >= resumeFrom);
        if (resumeFrom > 0) {
            out.println("Resuming " + name + " at iteration " + resumeFrom);
        }

        boolean channelsLast = config.dataFormat() == CNN2DFormat.NHWC;
        ImageBatchIterator batches = ImageBatchIterator.shuffled(data.train(), config.batchSize(), run.seed())
                .channelsLast(channelsLast).normalize(data.normalization());
        if (config.cropPadding() > 0 || config.flipProbability() > 0) {
            batches.augment(Augmentation.of(config.cropPadding(), config.flipProbability(), run.seed()));
        }
        StepRunner trainer = StepRunner.of(graph, batches, config.schedule(run.model()), parallelism,
                interruption::requested);
        Evaluator evaluator = new Evaluator(EVAL_BATCH, channelsLast, data.normalization());
        double explodedLoss = EXPLODED_LOSS_OVER_CHANCE * Math.log(data.train().numClasses());
        ProgressLine line = new ProgressLine(out);
        String where = String.format(Locale.ROOT, "[%s %d/%d]", name, index + 1, config.runs().size());
        while (progress.completedIterations() < config.iterations()) {
            List<Trainer.Step> steps;
            try {
                steps = trainer.run(stepsToEvaluation(progress.completedIterations()));
            } catch (TrainingDivergedException e) {
                return diverged(name, progress, e, curves);
            }
            for (int i = 0; i < steps.size(); i++) {
                Trainer.Step step = steps.get(i);
                if (!(step.loss() <= explodedLoss)) { // NaN too (from ParallelWrapper's workers)
                    return diverged(name, progress, new TrainingDivergedException(step.iteration(), step.loss(),
                            step.lr(), Double.isFinite(step.loss()) ? "more than " + EXPLODED_LOSS_OVER_CHANCE
                            + " x ln(classes) = " + String.format(Locale.ROOT, "%.1f", explodedLoss) + ", the loss "
                            + "exploded" : "training diverged"), curves);
                }
                progress = progress.trained(step.iteration() + 1, step.seconds(), step.images());
                CurveRow row = new CurveRow(name, step.iteration(), step.lr(), step.loss(), step.batchError(),
                        Double.NaN, Double.NaN);
                boolean evaluate = config.evaluatesAfter(step.iteration()); // a chunk ends there
                if (evaluate) {
                    long start = System.nanoTime();
                    double trainError = evaluator.error(graph, data.trainSubset());
                    double heldOutError = evaluator.error(graph, data.heldOut());
                    progress = progress.evaluated((System.nanoTime() - start) / 1e9, trainError, heldOutError);
                    row = row.withEvaluation(trainError, heldOutError);
                }
                curves.add(row);
                // Only a chunk's last step leaves the graph where the progress is: only it may checkpoint.
                boolean stop = i == steps.size() - 1 && interruption.requested();
                if (evaluate || stop) {
                    folder.checkpoint(graph, progress, curves);
                }
                if (stop) {
                    String message = "Interrupted: " + name + " checkpointed at iteration " + progress.completedIterations()
                            + "; to resume, run the same command with --out " + folder.root();
                    out.println();
                    out.println(message);
                    throw new RunInterruptedException(message);
                }
                double modelLeft = clock.modelSecondsLeft(run.model(), progress);
                line.print(evaluate, where, progress.imagesPerSecond(), modelLeft, clock.runSecondsLeft(name, modelLeft),
                        String.format(Locale.ROOT, "it %d/%d  lr %.4f  loss %.3f  batch err %.1f%%%s",
                                progress.completedIterations(), config.iterations(), step.lr(), step.loss(),
                                100 * step.batchError(), evaluate ? String.format(Locale.ROOT,
                                        "  train-subset err %.2f%%  %s err %.2f%%", 100 * progress.trainError(),
                                        config.heldOut(), 100 * progress.testError()) : ""));
            }
        }
        return progress;
    }

    /** Steps from {@code completed} up to and including the next evaluation, at most one chunk of them. */
    private int stepsToEvaluation(int completed) {
        if (!parallelism.parallel()) {
            return 1;
        }
        int steps = 1;
        while (steps < MAX_PARALLEL_CHUNK && !config.evaluatesAfter(completed + steps - 1)) {
            steps++;
        }
        return steps;
    }

    /**
     * Stops {@code name} for good: its progress file says why, its last checkpoint and curves stay, and the run
     * carries on with the next model.
     */
    private ModelProgress diverged(String name, ModelProgress progress, TrainingDivergedException e,
                                   List<CurveRow> curves) throws IOException {
        String why = "diverged: " + e.getMessage();
        out.println();
        out.println("STOPPED " + name + ": " + why + ". The run carries on with the other models; the report lists "
                + name + " as diverged. A lower learning rate or a warm-up for it (modelWarmups) may help.");
        ModelProgress stopped = progress.stopped(why);
        folder.recordDivergence(stopped, curves);
        return stopped;
    }

    /**
     * {@code model} before its first step: initialised by its builder, or from {@link DegradationConfig#initialWeights}
     * with the file's classifier when its class count is the dataset's, else with a new one (fine-tuning
     * torchvision's ImageNet weights on CIFAR-10, say).
     */
    private ComputationGraph start(String model, long seed, ImageDataset train) throws IOException {
        if (config.initialWeights().isEmpty()) {
            return builder(model, seed, train).build();
        }
        Path weights = Path.of(config.initialWeights());
        ComputationGraph fresh = builder(model, seed, train).build();
        int fileClasses = Weights.classifierOutputs(fresh, weights).orElse(train.numClasses());
        if (fileClasses == train.numClasses()) {
            return builder(model, seed, train).weights(weights).build();
        }
        ComputationGraph pretrained = builder(model, seed, train).numClasses(fileClasses).weights(weights).build();
        out.println("Loaded " + weights + " into " + model + " with its " + fileClasses + "-class classifier "
                + "replaced by a new " + train.numClasses() + "-class one");
        return Transfer.replaceHead(pretrained, train.numClasses());
    }

    /** {@code model} as this run trains it on {@code train}'s images. */
    private ModelBuilder<?> builder(String model, long seed, ImageDataset train) {
        return Zoo.builder(model)
                .numClasses(train.numClasses())
                .inputShape(train.channels(), train.height(), train.width())
                .seed(seed)
                .updater(config.updater(model))
                .weightDecay(config.weightDecay())
                .dataFormat(config.dataFormat());
    }

    /**
     * Estimates the time left: the current run from its own speed (training and evaluation), runs still to
     * come from the current speed scaled by their models' layer counts.
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

        double modelSecondsLeft(String model, ModelProgress progress) {
            double perIteration = (progress.trainSeconds() + progress.evalSeconds())
                    / Math.max(1, progress.completedIterations());
            secondsPerLayerIteration = perIteration / layers.get(model);
            return perIteration * (config.iterations() - progress.completedIterations());
        }

        double runSecondsLeft(String current, double currentLeft) {
            double left = currentLeft;
            for (RunKey run : config.runs()) {
                if (!run.name().equals(current) && !finished.contains(run.name())) {
                    left += secondsPerLayerIteration * layers.get(run.model()) * config.iterations();
                }
            }
            return left;
        }

        void finished(String run) {
            finished.add(run);
        }
    }
}
