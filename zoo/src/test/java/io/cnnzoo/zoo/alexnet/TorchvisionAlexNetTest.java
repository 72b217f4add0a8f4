package io.cnnzoo.zoo.alexnet;

import io.cnnzoo.zoo.ModelStats;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torchvision's single-tower AlexNet against torchvision's published numbers and the layer arithmetic. */
class TorchvisionAlexNetTest {

    /** torchvision's documentation: 61,100,840 parameters, 0.71 "GFLOPS" (MACs; 0.714 to three digits). */
    @Test
    void hasTorchvisionsParametersAndMultiplyAccumulates() {
        ModelStats stats = AlexNet.torchvision().stats();
        assertEquals(61_100_840, stats.trainableParams());
        assertEquals(0.714, stats.macs() / 1e9, 0.0005);
    }

    /**
     * torchvision's state-dict keys are features.{0,3,6,8,10} and classifier.{1,4,6}. Layer arithmetic:
     * 64*3*11*11 + 64; 192*64*5*5 + 192; 384*192*9 + 384; 256*384*9 + 256; 256*256*9 + 256;
     * 9216*4096 + 4096; 4096*4096 + 4096; 4096*1000 + 1000 (sum 61,100,840). Shapes at 224: conv1
     * floor((224 + 4 - 11) / 4) + 1 = 55, pools 27, 13, 6.
     */
    @Test
    void layersAreNamedAndShapedAsInTorchvision() {
        ModelStats stats = AlexNet.torchvision().stats();
        assertEquals(23_296, stats.vertex("features.0").trainableParams());
        assertEquals(307_392, stats.vertex("features.3").trainableParams());
        assertEquals(663_936, stats.vertex("features.6").trainableParams());
        assertEquals(884_992, stats.vertex("features.8").trainableParams());
        assertEquals(590_080, stats.vertex("features.10").trainableParams());
        assertEquals(37_752_832, stats.vertex("classifier.1").trainableParams());
        assertEquals(16_781_312, stats.vertex("classifier.4").trainableParams());
        assertEquals(4_097_000, stats.vertex("classifier.6").trainableParams());

        assertEquals("[64, 55, 55]", stats.vertex("features.1").outputShape());
        assertEquals("[64, 27, 27]", stats.vertex("features.2").outputShape());
        assertEquals("[192, 13, 13]", stats.vertex("features.5").outputShape());
        assertEquals("[384, 13, 13]", stats.vertex("features.7").outputShape());
        assertEquals("[256, 13, 13]", stats.vertex("features.11").outputShape());
        assertEquals("[256, 6, 6]", stats.vertex("features.12").outputShape());
        assertEquals("[256, 6, 6]", stats.vertex("avgpool").outputShape());
        assertEquals("[4096]", stats.vertex("classifier.5").outputShape());
    }

    @Test
    void classifiesABatchAt224() {
        ComputationGraph net = AlexNet.torchvision().numClasses(10).build();
        Map<String, INDArray> activations = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 3, 224, 224), false);
        assertArrayEquals(new long[]{2, 256, 6, 6}, activations.get("features.12").shape());
        assertArrayEquals(new long[]{2, 10}, activations.get("classifier.6").shape());
    }

    /** torchvision's AlexNet weights declare min_size (63, 63): 63 leaves a 1x1 map after the last pool. */
    @Test
    void rejectsInputsSmallerThan63x63() {
        assertEquals(63, AlexNet.torchvision().minInputSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlexNet.torchvision().inputShape(1, 28, 28).build());
        assertTrue(e.getMessage().contains("63x63") && e.getMessage().contains("1x28x28"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AlexNet.torchvision().inputShape(3, 62, 62).stats());
    }

    /**
     * The adaptive 6x6 pool: maps of 1, 2, 3 (sides 63-158) are repeated to 6x6, 6 (223-254) passes, 12
     * (415-446) is averaged in 2x2 blocks; the classifier keeps its 9,216 inputs.
     */
    @ParameterizedTest
    @CsvSource({"63, 1", "94, 1", "95, 2", "127, 3", "158, 3", "223, 6", "254, 6", "415, 12"})
    void avgpoolKeepsTheClassifierAt6x6(int side, int map) {
        ModelStats stats = AlexNet.torchvision().inputShape(3, side, side).stats();
        assertEquals("[256, " + map + ", " + map + "]", stats.vertex("features.12").outputShape());
        assertEquals("[256, 6, 6]", stats.vertex("avgpool").outputShape());
        assertEquals(61_100_840, stats.trainableParams());
    }

    @Test
    void rejectsInputsTheAdaptivePoolCannotComputeExactly() {
        // 180: conv1 44, pools 21, 10, 4: a 4x4 map, neither a divisor nor a multiple of 6.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlexNet.torchvision().inputShape(3, 180, 180).stats());
        assertTrue(e.getMessage().contains("4x4") && e.getMessage().contains("63-158, 223-254, 415-446"),
                e.getMessage());
    }

    @Test
    void rejectsZeroClasses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlexNet.torchvision().numClasses(0).stats());
        assertTrue(e.getMessage().contains("numClasses"), e.getMessage());
    }
}
