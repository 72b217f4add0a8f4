package io.cnnzoo.bench.experiment;

import io.cnnzoo.bench.jmh.RandomBatch;
import io.cnnzoo.bench.train.WarmupStepSchedule;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a degradation run will do and how long it will take here, before anything long starts: the
 * configuration, each model's learning-rate schedule as segments, the iteration and evaluation counts, and the
 * wall time extrapolated from a few timed training steps (after five untimed: DL4J settles its workspaces over the
 * first iterations) and one timed evaluation batch per model on random
 * images of the dataset's shape (no dataset needed).
 */
public final class DryRun {

    static final int WARM_STEPS = 5;
    static final int TIMED_STEPS = 5;
    private static final int EVAL_BATCH = 500;

    private DryRun() {
    }

    /** Per model: seconds per training iteration and per evaluated image, as timed. */
    public record Timing(double secondsPerIteration, double secondsPerEvalImage) {
    }

    /** Prints the plan and the estimate to {@code out}; returns each model's timing. */
    public static Map<String, Timing> print(DegradationConfig config, PrintStream out) {
        out.print(DegradationPresets.toJson(config));
        out.println();
        out.println("Learning rate by iteration:");
        for (String model : config.models()) {
            out.println("  " + model + ": " + segments(config.schedule(model), config.iterations()));
        }
        DatasetSpec spec = Datasets.byName(config.dataset());
        int evaluations = 0;
        for (int i = 0; i < config.iterations(); i++) {
            evaluations += config.evaluatesAfter(i) ? 1 : 0;
        }
        int heldOut = config.validationSize() > 0 ? config.validationSize() : spec.testCount();
        int subset = Math.min(config.trainSubsetSize(), spec.trainCount() - config.validationSize());
        long evalImages = (long) evaluations * (heldOut + subset);
        out.printf(Locale.ROOT, "%d runs (%d models x %d seeds) of %,d iterations of %d: %,d iterations in all; "
                        + "%d evaluations per run of %,d %s and %,d training images%n", config.runs().size(),
                config.models().size(), config.seeds().size(), config.iterations(), config.batchSize(),
                (long) config.runs().size() * config.iterations(), evaluations, heldOut, config.heldOut(), subset);

        out.printf(Locale.ROOT, "Timing %d steps of each model on random %dx%dx%d images (after %d untimed) ...%n",
                TIMED_STEPS, spec.shape().channels(), spec.shape().height(), spec.shape().width(), WARM_STEPS);
        Map<String, Timing> timings = new LinkedHashMap<>();
        double total = 0;
        for (String model : config.models()) {
            Timing t = time(config, spec, model);
            timings.put(model, t);
            double perRun = t.secondsPerIteration() * config.iterations() + t.secondsPerEvalImage() * evalImages;
            total += perRun * config.seeds().size();
            out.printf(Locale.ROOT, "  %-12s %.3f s/iteration, %.2f ms per evaluated image: %s per run%n", model,
                    t.secondsPerIteration(), 1e3 * t.secondsPerEvalImage(), ProgressLine.duration(perRun));
        }
        out.printf(Locale.ROOT, "Estimated wall time on this machine: %s (extrapolated from the timed steps; "
                + "excludes loading the data and writing checkpoints)%n", ProgressLine.duration(total));
        return timings;
    }

    /** "0.1 at 0-31999, 0.01 at 32000-47999, ..." with a linear warm-up as one segment. */
    static String segments(WarmupStepSchedule schedule, int iterations) {
        StringBuilder text = new StringBuilder();
        int start = 0;
        if (!schedule.constantWarmup() && schedule.warmupIterations() > 0) {
            int end = Math.min(schedule.warmupIterations(), iterations) - 1;
            text.append(String.format(Locale.ROOT, "%s rising linearly to %s at 0-%d", number(schedule.valueAt(0, 0)),
                    number(schedule.base()), end));
            start = end + 1;
        }
        while (start < iterations) {
            double lr = schedule.valueAt(start, 0);
            int end = start;
            while (end + 1 < iterations && schedule.valueAt(end + 1, 0) == lr) {
                end++;
            }
            text.append(text.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%s at %d-%d", number(lr),
                    start, end));
            start = end + 1;
        }
        return text.toString();
    }

    private static String number(double lr) {
        return String.format(Locale.ROOT, "%.4g", lr).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static Timing time(DegradationConfig config, DatasetSpec spec, String model) {
        ModelBuilder<?> builder = Zoo.builder(model).numClasses(spec.numClasses())
                .inputShape(spec.shape().channels(), spec.shape().height(), spec.shape().width())
                .seed(config.seeds().get(0)).updater(config.updater(model)).weightDecay(config.weightDecay())
                .dataFormat(config.dataFormat());
        ComputationGraph graph = builder.build();
        DataSet batch = RandomBatch.of(builder, config.batchSize(), config.dataFormat());
        for (int i = 0; i < WARM_STEPS; i++) {
            graph.fit(batch);
        }
        long start = System.nanoTime();
        for (int i = 0; i < TIMED_STEPS; i++) {
            graph.fit(batch);
        }
        double perIteration = (System.nanoTime() - start) / 1e9 / TIMED_STEPS;
        DataSet evalBatch = RandomBatch.of(builder, EVAL_BATCH, config.dataFormat());
        graph.outputSingle(false, evalBatch.getFeatures());
        start = System.nanoTime();
        graph.outputSingle(false, evalBatch.getFeatures());
        double perEvalImage = (System.nanoTime() - start) / 1e9 / EVAL_BATCH;
        return new Timing(perIteration, perEvalImage);
    }
}
