package io.cnnzoo.zoo.layers;

import io.cnnzoo.zoo.ModelStats;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grouped convolution against its definition (PyTorch's {@code nn.Conv2d} documentation): output channel
 * o of group g = o / (C_out / G) sums, over the C_in / G input channels of group g, the cross-correlation of
 * that channel with filter {@code W[o, c - g C_in / G]}, plus {@code b[o]}. The test writes the definition as
 * loops; gradients are checked by finite differences.
 */
class GroupedConvolutionTest {

    private static final int IN = 8;
    private static final int OUT = 12;
    private static final int GROUPS = 4;
    private static final int SIDE = 7;

    private static GroupedConvolution layer(int groups, int stride, int padding, boolean bias) {
        return new GroupedConvolution.Builder(3, 3).groups(groups).stride(stride, stride).padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate).nOut(OUT).hasBias(bias).activation(Activation.IDENTITY)
                .build();
    }

    private static ComputationGraph graph(GroupedConvolution conv, DataType type, CNN2DFormat format) {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .dataType(type).seed(7).weightInit(WeightInit.XAVIER).biasInit(0.5).updater(new NoOp())
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(SIDE, SIDE, IN, format))
                .addLayer("conv", conv, "input")
                .setOutputs("conv")
                .build());
        graph.init();
        return graph;
    }

    /** The definition, by loops, for an NCHW input. */
    private static double[][][][] reference(INDArray x, INDArray w, INDArray b, int groups, int stride, int pad) {
        int n = (int) x.size(0);
        int out = (int) w.size(0);
        int inPerGroup = (int) w.size(1);
        int outPerGroup = out / groups;
        int k = (int) w.size(2);
        int h = (int) x.size(2);
        int side = (h + 2 * pad - k) / stride + 1;
        double[][][][] y = new double[n][out][side][side];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                int group = o / outPerGroup;
                for (int r = 0; r < side; r++) {
                    for (int c = 0; c < side; c++) {
                        double sum = b == null ? 0 : b.getDouble(o);
                        for (int ci = 0; ci < inPerGroup; ci++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int row = r * stride - pad + u;
                                    int col = c * stride - pad + v;
                                    if (row >= 0 && row < h && col >= 0 && col < h) {
                                        sum += w.getDouble(o, ci, u, v)
                                                * x.getDouble(i, group * inPerGroup + ci, row, col);
                                    }
                                }
                            }
                        }
                        y[i][o][r][c] = sum;
                    }
                }
            }
        }
        return y;
    }

    private static void assertMatches(double[][][][] expected, INDArray actual) {
        for (int i = 0; i < expected.length; i++) {
            for (int o = 0; o < expected[i].length; o++) {
                for (int r = 0; r < expected[i][o].length; r++) {
                    for (int c = 0; c < expected[i][o][r].length; c++) {
                        assertEquals(expected[i][o][r][c], actual.getDouble(i, o, r, c), 1e-4,
                                "output [" + i + ", " + o + ", " + r + ", " + c + "]");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void forwardIsTheDefinition(int groups) {
        for (int stride : new int[]{1, 2}) {
            ComputationGraph graph = graph(layer(groups, stride, 1, true), DataType.FLOAT, CNN2DFormat.NCHW);
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, IN, SIDE, SIDE).subi(0.5);
            INDArray y = graph.outputSingle(x);
            assertArrayEquals(new long[]{2, OUT, (SIDE + 2 - 3) / stride + 1, (SIDE + 2 - 3) / stride + 1}, y.shape());
            INDArray w = graph.getParam("conv_W");
            assertArrayEquals(new long[]{OUT, IN / groups, 3, 3}, w.shape(), "PyTorch's weight shape");
            assertMatches(reference(x, w, graph.getParam("conv_b"), groups, stride, 1), y);
        }
    }

    @Test
    void withoutBiasAndPaddingToo() {
        ComputationGraph graph = graph(layer(GROUPS, 2, 0, false), DataType.FLOAT, CNN2DFormat.NCHW);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, IN, SIDE, SIDE);
        assertMatches(reference(x, graph.getParam("conv_W"), null, GROUPS, 2, 0), graph.outputSingle(x));
        assertEquals((long) OUT * (IN / GROUPS) * 9, graph.numParams());
    }

    @Test
    void channelsLastComputesTheSame() {
        ComputationGraph nchw = graph(layer(GROUPS, 2, 1, true), DataType.FLOAT, CNN2DFormat.NCHW);
        ComputationGraph nhwc = graph(layer(GROUPS, 2, 1, true), DataType.FLOAT, CNN2DFormat.NHWC);
        nhwc.setParams(nchw.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, IN, SIDE, SIDE);
        INDArray expected = nchw.outputSingle(x);
        INDArray actual = nhwc.outputSingle(x.permute(0, 2, 3, 1).dup()).permute(0, 3, 1, 2);
        assertTrue(expected.equalsWithEps(actual, 1e-5), "NHWC output differs");
    }

    /** Finite differences: the gradients of the weights, the bias and the input, NCHW and NHWC. */
    @ParameterizedTest
    @ValueSource(strings = {"NCHW", "NHWC"})
    void gradientsPassTheFiniteDifferenceCheck(String layout) {
        CNN2DFormat format = CNN2DFormat.valueOf(layout);
        DataType defaultType = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil checks the global default
        try {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                    .dataType(DataType.DOUBLE).seed(3).weightInit(WeightInit.XAVIER).updater(new NoOp())
                    .graphBuilder()
                    .addInputs("input")
                    .setInputTypes(InputType.convolutional(5, 5, 4, format))
                    .addLayer("first", new GroupedConvolution.Builder(3, 3).groups(2).nOut(6).padding(1, 1)
                            .activation(Activation.TANH).build(), "input")
                    .addLayer("second", new GroupedConvolution.Builder(3, 3).groups(3).nOut(6).stride(2, 2)
                            .hasBias(false).activation(Activation.IDENTITY).build(), "first")
                    .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "second")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                            .activation(Activation.SOFTMAX).build(), "pool")
                    .setOutputs("out")
                    .build();
            ComputationGraph graph = new ComputationGraph(conf);
            graph.init();
            long[] shape = format == CNN2DFormat.NCHW ? new long[]{2, 4, 5, 5} : new long[]{2, 5, 5, 4};
            INDArray input = Nd4j.rand(DataType.DOUBLE, shape);
            INDArray labels = Nd4j.create(new double[][]{{1, 0, 0}, {0, 0, 1}});
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(new INDArray[]{input}).labels(new INDArray[]{labels})
                    .epsilon(1e-6).maxRelError(1e-4).minAbsoluteError(1e-9)));
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultType);
        }
    }

    @Test
    void savesAndLoadsWithItsGroups() throws IOException {
        ComputationGraph graph = graph(layer(GROUPS, 1, 1, true), DataType.FLOAT, CNN2DFormat.NCHW);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()),
                true);
        assertEquals(graph.getConfiguration(), restored.getConfiguration());
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer plain = Layers.conv(3, OUT, 1, 1);
        GroupedConvolution one = (GroupedConvolution) new GroupedConvolution.Builder(3, 3).groups(1).nOut(OUT)
                .stride(1, 1).padding(1, 1).hasBias(false).activation(Activation.IDENTITY).build();
        assertEquals(plain.equals(one), one.equals(plain), "equals is symmetric");
        GroupedConvolution conf = (GroupedConvolution) restored.getLayer("conv").conf().getLayer();
        assertEquals(GROUPS, conf.getGroups());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, IN, SIDE, SIDE);
        assertEquals(graph.outputSingle(x), restored.outputSingle(x));
    }

    /** PyTorch's count: C_out x C_in / G x kH x kW weights plus C_out biases; MACs likewise per output value. */
    @Test
    void parametersAndMacsCountOneGroupPerOutput() {
        ComputationGraph graph = graph(layer(GROUPS, 1, 1, true), DataType.FLOAT, CNN2DFormat.NCHW);
        ModelStats stats = ModelStats.of(graph, io.cnnzoo.zoo.InputShape.of(IN, SIDE, SIDE));
        assertEquals(OUT * (IN / GROUPS) * 9 + OUT, stats.trainableParams());
        assertEquals((long) SIDE * SIDE * OUT * (IN / GROUPS) * 9, stats.macs());
    }

    @Test
    void channelsThatDoNotSplitAreRejectedWithTheLayerNamed() {
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> new GroupedConvolution.Builder(3, 3).groups(5).nOut(12).build());
        assertTrue(out.getMessage().contains("12") && out.getMessage().contains("5"), out.getMessage());

        IllegalArgumentException in = assertThrows(IllegalArgumentException.class, () -> new NeuralNetConfiguration
                .Builder().graphBuilder().addInputs("input").setInputTypes(InputType.convolutional(SIDE, SIDE, 6))
                .addLayer("conv", layer(GROUPS, 1, 1, true), "input").setOutputs("conv").build());
        assertTrue(in.getMessage().contains("'conv'") && in.getMessage().contains("6"), in.getMessage());
    }
}
