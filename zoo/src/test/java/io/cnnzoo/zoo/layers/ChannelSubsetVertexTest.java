package io.cnnzoo.zoo.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelSubsetVertexTest {

    /** x[n, c, h, w] = 1000 n + 100 c + 10 h + w: every value names its own position. */
    private static INDArray positional(int batch, int channels, int height, int width) {
        INDArray x = Nd4j.create(DataType.DOUBLE, batch, channels, height, width);
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int h = 0; h < height; h++) {
                    for (int w = 0; w < width; w++) {
                        x.putScalar(new int[]{n, c, h, w}, 1000 * n + 100 * c + 10 * h + w);
                    }
                }
            }
        }
        return x;
    }

    private static GraphVertex instantiate(ChannelSubsetVertex conf) {
        return conf.instantiate(null, "subset", 0, null, false, DataType.DOUBLE);
    }

    @Test
    void forwardKeepsTheListedChannelsInTheirListedOrder() {
        INDArray x = positional(2, 5, 2, 3);
        GraphVertex vertex = instantiate(new ChannelSubsetVertex(CNN2DFormat.NCHW, 3, 4, 0));
        vertex.setInputs(x);

        INDArray out = vertex.doForward(false, LayerWorkspaceMgr.noWorkspaces());

        assertArrayEquals(new long[]{2, 3, 2, 3}, out.shape());
        // Output channel k holds input channel channels[k]: value 100 * channels[k] + the rest unchanged.
        int[] expectedChannel = {3, 4, 0};
        for (int n = 0; n < 2; n++) {
            for (int k = 0; k < 3; k++) {
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 3; w++) {
                        assertEquals(1000 * n + 100 * expectedChannel[k] + 10 * h + w, out.getDouble(n, k, h, w));
                    }
                }
            }
        }
    }

    @Test
    void backwardRoutesEachGradientToItsInputChannelAndZeroElsewhere() {
        INDArray x = positional(2, 5, 2, 3);
        GraphVertex vertex = instantiate(new ChannelSubsetVertex(CNN2DFormat.NCHW, 3, 4, 0));
        vertex.setInputs(x);
        vertex.doForward(true, LayerWorkspaceMgr.noWorkspaces());
        INDArray epsilon = positional(2, 3, 2, 3).addi(0.5);
        vertex.setEpsilon(epsilon);

        INDArray grad = vertex.doBackward(false, LayerWorkspaceMgr.noWorkspaces()).getSecond()[0];

        // By hand: out[:, k] = x[:, channels[k]], so dL/dx[:, c] = dL/dout[:, k] if channels[k] = c, else 0.
        assertArrayEquals(x.shape(), grad.shape());
        assertEquals(epsilon.get(NDArrayIndex.all(), NDArrayIndex.point(2)), grad.get(NDArrayIndex.all(), NDArrayIndex.point(0)));
        assertEquals(epsilon.get(NDArrayIndex.all(), NDArrayIndex.point(0)), grad.get(NDArrayIndex.all(), NDArrayIndex.point(3)));
        assertEquals(epsilon.get(NDArrayIndex.all(), NDArrayIndex.point(1)), grad.get(NDArrayIndex.all(), NDArrayIndex.point(4)));
        assertEquals(0.0, grad.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)).norm1Number().doubleValue());
    }

    @Test
    void channelsLastSelectsAlongTheLastDimension() {
        INDArray nchw = positional(2, 5, 2, 3);
        GraphVertex vertex = instantiate(new ChannelSubsetVertex(CNN2DFormat.NHWC, 1, 2, 4));
        vertex.setInputs(nchw.permute(0, 2, 3, 1).dup('c'));

        INDArray out = vertex.doForward(false, LayerWorkspaceMgr.noWorkspaces());

        INDArray expected = Nd4j.concat(1, nchw.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)),
                nchw.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 5)));
        assertEquals(expected.permute(0, 2, 3, 1), out);
    }

    private static ComputationGraphConfiguration subsetThenConv(DataType dataType, int... channels) {
        return new NeuralNetConfiguration.Builder()
                .dataType(dataType)
                .seed(1)
                .updater(new NoOp()) // GradientCheckUtil insists on it
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(4, 4, 5))
                .addLayer("conv0", new ConvolutionLayer.Builder(1, 1).nOut(5).activation(Activation.TANH).build(), "input")
                .addVertex("subset", new ChannelSubsetVertex(CNN2DFormat.NCHW, channels), "conv0")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).convolutionMode(ConvolutionMode.Truncate)
                        .nOut(2).activation(Activation.TANH).build(), "subset")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("out")
                .build();
    }

    @Test
    void shapeInferenceGivesTheNextLayerTheSubsetsChannelCount() {
        ComputationGraphConfiguration conf = subsetThenConv(DataType.FLOAT, 4, 0, 2);
        var types = conf.getLayerActivationTypes(InputType.convolutional(4, 4, 5));
        assertEquals(InputType.convolutional(4, 4, 3), types.get("subset"));
        ConvolutionLayer conv = (ConvolutionLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                conf.getVertices().get("conv")).getLayerConf().getLayer();
        assertEquals(3, conv.getNIn());
    }

    @Test
    void shapeInferenceRejectsChannelsTheInputDoesNotHave() {
        assertThrows(Exception.class, () -> subsetThenConv(DataType.FLOAT, 0, 5));
    }

    @Test
    void rejectsEmptyNegativeAndRepeatedChannels() {
        assertThrows(IllegalArgumentException.class, () -> new ChannelSubsetVertex(CNN2DFormat.NCHW));
        assertThrows(IllegalArgumentException.class, () -> new ChannelSubsetVertex(CNN2DFormat.NCHW, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> new ChannelSubsetVertex(CNN2DFormat.NCHW, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ChannelSubsetVertex.range(CNN2DFormat.NCHW, 3, 3));
    }

    /** Backpropagation through the vertex inside a graph, against finite differences (double precision). */
    @Test
    void gradientsInAGraphMatchFiniteDifferences() {
        DataType defaultType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil checks the global default
        try {
            ComputationGraph graph = new ComputationGraph(subsetThenConv(DataType.DOUBLE, 4, 0, 2));
            graph.init();
            INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 5, 4, 4);
            INDArray labels = Nd4j.create(new double[][]{{1, 0, 0}, {0, 0, 1}});
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(new INDArray[]{input}).labels(new INDArray[]{labels})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)));
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultType);
        }
    }

    @Test
    void survivesModelSerializerSaveAndLoad() throws IOException {
        ComputationGraph graph = new ComputationGraph(subsetThenConv(DataType.FLOAT, 4, 0, 2));
        graph.init();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, false);

        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()));

        assertEquals(new ChannelSubsetVertex(CNN2DFormat.NCHW, 4, 0, 2), restored.getConfiguration().getVertices().get("subset"));
        assertEquals(graph.getConfiguration(), restored.getConfiguration());
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 5, 4, 4);
        assertEquals(graph.outputSingle(input), restored.outputSingle(input));
    }
}
