package io.cnnzoo.zoo.preact;

import io.cnnzoo.zoo.ModelStats;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
 * The CIFAR pre-activation ResNets of He et al. 2016, "Identity Mappings in Deep Residual Networks",
 * against the paper (Table 3, Fig. 4(e)) and the layer arithmetic. The full-size nets are only counted
 * ({@code stats()} allocates nothing); forward passes use small instances of each unit type.
 */
class PreActResNetTest {

    /**
     * ResNet-164 (bottleneck, n = 18) for 3x32x32 input and 10 classes; the paper gives 1.7M. No conv has a
     * bias; projections have no BN; the stem has no BN.
     */
    @Test
    void preact164HasTheLayerArithmeticsParameterCount() {
        long stem = 3 * 16 * 9;                                                         // 432
        // stage 1, 16 -> inner 16 -> 64; unit 0: BN16, 1x1 16x16, BN16, 3x3 16x16, BN16, 1x1 16x64, projection 16x64
        long stage1 = (32 + 256 + 32 + 2_304 + 32 + 1_024 + 1_024)                      // 4,704
                + 17 * (128 + 1_024 + 32 + 2_304 + 32 + 1_024);                         // 17 x 4,544 (BN64 first)
        // stage 2, 64 -> inner 32 -> 128; unit 0 with projection 64x128
        long stage2 = (128 + 2_048 + 64 + 9_216 + 64 + 4_096 + 8_192)                   // 23,808
                + 17 * (256 + 4_096 + 64 + 9_216 + 64 + 4_096);                         // 17 x 17,792
        // stage 3, 128 -> inner 64 -> 256; unit 0 with projection 128x256
        long stage3 = (256 + 8_192 + 128 + 36_864 + 128 + 16_384 + 32_768)              // 94,720
                + 17 * (512 + 16_384 + 128 + 36_864 + 128 + 16_384);                    // 17 x 70,400
        long head = 2 * 256 + 256 * 10 + 10;                                            // final BN256, fc
        long expected = stem + stage1 + stage2 + stage3 + head;
        assertEquals(1_703_258, expected);
        assertEquals(expected, PreActResNet.cifarBottleneck(164).stats().trainableParams());
    }

    /**
     * ResNet-110 (basic, n = 18); the paper gives 1.7M. Cross-check: resnet110 with option A shortcuts has
     * 1,727,962; the two projections add 16x32 + 32x64 = 2,560; the BN channels are equal (the first units
     * of stages 2 and 3 normalise 16 and 32 input channels instead of 32 and 64: -48; the final BN64
     * replaces the stem's BN16: +48): 1,730,522.
     */
    @Test
    void preact110HasTheLayerArithmeticsParameterCount() {
        long stem = 3 * 16 * 9;                                                         // 432
        // stage 1: 18 x (BN16, 3x3 16x16, BN16, 3x3 16x16), identity shortcuts
        long stage1 = 18 * (32 + 2_304 + 32 + 2_304);                                   // 18 x 4,672
        // stage 2: unit 0 BN16, 3x3 16x32, BN32, 3x3 32x32, projection 16x32; 17 x (BN32 3x3 BN32 3x3)
        long stage2 = (32 + 4_608 + 64 + 9_216 + 512) + 17 * (64 + 9_216 + 64 + 9_216); // 14,432 + 17 x 18,560
        // stage 3: unit 0 BN32, 3x3 32x64, BN64, 3x3 64x64, projection 32x64; 17 x (BN64 3x3 BN64 3x3)
        long stage3 = (64 + 18_432 + 128 + 36_864 + 2_048)                              // 57,536
                + 17 * (128 + 36_864 + 128 + 36_864);                                   // 17 x 73,984
        long head = 2 * 64 + 64 * 10 + 10;
        long expected = stem + stage1 + stage2 + stage3 + head;
        assertEquals(1_730_522, expected);
        assertEquals(1_727_962 + 2_560, expected);
        assertEquals(expected, PreActResNet.cifar(110).stats().trainableParams());
    }

