package io.cnnzoo.zoo.wrn;

import io.cnnzoo.zoo.ModelStats;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wide residual networks (Zagoruyko and Komodakis, BMVC 2016) against the paper's Table 1 structure, its
 * parameter counts and the layer arithmetic. Big nets are only counted ({@code stats()} allocates nothing).
 */
class WideResNetTest {

    /** WRN-28-10: n = 4 blocks per stage of widths 160, 320, 640; the paper gives 36.5M. */
    @Test
    void wrn28x10HasTheLayerArithmeticsParameterCount() {
        long stem = 3 * 16 * 9;                                                       // 432
        // block 0: BN16, 3x3 16x160, BN160, 3x3 160x160, projection 16x160; blocks 1-3: BN160 3x3 BN160 3x3
        long stage1 = (32 + 23_040 + 320 + 230_400 + 2_560) + 3 * (320 + 230_400 + 320 + 230_400);
        long stage2 = (320 + 460_800 + 640 + 921_600 + 51_200) + 3 * (640 + 921_600 + 640 + 921_600);
        long stage3 = (640 + 1_843_200 + 1_280 + 3_686_400 + 204_800) + 3 * (1_280 + 3_686_400 + 1_280 + 3_686_400);
        long head = 2 * 640 + 640 * 10 + 10;                                          // final BN640, fc
        long expected = stem + stage1 + stage2 + stage3 + head;
        assertEquals(36_479_194, expected);
        assertEquals(expected, WideResNet.wrn(28, 10).stats().trainableParams());
        assertEquals(expected, WideResNet.named("wrn-28-10").stats().trainableParams());
    }

    /** WRN-16-4: n = 2, widths 64, 128, 256 (about 2.7M). */
    @Test
    void wrn16x4HasTheLayerArithmeticsParameterCount() {
        long stem = 3 * 16 * 9;
        long stage1 = (32 + 9_216 + 128 + 36_864 + 1_024) + (128 + 36_864 + 128 + 36_864);
        long stage2 = (128 + 73_728 + 256 + 147_456 + 8_192) + (256 + 147_456 + 256 + 147_456);
        long stage3 = (256 + 294_912 + 512 + 589_824 + 32_768) + (512 + 589_824 + 512 + 589_824);
        long head = 2 * 256 + 256 * 10 + 10;
        long expected = stem + stage1 + stage2 + stage3 + head;
        assertEquals(2_748_890, expected);
        assertEquals(expected, WideResNet.wrn(16, 4).stats().trainableParams());
    }

    /** The parameter column of the WRN paper's table of CIFAR results (millions, one decimal). */
    @ParameterizedTest
    @CsvSource({"40, 1, 0.6", "40, 2, 2.2", "40, 4, 8.9", "40, 8, 35.7", "28, 10, 36.5", "28, 12, 52.5",
            "22, 8, 17.2", "22, 10, 26.8", "16, 8, 11.0", "16, 10, 17.1"})
    void parameterCountsRoundToThePapersTable(int depth, int k, double millions) {
        long params = WideResNet.wrn(depth, k).stats().trainableParams();
        assertEquals(millions, Math.round(params / 1e5) / 10.0, 1e-9, "WRN-" + depth + "-" + k + ": " + params);
    }

    /** Depth 6n + 4 counts every convolution: the stem, 2 per block and the 3 projections (k > 1). */
    @ParameterizedTest
    @CsvSource({"10, 2", "16, 4", "28, 10"})
    void depthCountsEveryConvolution(int depth, int k) {
        ComputationGraphConfiguration conf = WideResNet.wrn(depth, k).configuration();
        long convolutions = conf.getVertices().values().stream()
                .filter(v -> layer(v) instanceof ConvolutionLayer).count();
        assertEquals(depth, convolutions);
    }

    @Test
    void wrn28x10StagesHaveTable1sWidthsAndMaps() {
        ModelStats stats = WideResNet.wrn(28, 10).stats();
        assertEquals("[16, 32, 32]", stats.vertex("conv1").outputShape());
        assertEquals("[160, 32, 32]", stats.vertex("layer1.3").outputShape());
        assertEquals("[320, 16, 16]", stats.vertex("layer2.3").outputShape());
        assertEquals("[640, 8, 8]", stats.vertex("layer3.3").outputShape());
        assertEquals("[640]", stats.vertex("avgpool").outputShape());
    }

    @Test
    void smallWrnRunsForward() {
        WideResNetBuilder builder = WideResNet.wrn(10, 2);
        ComputationGraph net = builder.build();
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        Map<String, INDArray> activations = net.feedForward(input, false);
        assertArrayEquals(new long[]{2, 32, 32, 32}, activations.get(builder.stageOutput(1)).shape());
        assertArrayEquals(new long[]{2, 64, 16, 16}, activations.get(builder.stageOutput(2)).shape());
        assertArrayEquals(new long[]{2, 128, 8, 8}, activations.get(builder.stageOutput(3)).shape());
        assertArrayEquals(new long[]{2, 10}, net.outputSingle(input).shape());
        // Pre-activation: the additions are not followed by a ReLU, so they can be negative.
        assertTrue(activations.get("layer1.0").minNumber().doubleValue() < 0);
        assertInstanceOf(ElementWiseVertex.class, builder.configuration().getVertices().get("layer1.0"));
    }

