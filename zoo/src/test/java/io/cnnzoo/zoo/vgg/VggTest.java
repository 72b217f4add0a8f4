package io.cnnzoo.zoo.vgg;

import io.cnnzoo.zoo.ModelStats;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VGG (Simonyan and Zisserman 2015, Table 1) against torchvision's published numbers. Counts come from
 * {@code stats()} (nothing allocated); one vgg11 is built for the forward pass and the initialisation.
 */
class VggTest {

    private static ComputationGraph vgg11;

    @BeforeAll
    static void buildOneVgg11() {
        vgg11 = VGG.vgg(11).numClasses(10).seed(1).build(); // ~0.5 GB of parameters: once per class
    }

    @AfterAll
    static void release() {
        vgg11 = null;
    }

    /** torchvision's documentation, "Params" column of vgg11 ... vgg19_bn. */
    @ParameterizedTest
    @CsvSource({"11, 132863336, 132868840", "13, 133047848, 133053736",
            "16, 138357544, 138365992", "19, 143667240, 143678248"})
    void hasTorchvisionsParameterCounts(int depth, long plain, long withBatchNorm) {
        assertEquals(plain, VGG.vgg(depth).stats().trainableParams());
        assertEquals(withBatchNorm, VGG.vgg(depth).batchNorm().stats().trainableParams());
    }

    /**
     * torchvision's "GFLOPS" column (multiply-accumulates) at 224x224, to the digits it prints; BN adds
     * no MACs (torchvision lists the same figure for the -bn models).
     */
    @ParameterizedTest
    @CsvSource({"11, 7.609, 0.0005", "13, 11.308, 0.0005", "16, 15.47, 0.005", "19, 19.63, 0.005"})
    void hasTorchvisionsMultiplyAccumulates(int depth, double gmacs, double halfLastDigit) {
        assertEquals(gmacs, VGG.vgg(depth).stats().macs() / 1e9, halfLastDigit);
        assertEquals(VGG.vgg(depth).stats().macs(), VGG.vgg(depth).batchNorm().stats().macs());
    }

    /** Each block halves the map; blocks end with 64, 128, 256, 512, 512 channels (Table 1). */
    @ParameterizedTest
    @ValueSource(ints = {11, 13, 16, 19})
    void blocksHalveTheMapAt224(int depth) {
        for (VggBuilder builder : new VggBuilder[]{VGG.vgg(depth), VGG.vgg(depth).batchNorm()}) {
            ModelStats stats = builder.stats();
            assertEquals("[64, 112, 112]", stats.vertex(builder.stageOutput(1)).outputShape());
            assertEquals("[128, 56, 56]", stats.vertex(builder.stageOutput(2)).outputShape());
            assertEquals("[256, 28, 28]", stats.vertex(builder.stageOutput(3)).outputShape());
            assertEquals("[512, 14, 14]", stats.vertex(builder.stageOutput(4)).outputShape());
            assertEquals("[512, 7, 7]", stats.vertex(builder.stageOutput(5)).outputShape());
            assertEquals("[512, 7, 7]", stats.vertex("avgpool").outputShape());
            assertEquals("[4096]", stats.vertex("classifier.0").outputShape());
            assertEquals("[1000]", stats.vertex("classifier.6").outputShape());
        }
    }

    /**
     * The vertices carry torchvision's state-dict names: vgg16's last conv is {@code features.28} and its
     * last pool {@code features.30}; in vgg16_bn they are {@code features.40}, BN {@code features.41}, pool
     * {@code features.43}; vgg19's last pool is {@code features.36}, vgg19_bn's {@code features.52}.
     * Parameters by layer arithmetic: conv 512*512*9 + 512 = 2,359,808; BN 2 * 512; classifier.0
     * 25,088 * 4,096 + 4,096; classifier.3 4,096 * 4,096 + 4,096; classifier.6 4,096 * 1,000 + 1,000.
     */
    @Test
    void verticesAreNamedAsTorchvisionsStateDict() {
        ModelStats vgg16 = VGG.vgg(16).stats();
        assertEquals(1_792, vgg16.vertex("features.0").trainableParams()); // 64*3*9 + 64
        assertEquals(2_359_808, vgg16.vertex("features.28").trainableParams());
        assertEquals("features.30", VGG.vgg(16).stageOutput(5));
        assertEquals("SubsamplingLayer", vgg16.vertex("features.30").type());
        assertEquals(102_764_544, vgg16.vertex("classifier.0").trainableParams());
        assertEquals(16_781_312, vgg16.vertex("classifier.3").trainableParams());
        assertEquals(4_097_000, vgg16.vertex("classifier.6").trainableParams());

        ModelStats vgg16bn = VGG.vgg(16).batchNorm().stats();
        assertEquals(2_359_808, vgg16bn.vertex("features.40").trainableParams());
        assertEquals(1_024, vgg16bn.vertex("features.41").trainableParams());
        assertEquals("DecayedBatchNormalization", vgg16bn.vertex("features.41").type()); // DL4J BN, weight-decayed
        assertEquals("features.43", VGG.vgg(16).batchNorm().stageOutput(5));
        assertEquals("features.36", VGG.vgg(19).stageOutput(5));
        assertEquals("features.52", VGG.vgg(19).batchNorm().stageOutput(5));
    }

