package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.layers.ChannelSubsetVertex;
import io.cnnzoo.zoo.layers.GroupedConvolution;
import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.spi.Accelerators;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ResNeXt's grouped 3x3 convolution, two ways: the zoo's {@link GroupedConvolution} layer (one vertex),
 * and the split DL4J can express with stock layers, as alexnet-2012 once did: one channel-subset vertex and
 * one convolution per group, then a merge (2G + 1 vertices). Shape "CxHxW/N": C channels in and out, in
 * 32 groups, H x W maps, batch N; 128x56x56 is ResNeXt-50 32x4d's stage 1, 256x28x28 its stage 2.
 *
 * <p>Whole graphs (input, convolution(s), an identity loss), so that the split's vertex overhead counts as
 * it does in a model.
 */
@State(Scope.Benchmark)
public class GroupedConvolutionBenchmark extends BenchmarkDefaults {

    private static final int GROUPS = 32;
    private static final WorkspaceConfiguration OUTPUT = WorkspaceConfiguration.builder().initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.OVERALLOCATE).build();

    @Param({"128x56x56/8", "256x28x28/8"})
    public String shape;

    /** grouped: one GroupedConvolution; split: subsets, one convolution per group, a merge. */
    @Param({"grouped", "split"})
    public String impl;

    /** dl4j, dl4j-onednn or cnnzoo (see {@link ComputePath}). */
    @Param({"cnnzoo"})
    public String path;

    private ComputationGraph graph;
    private INDArray input;
    private INDArray labels;
    private long forwardFlop;

    @Setup
    public void setUp() {
        MapShape s = MapShape.parse(shape);
        int c = s.channels();
        int h = s.height();
        int w = s.width();
        int n = s.batch();
        ComputePath.of(path).select();
        GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT).seed(42).cacheMode(CacheMode.DEVICE).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(h, w, c));
        String output = switch (impl) {
            case "grouped" -> {
                builder.addLayer("conv", Layers.groupedConv(3, c, 1, 1, GROUPS), "input");
                yield "conv";
            }
            case "split" -> split(builder, c);
            default -> throw new IllegalArgumentException("impl is grouped or split, got " + impl);
        };
        builder.addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                .activation(Activation.IDENTITY).build(), output);
        graph = new ComputationGraph(builder.setOutputs("loss").build());
        graph.init();
        Accelerators.apply(graph);

        Nd4j.getRandom().setSeed(42);
        input = Nd4j.randn(DataType.FLOAT, n, c, h, w);
        labels = Nd4j.randn(DataType.FLOAT, n, c, h, w);
        forwardFlop = 2L * n * c * h * w * (c / GROUPS) * 9;
    }

    /** Group g reads channels [g C/G, (g+1) C/G) through a subset vertex; the merge concatenates in order. */
    private static String split(GraphBuilder builder, int channels) {
        int perGroup = channels / GROUPS;
        String[] outputs = new String[GROUPS];
        for (int g = 0; g < GROUPS; g++) {
            builder.addVertex("in" + g, ChannelSubsetVertex.range(CNN2DFormat.NCHW, g * perGroup, (g + 1) * perGroup),
                    "input");
            outputs[g] = "conv" + g;
            builder.addLayer(outputs[g], Layers.conv3x3(perGroup, 1), "in" + g);
        }
        builder.addVertex("conv", new MergeVertex(), outputs);
        return "conv";
    }

    /**
     * Inference: the convolution's forward pass (and the identity loss layer's), the result kept in a reused
     * workspace: DL4J's plain output() allocates fresh native memory for its result on every call, which
     * took more time than the convolution itself here.
     */
    @Benchmark
    public double forward(Counters.Flops flops, Counters.Images images) {
        flops.flop += forwardFlop;
        images.images += input.size(0);
        try (MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(OUTPUT, "BENCHMARK_OUTPUT")) {
            return graph.output(false, workspace, input)[0].getDouble(0);
        }
    }

    /** A training pass: forward, the loss, and the gradients of the weights and the input (3x the forward FLOP). */
    @Benchmark
    public double forwardBackward(Counters.Flops flops, Counters.Images images) {
        flops.flop += 3 * forwardFlop;
        images.images += input.size(0);
        graph.setInput(0, input);
        graph.setLabel(0, labels);
        graph.computeGradientAndScore();
        return graph.score();
    }
}
