package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.spi.Accelerators;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One DL4J 3x3 convolution layer (stride 1, padding 1, no bias, C in = C out), as the zoo configures
 * it, on the shapes of a CIFAR ResNet's stages and a larger ImageNet-like one. Shape "CxHxW/N": C
 * channels, H x W maps, batch N.
 */
@State(Scope.Benchmark)
public class ConvolutionBenchmark extends BenchmarkDefaults {

    @Param({"16x32x32/128", "64x32x32/32", "256x28x28/4"})
    public String shape;

    /** dl4j, dl4j-onednn or cnnzoo (see {@link ComputePath}). */
    @Param({"cnnzoo"})
    public String path;

    private Layer conv;
    private INDArray input;
    private INDArray epsilon;
    private long forwardFlop;
    private final TrainingWorkspaces workspaces = new TrainingWorkspaces();

    @Setup
    public void setUp() {
        MapShape s = MapShape.parse(shape);
        int c = s.channels();
        int h = s.height();
        int w = s.width();
        int n = s.batch();
        ComputePath.of(path).select();
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT).seed(42).cacheMode(CacheMode.DEVICE).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(h, w, c))
                .addLayer("conv", Layers.conv3x3(c, 1), "input")
                .setOutputs("conv").build());
        graph.init();
        graph.initGradientsView(); // backprop writes into the gradient views, which fit() would create
        Accelerators.apply(graph);
        conv = graph.getLayer("conv");

        Nd4j.getRandom().setSeed(42);
        input = Nd4j.randn(DataType.FLOAT, n, c, h, w);
        epsilon = Nd4j.randn(DataType.FLOAT, n, c, h, w);
        forwardFlop = 2L * n * c * h * w * c * 9;
    }

    /**
     * The forward pass in training mode, in workspaces as a training step runs it (the result is kept
     * in the forward cache, as CacheMode.DEVICE does for backprop).
     */
    @Benchmark
    public double forward(Counters.Flops flops, Counters.Images images) {
        flops.flop += forwardFlop;
        images.images += input.size(0);
        try (TrainingWorkspaces.Scope ignored = workspaces.open()) {
            return conv.activate(input, true, workspaces.manager()).getDouble(0);
        }
    }

    /**
     * Forward, then the gradients of weights and input: 3x the forward FLOP (dW and dX each cost one;
     * the forward result comes from the cache, not a second convolution).
     */
    @Benchmark
    public double forwardBackward(Counters.Flops flops, Counters.Images images) {
        flops.flop += 3 * forwardFlop;
        images.images += input.size(0);
        try (TrainingWorkspaces.Scope ignored = workspaces.open()) {
            conv.activate(input, true, workspaces.manager());
            Pair<Gradient, INDArray> gradients = conv.backpropGradient(epsilon, workspaces.manager());
            return gradients.getSecond().getDouble(0);
        }
    }
}