    /** Depth counts the stem, the main-path convolutions and fc, not the projections (6n+2, 9n+2). */
    @ParameterizedTest
    @ValueSource(ints = {20, 110})
    void basicDepthCountsStemUnitConvolutionsAndClassifier(int depth) {
        assertEquals(depth, mainPathConvolutions(PreActResNet.cifar(depth).configuration()) + 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {29, 164})
    void bottleneckDepthCountsStemUnitConvolutionsAndClassifier(int depth) {
        assertEquals(depth, mainPathConvolutions(PreActResNet.cifarBottleneck(depth).configuration()) + 1);
    }

    private static long mainPathConvolutions(ComputationGraphConfiguration conf) {
        return conf.getVertices().entrySet().stream()
                .filter(e -> layer(e.getValue()) instanceof ConvolutionLayer && !e.getKey().endsWith(".shortcut"))
                .count();
    }

    @Test
    void fullSizeStagesHaveTheMapsAndWidthsOfTable3() {
        ModelStats basic = PreActResNet.cifar(110).stats();
        assertEquals("[16, 32, 32]", basic.vertex("layer1.17").outputShape());
        assertEquals("[32, 16, 16]", basic.vertex("layer2.17").outputShape());
        assertEquals("[64, 8, 8]", basic.vertex("layer3.17").outputShape());
        ModelStats bottleneck = PreActResNet.cifarBottleneck(164).stats();
        assertEquals("[64, 32, 32]", bottleneck.vertex("layer1.17").outputShape());
        assertEquals("[128, 16, 16]", bottleneck.vertex("layer2.17").outputShape());
        assertEquals("[256, 8, 8]", bottleneck.vertex("layer3.17").outputShape());
        // As in the authors' resnet-pre-act.lua, a downsampling bottleneck strides its first 1x1 convolution.
        assertEquals("[64, 8, 8]", bottleneck.vertex("layer3.0.conv1").outputShape());
    }

    /** Small instances of each unit type: forward a batch of two CIFAR images. */
    @Test
    void smallNetsOfBothUnitTypesRunForward() {
        int[] sizes = {32, 16, 8};
        Map<PreActResNetBuilder, int[]> widths = Map.of(
                PreActResNet.cifar(20), new int[]{16, 32, 64},
                PreActResNet.cifarBottleneck(29), new int[]{64, 128, 256});
        for (var entry : widths.entrySet()) {
            PreActResNetBuilder builder = entry.getKey();
            ComputationGraph net = builder.build();
            INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
            Map<String, INDArray> activations = net.feedForward(input, false);
            for (int stage = 1; stage <= 3; stage++) {
                int size = sizes[stage - 1];
                assertArrayEquals(new long[]{2, entry.getValue()[stage - 1], size, size},
                        activations.get(builder.stageOutput(stage)).shape(), builder.stageOutput(stage));
            }
            INDArray probabilities = net.outputSingle(input);
            assertArrayEquals(new long[]{2, 10}, probabilities.shape());
            assertEquals(2.0, probabilities.sumNumber().doubleValue(), 1e-4);
        }
    }

    /**
     * Fig. 4(e): the addition is a unit's output and nothing activates it; only the next unit's BN (or the
     * final BN) reads it, besides the next addition through an identity shortcut. So a unit's output can be
     * negative, which a post-activation ResNet's never is.
     */
    @Test
    void noReluAfterTheAddition() {
        for (PreActResNetBuilder builder : List.of(PreActResNet.cifar(20), PreActResNet.cifarBottleneck(29))) {
            ComputationGraphConfiguration conf = builder.configuration();
            int units = 0;
            for (var vertex : conf.getVertices().entrySet()) {
                if (vertex.getKey().matches("layer\\d\\.\\d+")) {
                    units++;
                    assertInstanceOf(ElementWiseVertex.class, vertex.getValue(), vertex.getKey());
                    for (String reader : readersOf(conf, vertex.getKey())) {
                        GraphVertex v = conf.getVertices().get(reader);
                        assertTrue(layer(v) instanceof BatchNormalization || v instanceof ElementWiseVertex,
                                reader + " reads " + vertex.getKey());
                    }
                }
            }
            assertEquals(3 * builder.blocksPerStage(), units);
        }
        ComputationGraph net = PreActResNet.cifar(20).build();
        Map<String, INDArray> activations = net.feedForward(Nd4j.randn(DataType.FLOAT, 2, 3, 32, 32), false);
        assertTrue(activations.get("layer1.0").minNumber().doubleValue() < 0);
        assertTrue(activations.get("layer3.2").minNumber().doubleValue() < 0);
        assertTrue(activations.get("relu").minNumber().doubleValue() >= 0);
    }

    /**
     * The stem is a bare convolution; the first unit's BN-ReLU activates it "right after conv1 and before
     * splitting into two paths" (He et al. 2016, Sec. 4.1), so its identity shortcut reads the activation.
     * After the last unit's addition comes the extra BN-ReLU.
     */
    @Test
    void theFirstUnitActivatesTheStemBeforeSplitting() {
        ComputationGraphConfiguration conf = PreActResNet.cifar(20).configuration();
        assertEquals(List.of("layer1.0.bn1"), readersOf(conf, "conv1"));
        assertEquals(List.of("layer1.0", "layer1.0.conv1"), readersOf(conf, "layer1.0.relu1"));
        assertEquals(List.of("layer1.0.conv2", "layer1.0.relu1"), conf.getVertexInputs().get("layer1.0"));
        assertEquals(List.of("layer3.2"), conf.getVertexInputs().get("bn"));
        assertEquals(List.of("bn"), conf.getVertexInputs().get("relu"));
    }

    /**
     * Shortcuts: the raw input (the previous unit's addition) where the shape is kept; where it changes, a
     * 1x1 projection of the pre-activated input (BN-ReLU shared with the residual branch), as in the
     * authors' resnet-pre-act.lua.
     */
    @Test
    void projectionsReadThePreActivatedInputAndIdentitiesTheRawInput() {
        ComputationGraphConfiguration basic = PreActResNet.cifar(20).configuration();
        assertEquals(List.of("layer1.1.conv2", "layer1.0"), basic.getVertexInputs().get("layer1.1"));
        assertFalse(basic.getVertices().containsKey("layer1.0.shortcut"));
        assertEquals(List.of("layer2.0.relu1"), basic.getVertexInputs().get("layer2.0.shortcut"));
        assertEquals(List.of("layer2.0.relu1"), basic.getVertexInputs().get("layer2.0.conv1"));
        assertEquals(List.of("layer2.0.conv2", "layer2.0.shortcut"), basic.getVertexInputs().get("layer2.0"));
        assertEquals(List.of("layer3.0.relu1"), basic.getVertexInputs().get("layer3.0.shortcut"));
        assertEquals(2, basic.getVertices().keySet().stream().filter(n -> n.endsWith(".shortcut")).count());

        // The bottleneck net projects at its very first unit too (16 -> 64 channels).
        ComputationGraphConfiguration bottleneck = PreActResNet.cifarBottleneck(29).configuration();
        assertEquals(List.of("layer1.0.relu1"), bottleneck.getVertexInputs().get("layer1.0.shortcut"));
        assertEquals(List.of("layer1.0.conv3", "layer1.0.shortcut"), bottleneck.getVertexInputs().get("layer1.0"));
        assertEquals(3, bottleneck.getVertices().keySet().stream().filter(n -> n.endsWith(".shortcut")).count());
        ConvolutionLayer projection = (ConvolutionLayer) layer(bottleneck.getVertices().get("layer2.0.shortcut"));
        assertArrayEquals(new int[]{1, 1}, projection.getKernelSize());
        assertArrayEquals(new int[]{2, 2}, projection.getStride());
    }

    @Test
    void verticesAreNamedLikeTorchvision() {
        ComputationGraphConfiguration basic = PreActResNet.cifar(20).configuration();
        for (String name : List.of("conv1", "layer1.0.bn1", "layer1.0.relu1", "layer1.0.conv1", "layer1.0.bn2",
                "layer1.0.relu2", "layer1.0.conv2", "layer1.0", "layer2.0.shortcut", "layer3.2", "bn", "relu",
                "avgpool", "fc")) {
            assertTrue(basic.getVertices().containsKey(name), "missing vertex " + name);
        }
        ComputationGraphConfiguration bottleneck = PreActResNet.cifarBottleneck(29).configuration();
        for (String name : List.of("layer1.0.bn3", "layer1.0.relu3", "layer1.0.conv3", "layer1.0.shortcut")) {
            assertTrue(bottleneck.getVertices().containsKey(name), "missing vertex " + name);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 7, 19, 21, 163, 165})
    void basicDepthMustBe6nPlus2(int depth) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreActResNet.cifar(depth));
        assertTrue(e.getMessage().contains("needs depth 6n+2") && e.getMessage().contains("got " + depth), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 10, 21, 32, 163, 1000})
    void bottleneckDepthMustBe9nPlus2(int depth) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PreActResNet.cifarBottleneck(depth));
        assertTrue(e.getMessage().contains("needs depth 9n+2") && e.getMessage().contains("got " + depth), e.getMessage());
    }

    private static List<String> readersOf(ComputationGraphConfiguration conf, String vertex) {
        return conf.getVertexInputs().entrySet().stream()
                .filter(e -> e.getValue().contains(vertex)).map(Map.Entry::getKey).sorted().toList();
    }

    private static Object layer(GraphVertex vertex) {
        return vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }
}
