package io.cnnzoo.zoo;

import io.cnnzoo.zoo.resnet.ResNet;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The recomputed running statistics are PyTorch's {@code update_bn}'s: per channel, the average over the batches
 * of the batch mean and of the unbiased batch variance of the layer's input, here computed independently with
 * plain loops over the first batch norm layer's input (resnet20's stem convolution, whose output depends on no
 * batch norm).
 */
class BatchNormStatisticsTest {

    @Test
    void theFirstLayersStatisticsAreTheBatchAveragesOfItsInputs() {
        ComputationGraph graph = ResNet.cifar(20).inputShape(3, 16, 16).seed(3).build();
        Nd4j.getRandom().setSeed(11);
        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // Shifted and scaled so that the statistics are far from the initial mean 0 and variance 1.
            batches.add(new DataSet(Nd4j.rand(DataType.FLOAT, 8, 3, 16, 16).muli(4).addi(1),
                    Nd4j.zeros(DataType.FLOAT, 8, 10)));
        }
        int set = BatchNormStatistics.recompute(graph, batches.iterator(), 10);
        assertEquals(19, set, "resnet20 has 19 batch norm layers");

        INDArray mean = graph.getLayer("bn1").getParam("mean");
        INDArray variance = graph.getLayer("bn1").getParam("var");
        for (int channel : new int[]{0, 7, 15}) {
            double meanSum = 0;
            double varianceSum = 0;
            for (DataSet batch : batches) {
                float[] conv = graph.feedForward(batch.getFeatures(), false).get("conv1").dup()
                        .data().asFloat(); // NCHW: [8, 16, 16, 16]
                int n = 8;
                int plane = 16 * 16;
                double sum = 0;
                for (int image = 0; image < n; image++) {
                    for (int k = 0; k < plane; k++) {
                        sum += conv[(image * 16 + channel) * plane + k];
                    }
                }
                double m = sum / (n * plane);
                double squares = 0;
                for (int image = 0; image < n; image++) {
                    for (int k = 0; k < plane; k++) {
                        double d = conv[(image * 16 + channel) * plane + k] - m;
                        squares += d * d;
                    }
                }
                meanSum += m;
                varianceSum += squares / (n * plane - 1);
            }
            assertEquals(meanSum / 3, mean.getDouble(channel), 1e-4 * Math.max(1, Math.abs(meanSum / 3)),
                    "mean of channel " + channel);
            assertEquals(varianceSum / 3, variance.getDouble(channel), 1e-4 * varianceSum / 3,
                    "variance of channel " + channel);
        }
    }
}
