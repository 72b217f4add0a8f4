package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Inference of the ImageNet models: one forward pass in inference mode (batch norm with running
 * statistics, no dropout) on a fixed random batch at the model's default input (3x224x224 for the
 * ResNets). "MODEL/N" is the model at batch N; batch 1 is serving latency, 16 a small offline batch.
 * The images counter gives images/s. PyTorch's peer runs the same in {@code torch.inference_mode()}.
 */
@State(Scope.Benchmark)
public class InferenceBenchmark extends BenchmarkDefaults {

    @Param({"resnet18/1", "resnet18/16", "resnet50/1", "resnet50/16"})
    public String model;

    /** dl4j, dl4j-onednn or cnnzoo (see {@link ComputePath}). */
    @Param({"cnnzoo"})
    public String path;

    private ComputationGraph graph;
    private INDArray input;

    @Setup
    public void setUp() {
        ComputePath.of(path).select();
        String[] parts = model.split("/");
        ModelBuilder<?> builder = Zoo.builder(parts[0]).seed(42);
        graph = builder.build();
        InputShape shape = builder.inputShape();
        Nd4j.getRandom().setSeed(42);
        input = Nd4j.rand(DataType.FLOAT, Integer.parseInt(parts[1]), shape.channels(), shape.height(), shape.width());
    }

    /** One forward pass; the output is returned so that the JIT cannot drop the work. */
    @Benchmark
    public INDArray output(Counters.Images counters) {
        counters.images += input.size(0);
        return graph.outputSingle(false, input);
    }
}
