package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.spi.Accelerators;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
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
 * One DL4J layer as the zoo configures it, alone in a graph, forward and forward + backward (JMH sample
 * 24's pattern: the benchmark methods live here, each subclass supplies the layer and its shapes). Input
 * and output gradient are seeded random arrays; the work is counted as FLOP for compute-bound layers and
 * as the least memory traffic for memory-bound ones (see {@link Counters.Work}).
 */
@State(Scope.Benchmark)
public abstract class LayerBenchmark extends BenchmarkDefaults {

    /** dl4j, dl4j-onednn or cnnzoo (see {@link ComputePath}). */
    @Param({"cnnzoo"})
    public String path;

    /** The activation layout, NCHW (DL4J's default) or NHWC; ignored by dense layers. */
    @Param({"NCHW"})
    public String format;

    /**
     * What a subclass measures: the layer, its input (channels, height, width, batch; a dense layer's
     * input is {@code channels} features, height and width 1), and the work of one forward pass and of
     * one backward pass (FLOP, or bytes for a memory-bound layer: 0 for the unused one).
     */
    protected record LayerCase(org.deeplearning4j.nn.conf.layers.Layer layer, boolean dense, int channels,
                               int height, int width, int batch, long forwardFlop, long backwardFlop,
                               long forwardBytes, long backwardBytes) {
    }

    /** The case for this benchmark's parameters. */
    protected abstract LayerCase layerCase();

    private LayerCase c;
    private Layer layer;
    private INDArray input;
    private INDArray epsilon;
    private final TrainingWorkspaces workspaces = new TrainingWorkspaces();

    @Setup
    public void setUp() {
        ComputePath.of(path).select();
        c = layerCase();
        CNN2DFormat layout = CNN2DFormat.valueOf(format);
        InputType inputType = c.dense() ? InputType.feedForward(c.channels())
                : InputType.convolutional(c.height(), c.width(), c.channels(), layout);
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT).seed(42).cacheMode(CacheMode.DEVICE).graphBuilder()
                .addInputs("input").setInputTypes(inputType)
                .addLayer("layer", c.layer(), "input")
                .setOutputs("layer").build());
        graph.init();
        graph.initGradientsView(); // backprop writes into the gradient views, which fit() would create
        Accelerators.apply(graph);
        layer = graph.getLayer("layer");

        Nd4j.getRandom().setSeed(42);
        long[] inputShape = c.dense() ? new long[]{c.batch(), c.channels()}
                : layout == CNN2DFormat.NHWC ? new long[]{c.batch(), c.height(), c.width(), c.channels()}
                : new long[]{c.batch(), c.channels(), c.height(), c.width()};
        input = Nd4j.randn(DataType.FLOAT, inputShape);
        long[] outputShape = layer.activate(input, false, LayerWorkspaceMgr.noWorkspaces()).shape();
        epsilon = Nd4j.randn(DataType.FLOAT, outputShape);
    }

    /** The forward pass in training mode, in workspaces as a training step runs it. */
    @Benchmark
    public double forward(Counters.Work work) {
        work.flop += c.forwardFlop();
        work.bytes += c.forwardBytes();
        work.images += c.batch();
        try (TrainingWorkspaces.Scope ignored = workspaces.open()) {
            return layer.activate(input, true, workspaces.manager()).getDouble(0);
        }
    }

    /** Forward, then the gradients of the parameters and the input, as backprop computes them. */
    @Benchmark
    public double forwardBackward(Counters.Work work) {
        work.flop += c.forwardFlop() + c.backwardFlop();
        work.bytes += c.forwardBytes() + c.backwardBytes();
        work.images += c.batch();
        try (TrainingWorkspaces.Scope ignored = workspaces.open()) {
            layer.activate(input, true, workspaces.manager());
            Pair<Gradient, INDArray> gradients = layer.backpropGradient(epsilon, workspaces.manager());
            return gradients.getSecond().getDouble(0);
        }
    }

    /**
     * A layer that reads each input once and writes an output of the same size (batch norm, ReLU): forward
     * reads x and writes y; backward reads the output gradient and x and writes the input gradient.
     */
    static LayerCase sameSizeMemoryBound(org.deeplearning4j.nn.conf.layers.Layer layer, String shape) {
        MapShape in = MapShape.parse(shape);
        long size = (long) in.batch() * in.channels() * in.height() * in.width();
        return new LayerCase(layer, false, in.channels(), in.height(), in.width(), in.batch(), 0, 0,
                floats(2 * size), floats(3 * size));
    }

    /** 4 bytes per float. */
    static long floats(long count) {
        return 4 * count;
    }
}
