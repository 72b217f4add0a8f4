package io.cnnzoo.bench.jmh;

import io.cnnzoo.bench.infer.AcceleratedParallelInference;
import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.parallelism.ParallelInference;
import org.deeplearning4j.parallelism.inference.InferenceMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.util.Locale;

/**
 * Serving with DL4J's {@code ParallelInference}: four client threads each ask for one image at a time, and
 * {@code workers} copies of the model answer them. In {@code batched} mode queued requests are merged into one
 * forward pass of up to 16 images; in {@code sequential} mode each request is its own batch-1 pass. The images
 * counter, summed over the clients, gives images/s. InferenceBenchmark's {@code resnet18/1} is the same model
 * without ParallelInference, one request at a time.
 */
@State(Scope.Benchmark)
@Threads(ParallelInferenceBenchmark.CLIENTS)
public class ParallelInferenceBenchmark extends BenchmarkDefaults {

    static final int CLIENTS = 4;
    private static final int BATCH_LIMIT = 16;

    @Param({"resnet18"})
    public String model;

    @Param({"1", "2"})
    public int workers;

    @Param({"batched", "sequential"})
    public String mode;

    private ParallelInference inference;
    private INDArray image;

    @Setup(Level.Trial)
    public void setUp() {
        ComputePath.of("cnnzoo").select();
        ModelBuilder<?> builder = Zoo.builder(model).seed(42);
        InputShape shape = builder.inputShape();
        inference = AcceleratedParallelInference.start(builder.build(), workers,
                InferenceMode.valueOf(mode.toUpperCase(Locale.ROOT)), BATCH_LIMIT);
        Nd4j.getRandom().setSeed(42);
        image = Nd4j.rand(DataType.FLOAT, 1, shape.channels(), shape.height(), shape.width());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inference.shutdown();
    }

    /** One request: one image's output. */
    @Benchmark
    public INDArray classify(Counters.Images counters) {
        counters.images++;
        return inference.output(image);
    }
}
