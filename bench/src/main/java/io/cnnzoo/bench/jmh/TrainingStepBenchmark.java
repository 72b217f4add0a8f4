package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole-model training steps: one {@code fit} on a fixed random batch (forward, loss, backward, and the
 * model's default update: SGD with classical momentum and weight decay on every parameter). "MODEL/N" trains on the model's default input in batches of
 * N, "MODEL/N/CxHxW" on that input shape (e.g. "resnet56/128/1x28x28", Fashion-MNIST's). The images
 * counter gives images/s.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 4, time = 15) // DL4J needs ~20 steps (oneDNN kernels, workspaces) to reach its steady speed
public class TrainingStepBenchmark extends BenchmarkDefaults {

    @Param({"resnet20/128", "resnet56/128", "lenet5/64"})
    public String model;

    /** dl4j, dl4j-onednn or cnnzoo (see {@link ComputePath}). */
    @Param({"cnnzoo"})
    public String path;

    /** The networks' activation layout, NCHW (DL4J's default) or NHWC; both run the same oneDNN kernels. */
    @Param({"NCHW"})
    public String format;

    private ComputationGraph graph;
    private DataSet batch;

    @Setup
    public void setUp() {
        ComputePath.of(path).select();
        String[] parts = model.split("/");
        CNN2DFormat layout = CNN2DFormat.valueOf(format);
        ModelBuilder<?> builder = Zoo.builder(parts[0]).seed(42).dataFormat(layout);
        if (parts.length > 2) {
            String[] chw = parts[2].split("x");
            builder.inputShape(Integer.parseInt(chw[0]), Integer.parseInt(chw[1]), Integer.parseInt(chw[2]));
        }
        graph = builder.build();
        batch = RandomBatch.of(builder, Integer.parseInt(parts[1]), layout);
    }

    /** One training step: forward, backward and update on a batch. */
    @Benchmark
    public ComputationGraph fit(Counters.Images counters) {
        counters.images += batch.numExamples();
        graph.fit(batch);
        return graph;
    }
}