    @Test
    void classifiesABatchAt224() {
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 224, 224);
        Map<String, INDArray> activations = vgg11.feedForward(input, false);
        assertArrayEquals(new long[]{2, 512, 7, 7}, activations.get("features.20").shape()); // vgg11's last pool
        INDArray output = activations.get("classifier.6");
        assertArrayEquals(new long[]{2, 10}, output.shape());
        assertTrue(output.sum(1).equalsWithEps(Nd4j.ones(DataType.FLOAT, 2), 1e-4), output.toString());
    }

    /**
     * torchvision's {@code _initialize_weights}: conv weights N(0, 2 / fan_out), fan_out = filters * 3 * 3;
     * linear weights N(0, 0.01^2); every bias 0.
     */
    @Test
    void startsFromTorchvisionsInitialisation() {
        assertStd(Math.sqrt(2.0 / (64 * 9)), vgg11.getParam("features.0_W"), 0.1);        // 1,728 weights
        assertStd(Math.sqrt(2.0 / (512 * 9)), vgg11.getParam("features.18_W"), 0.01);     // 2.4M weights
        assertStd(0.01, vgg11.getParam("classifier.0_W"), 0.01);
        assertStd(0.01, vgg11.getParam("classifier.6_W"), 0.05);
        for (String bias : new String[]{"features.0_b", "features.18_b", "classifier.0_b", "classifier.6_b"}) {
            assertEquals(0.0, vgg11.getParam(bias).norm1Number().doubleValue(), bias);
        }
    }

    private static void assertStd(double expected, INDArray weights, double relativeTolerance) {
        assertEquals(0.0, weights.meanNumber().doubleValue(), expected * 0.1, "mean");
        assertEquals(expected, weights.stdNumber().doubleValue(), expected * relativeTolerance, "std");
    }

    /**
     * The adaptive 7x7 pool: a 32x32 input leaves a 1x1 map, repeated to 7x7 as torchvision does; 448
     * leaves 14x14, averaged in 2x2 blocks. The classifier keeps its 25,088 inputs either way.
     */
    @ParameterizedTest
    @CsvSource({"32, 1", "63, 1", "255, 7", "448, 14", "479, 14"})
    void avgpoolKeepsTheClassifierAt7x7(int side, int map) {
        ModelStats stats = VGG.vgg(16).inputShape(3, side, side).stats();
        assertEquals("[512, " + map + ", " + map + "]", stats.vertex("features.30").outputShape());
        assertEquals("[512, 7, 7]", stats.vertex("avgpool").outputShape());
        assertEquals(138_357_544, stats.trainableParams());
    }

    @Test
    void rejectsInputsTheAdaptivePoolCannotComputeExactly() {
        // 100 / 32 = 3: a 3x3 map, neither a divisor nor a multiple of 7.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VGG.vgg(16).inputShape(3, 100, 100).stats());
        assertTrue(e.getMessage().contains("3x100x100") && e.getMessage().contains("3x3")
                && e.getMessage().contains("32-63, 224-255, 448-479"), e.getMessage());

        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> VGG.vgg(11).inputShape(3, 31, 31).stats());
        assertTrue(small.getMessage().contains("32x32"), small.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 12, 18, 152})
    void depthMustBeATable1Configuration(int depth) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VGG.vgg(depth));
        assertTrue(e.getMessage().contains("[11, 13, 16, 19]") && e.getMessage().contains(String.valueOf(depth)),
                e.getMessage());
    }

    @Test
    void namesMatchTheRegistry() {
        assertEquals("vgg19", VGG.vgg(19).name());
        assertEquals("vgg19-bn", VGG.vgg(19).batchNorm().name());
    }
}
