package io.cnnzoo.zoo.vgg;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stock-layer stand-in for PyTorch's AdaptiveAvgPool2d against PyTorch's definition of it. */
class AdaptiveAvgPoolTest {

    @ParameterizedTest
    @CsvSource({
            "7, 7, 7", "14, 14, 7", "21, 14, 7", "1, 1, 7", "1, 7, 7",   // VGG: identity, 2x2, 3x2, repeat
            "6, 6, 6", "12, 12, 6", "1, 1, 6", "2, 2, 6", "3, 3, 6", "2, 3, 6"}) // AlexNet
    void computesPyTorchsAdaptiveAveragePool(int height, int width, int target) {
        assertTrue(AdaptiveAvgPool.isExact(height, width, target));
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(height, width, 2))
                .addLayer("avgpool", AdaptiveAvgPool.layer(height, width, target), "in")
                .setOutputs("avgpool")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        INDArray input = Nd4j.rand(DataType.FLOAT, 3, 2, height, width);

        INDArray actual = graph.outputSingle(input);

        assertArrayEquals(new long[]{3, 2, target, target}, actual.shape());
        assertTrue(pytorchAdaptiveAvgPool(input, target).equalsWithEps(actual, 1e-5));
    }

    /**
     * PyTorch's definition (aten AdaptiveAveragePooling): output (i, j) averages input rows
     * floor(i*H/t) .. ceil((i+1)*H/t) - 1 and columns floor(j*W/t) .. ceil((j+1)*W/t) - 1.
     */
    private static INDArray pytorchAdaptiveAvgPool(INDArray x, int t) {
        long n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        INDArray out = Nd4j.create(DataType.FLOAT, n, c, t, t);
        for (long b = 0; b < n; b++) {
            for (long ch = 0; ch < c; ch++) {
                for (long i = 0; i < t; i++) {
                    for (long j = 0; j < t; j++) {
                        long r0 = Math.floorDiv(i * h, t), r1 = -Math.floorDiv(-(i + 1) * h, t);
                        long c0 = Math.floorDiv(j * w, t), c1 = -Math.floorDiv(-(j + 1) * w, t);
                        double sum = 0;
                        for (long r = r0; r < r1; r++) {
                            for (long col = c0; col < c1; col++) {
                                sum += x.getDouble(b, ch, r, col);
                            }
                        }
                        out.putScalar(new long[]{b, ch, i, j}, sum / ((r1 - r0) * (c1 - c0)));
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"3, 3, 7", "5, 5, 7", "8, 8, 7", "1, 14, 7", "4, 4, 6", "5, 5, 6", "0, 0, 7"})
    void rejectsMapsThatNeedUnequalWindows(int height, int width, int target) {
        assertFalse(AdaptiveAvgPool.isExact(height, width, target));
        assertThrows(IllegalArgumentException.class, () -> AdaptiveAvgPool.layer(height, width, target));
    }

    /** VGG's map is floor(side / 32): 1 for sides 32-63, 7 for 224-255, 14 for 448-479, 21 for 672-703. */
    @Test
    void namesTheInputSidesThatWork() {
        assertEquals("32-63, 224-255, 448-479, 672-703, ...",
                AdaptiveAvgPool.exactInputSides(side -> side / 32, 32, 7));
    }
}
