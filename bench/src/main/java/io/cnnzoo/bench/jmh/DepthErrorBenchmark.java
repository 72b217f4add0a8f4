package io.cnnzoo.bench.jmh;

import io.cnnzoo.data.Split;
import io.cnnzoo.bench.experiment.DegradationConfig;
import io.cnnzoo.bench.experiment.DegradationPresets;
import io.cnnzoo.bench.train.Evaluator;
import io.cnnzoo.bench.train.Trainer;
import io.cnnzoo.bench.train.WarmupStepSchedule;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.fetch.DatasetFiles;
import io.cnnzoo.data.fetch.FetchListener;
import io.cnnzoo.data.fetch.FetchPolicy;
import io.cnnzoo.zoo.resnet.CifarResNetBuilder;
import io.cnnzoo.zoo.resnet.ResNet;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Depth against training error as a JMH harness: each invocation trains a fresh plain net or ResNet of
 * the given depth for {@value #ITERATIONS} iterations of 128 Fashion-MNIST images with the degradation
 * experiment's quick recipe compressed to that budget (Nesterov SGD, L2, linear warm-up 0.01 -> 0.1,
 * x0.1 twice), then measures the error on a fixed 5,000-image training subset in inference mode. The
 * primary score is milliseconds per training iteration (the invocation's time over its iterations, so it
 * includes the one evaluation at the end, a few percent); the {@code trainingError} counter is the final
 * error, so one JMH JSON holds both the speed and the degradation-curve point of each depth.
 *
 * <p>Needs Fashion-MNIST on this machine ({@code ./cnnzoo data fetch fashion-mnist}, or Debian's
 * dataset-fashion-mnist); it never downloads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@OperationsPerInvocation(DepthErrorBenchmark.ITERATIONS)
public class DepthErrorBenchmark extends BenchmarkDefaults {

    static final int ITERATIONS = 150;
    static final int SUBSET = 5_000;

    /** plain (no shortcuts) or resnet (identity shortcuts, option A). */
    @Param({"plain", "resnet"})
    public String net;

    @Param({"20", "56"})
    public int depth;

    /** dl4j, dl4j-onednn or cnnzoo (see {@link ComputePath}). */
    @Param({"cnnzoo"})
    public String path;

    /** The final training error, a fraction; JMH reports it beside the time as a secondary metric. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Error {
        public double trainingError;
    }

    private DegradationConfig recipe;
    private WarmupStepSchedule schedule;
    private ImageDataset train;
    private ImageDataset subset;
    private ComputationGraph graph;

    @Setup(Level.Trial)
    public void loadData() throws IOException {
        ComputePath.of(path).select();
        DegradationConfig quick = DegradationPresets.builtIn("quick");
        recipe = DegradationPresets.override(quick, Map.of("iterations", String.valueOf(ITERATIONS),
                "evalEvery", String.valueOf(ITERATIONS)));
        schedule = compressed(quick);
        DatasetSpec spec = Datasets.byName(recipe.dataset());
        Path dir = DatasetFiles.resolve(spec, DataLocator.system(null), FetchPolicy.OFFLINE, FetchListener.SILENT);
        train = spec.load(dir, Split.TRAIN);
        subset = train.randomSubset("train-subset", SUBSET, recipe.seeds().get(0) + 1);
    }

    /** A fresh, seeded net before each training run (not timed). */
    @Setup(Level.Invocation)
    public void buildNet() {
        CifarResNetBuilder builder = ResNet.cifar(depth).numClasses(train.numClasses())
                .inputShape(train.channels(), train.height(), train.width()).seed(recipe.seeds().get(0))
                .updater(new Nesterovs(schedule, recipe.momentum())).weightDecay(recipe.weightDecay());
        if (net.equals("plain")) {
            builder.plain();
        } else if (!net.equals("resnet")) {
            throw new IllegalArgumentException("net=" + net + ": expected plain or resnet");
        }
        graph = builder.build();
    }

    /** The quick preset's schedule with its warm-up and milestones scaled from 469 iterations to ours. */
    private static WarmupStepSchedule compressed(DegradationConfig quick) {
        double scale = (double) ITERATIONS / quick.iterations();
        int[] milestones = quick.milestones().stream().mapToInt(m -> (int) Math.round(m * scale)).toArray();
        return new WarmupStepSchedule(quick.warmupStartLr(), quick.baseLr(),
                (int) Math.round(quick.warmupIterations() * scale), milestones, quick.gamma());
    }

    /** {@value #ITERATIONS} training iterations, then the error on the training subset. */
    @Benchmark
    public double train(Error error) {
        Trainer trainer = new Trainer(graph, ImageBatchIterator.shuffled(train, recipe.batchSize(), recipe.seeds().get(0)),
                schedule);
        for (int i = 0; i < ITERATIONS; i++) {
            trainer.step();
        }
        error.trainingError = new Evaluator(1_000, false).error(graph, subset);
        return error.trainingError;
    }
}