    /**
     * Every stage's first block projects its pre-activated input, stage 1 too when k > 1 (16 -> 16k); with
     * k = 1 stage 1 does not, and its first shortcut reads the activated stem (pre-activation paper, Sec. 4.1).
     */
    @Test
    void projectionsWhereWidthOrStrideChanges() {
        ComputationGraphConfiguration wide = WideResNet.wrn(16, 4).configuration();
        for (String name : List.of("layer1.0.shortcut", "layer2.0.shortcut", "layer3.0.shortcut")) {
            assertEquals(List.of(name.replace("shortcut", "relu1")), wide.getVertexInputs().get(name));
        }
        assertEquals(List.of("layer1.1.conv2", "layer1.0"), wide.getVertexInputs().get("layer1.1"));
        assertEquals(3, wide.getVertices().keySet().stream().filter(n -> n.endsWith(".shortcut")).count());

        ComputationGraphConfiguration thin = WideResNet.wrn(16, 1).configuration();
        assertFalse(thin.getVertices().containsKey("layer1.0.shortcut"));
        assertEquals(List.of("layer1.0.conv2", "layer1.0.relu1"), thin.getVertexInputs().get("layer1.0"));
        assertTrue(thin.getVertices().containsKey("layer2.0.shortcut"));
    }

    /**
     * {@code dropout(p)} takes the probability of dropping (the paper's 0.3); DL4J's Dropout takes the
     * probability of keeping, so the layer must hold 0.7. It sits between the convolutions of every block.
     */
    @Test
    void dropoutSitsBetweenTheConvolutionsWithDl4jsRetainProbability() {
        WideResNetBuilder builder = WideResNet.wrn(10, 2).dropout(0.3);
        ComputationGraphConfiguration conf = builder.configuration();
        assertEquals(List.of("layer1.0.relu2"), conf.getVertexInputs().get("layer1.0.dropout"));
        assertEquals(List.of("layer1.0.dropout"), conf.getVertexInputs().get("layer1.0.conv2"));
        DropoutLayer layer = (DropoutLayer) layer(conf.getVertices().get("layer2.0.dropout"));
        assertEquals(0.7, ((Dropout) layer.getIDropout()).getP(), 1e-12);
        assertEquals(3, conf.getVertices().keySet().stream().filter(n -> n.endsWith(".dropout")).count());
        // Dropout adds no parameters.
        assertEquals(WideResNet.wrn(10, 2).stats().trainableParams(), builder.stats().trainableParams());
        assertFalse(WideResNet.wrn(10, 2).configuration().getVertices().containsKey("layer1.0.dropout"));

        // The graph's dropout layer, in training, zeroes about 30% of its input and scales the rest by 1 / 0.7
        // (inverted dropout); at inference it is the identity. (Called on the layer itself: inside a graph's
        // forward pass DL4J may apply dropout in place on the ReLU's output, hiding the "before" values.)
        org.deeplearning4j.nn.api.Layer dropout = builder.build().getLayer("layer1.0.dropout");
        INDArray ones = Nd4j.ones(DataType.FLOAT, 2, 32, 32, 32);
        INDArray trained = dropout.activate(ones.dup(), true, LayerWorkspaceMgr.noWorkspaces());
        INDArray kept = trained.gt(0).castTo(DataType.FLOAT);
        assertEquals(0.7, kept.meanNumber().doubleValue(), 0.02);
        assertTrue(trained.mul(0.7).equalsWithEps(kept, 1e-5), "kept activations are scaled by 1 / 0.7");
        assertEquals(ones, dropout.activate(ones.dup(), false, LayerWorkspaceMgr.noWorkspaces()));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void dropoutMustBeADropProbability(double p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WideResNet.wrn(10, 2).dropout(p));
        assertTrue(e.getMessage().contains("dropout") && e.getMessage().contains(String.valueOf(p)), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 9, 11, 27, 30})
    void depthMustBe6nPlus4(int depth) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WideResNet.wrn(depth, 2));
        assertTrue(e.getMessage().contains("6n+4") && e.getMessage().contains("got " + depth), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void widenFactorMustBePositive(int k) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WideResNet.wrn(28, k));
        assertTrue(e.getMessage().contains("k must be at least 1") && e.getMessage().contains("got " + k),
                e.getMessage());
    }

    @Test
    void namesParseAsWrnDepthK() {
        WideResNetBuilder builder = WideResNet.named("wrn-40-4");
        assertEquals(40, builder.depth());
        assertEquals(4, builder.widenFactor());
        assertEquals("wrn-40-4", builder.name());
        assertTrue(WideResNet.isName("wrn-28-10"));
        for (String bad : List.of("wrn-28", "wrn28-10", "resnet56", "wrn-28-10-0.3", "WRN-28-10")) {
            assertFalse(WideResNet.isName(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> WideResNet.named(bad), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WideResNet.named("wrn-30-10"));
        assertTrue(e.getMessage().contains("6n+4"), e.getMessage());
    }

    private static Layer layer(GraphVertex vertex) {
        return vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }
}
