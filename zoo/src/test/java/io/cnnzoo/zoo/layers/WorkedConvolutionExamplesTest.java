package io.cnnzoo.zoo.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lecture's worked examples (Dumoulin and Visin 2018, "A guide to convolution arithmetic for deep
 * learning", Fig. 1.1) through DL4J's convolution layer as the zoo configures it: a DL4J "convolution"
 * is a cross-correlation, S(i, j) = sum_m sum_n I(i + m, j + n) K(m, n).
 */
class WorkedConvolutionExamplesTest {

    private static ComputationGraph singleConvolution(int channels, int height, int width) {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(height, width, channels))
                .addLayer("conv", Layers.conv(3, 1, 1, 0), "input")
                .setOutputs("conv")
                .build());
        graph.init();
        return graph;
    }

    @Test
    void fiveByFiveInputWithThreeByThreeKernelGivesTheLecturesMap() {
        float[][] image = {{3, 3, 2, 1, 0}, {0, 0, 1, 3, 1}, {3, 1, 2, 2, 3}, {2, 0, 0, 2, 2}, {2, 0, 0, 0, 1}};
        float[][] kernel = {{0, 1, 2}, {2, 2, 0}, {0, 1, 2}};
        ComputationGraph graph = singleConvolution(1, 5, 5);
        graph.getLayer("conv").setParam("W", Nd4j.create(kernel).reshape(1, 1, 3, 3));

        INDArray output = graph.outputSingle(Nd4j.create(image).reshape(1, 1, 5, 5));

        float[][] expected = {{12, 12, 17}, {10, 17, 19}, {9, 6, 14}};
        assertArrayEquals(new long[]{1, 1, 3, 3}, output.shape());
        assertEquals(Nd4j.create(expected).reshape(1, 1, 3, 3), output);
    }

    @Test
    void sixBySixByThreeInputWithOneThreeByThreeByThreeFilterGivesOneFourByFourMap() {
        ComputationGraph graph = singleConvolution(3, 6, 6);
        // One kernel per channel, summed over channels: with kernels of ones, twos and threes on an input
        // of ones, every output is 9 x (1 + 2 + 3) = 54.
        INDArray weights = Nd4j.create(DataType.FLOAT, 1, 3, 3, 3);
        for (int c = 0; c < 3; c++) {
            weights.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                    .assign(c + 1);
        }
        graph.getLayer("conv").setParam("W", weights);

        INDArray output = graph.outputSingle(Nd4j.ones(DataType.FLOAT, 1, 3, 6, 6));

        assertArrayEquals(new long[]{1, 1, 4, 4}, output.shape());
        assertEquals(Nd4j.valueArrayOf(new long[]{1, 1, 4, 4}, 54f), output);
        // Weight sharing: 27 weights whatever the image size.
        assertEquals(27, graph.numParams());
    }
}
