package io.cnnzoo.zoo.resnet;

import io.cnnzoo.zoo.ModelStats;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ImageNet ResNets (He et al. 2016, Table 1) against torchvision's published figures, and the plain
 * nets of Table 2. Counts come from the configuration ({@code stats()}), without allocating weights.
 */
class ImageNetResNetTest {

    /**
     * torchvision's {@code ResNet*_Weights.IMAGENET1K_V1} meta: {@code num_params} and {@code _ops}
     * (GMACs at 3x224x224, the docs' "GFLOPS" column, given there to 3 decimals).
     */
    @ParameterizedTest
    @CsvSource({"18, 11689512, 1.814", "34, 21797672, 3.664", "50, 25557032, 4.089",
            "101, 44549160, 7.801", "152, 60192808, 11.514"})
    void matchesTorchvisionsParametersAndMacs(int depth, long params, double gmacs) {
        ModelStats stats = ResNet.imagenet(depth).stats();
        assertEquals(params, stats.trainableParams());
        assertEquals(gmacs, stats.macs() / 1e9, 0.0005, "GMACs at 224x224");
    }

    /**
     * torchvision's {@code ResNeXt*_Weights} and {@code Wide_ResNet*_Weights} meta: {@code num_params} and the
     * docs' GFLOPS (MACs at 3x224x224, given to 2 decimals).
     */
    @ParameterizedTest
    @CsvSource({"50, 32, 4, 25028904, 4.23", "101, 32, 8, 88791336, 16.41", "50, 1, 128, 68883240, 11.40",
            "101, 1, 128, 126886696, 22.75"})
    void groupedAndWideBottlenecksMatchTorchvision(int depth, int groups, int widthPerGroup, long params, double gmacs) {
        ModelStats stats = ResNet.imagenet(depth).groups(groups).widthPerGroup(widthPerGroup).stats();
        assertEquals(params, stats.trainableParams());
        assertEquals(gmacs, stats.macs() / 1e9, 0.005, "GMACs at 224x224");
    }

    /**
     * ResNeXt-50 32x4d's first block (Xie et al. 2017, Table 1, conv2: [1x1, 128; 3x3, 128, C=32; 1x1, 256]):
     * the 3x3 convolution has 32 groups of 4 channels, torchvision's weight shape [128, 4, 3, 3]. Wide
     * ResNet-50-2's is [128, 128, 3, 3] (twice resnet50's 64 inner channels), outputs unchanged.
     */
    @Test
    void resnextAndWideBlocksHaveTheirInnerWidths() {
        ComputationGraph resnext = ResNet.resnext(50, 32, 4).numClasses(10).inputShape(3, 32, 32).build();
        assertArrayEquals(new long[]{128, 64, 1, 1}, resnext.getLayer("layer1.0.conv1").getParam("W").shape());
        assertArrayEquals(new long[]{128, 4, 3, 3}, resnext.getLayer("layer1.0.conv2").getParam("W").shape());
        assertArrayEquals(new long[]{256, 128, 1, 1}, resnext.getLayer("layer1.0.conv3").getParam("W").shape());
        assertArrayEquals(new long[]{1024, 32, 3, 3}, resnext.getLayer("layer4.0.conv2").getParam("W").shape());
        INDArray out = resnext.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
        assertArrayEquals(new long[]{2, 10}, out.shape());

        ImageNetResNetBuilder wide = ResNet.wide(50, 2);
        ModelStats stats = wide.stats();
        assertEquals(128L * 128 * 9, stats.vertex("layer1.0.conv2").trainableParams());
        assertEquals("[2048, 7, 7]", stats.vertex(wide.stageOutput(4)).outputShape());
    }

    @Test
    void groupsAndWidthsNeedBottlenecks() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ResNet.imagenet(18).groups(32));
        assertTrue(e.getMessage().contains("bottleneck") && e.getMessage().contains("18"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResNet.imagenet(50).widthPerGroup(0));
    }

    /**
     * A plain net is its ResNet without the three projection shortcuts (stages 2-4, 1x1 conv + BN):
     * (64*128 + 2*128) + (128*256 + 2*256) + (256*512 + 2*512) = 8,448 + 33,280 + 132,096 = 173,824.
     */
    @ParameterizedTest
    @CsvSource({"18, 11689512, 11515688", "34, 21797672, 21623848"})
    void plainNetsLackOnlyTheThreeProjections(int depth, long resnetParams, long plainParams) {
        long projections = (64 * 128 + 2 * 128) + (128 * 256 + 2 * 256) + (256 * 512 + 2 * 512);
        assertEquals(173_824, projections);
        assertEquals(resnetParams - projections, plainParams);
        assertEquals(plainParams, ResNet.imagenet(depth).plain().stats().trainableParams());
    }

    /** 224 / 4 = 56 after the stem, then halved by each of stages 2-4; bottleneck stages are 4x wider. */
    @ParameterizedTest
    @ValueSource(ints = {18, 34, 50, 101, 152})
    void stagesOutputTheMapsOfTable1(int depth) {
        ImageNetResNetBuilder builder = ResNet.imagenet(depth);
        ModelStats stats = builder.stats();
        int widen = depth >= 50 ? 4 : 1;
        assertEquals("[64, 56, 56]", stats.vertex("maxpool").outputShape());
        assertEquals("[" + 64 * widen + ", 56, 56]", stats.vertex(builder.stageOutput(1)).outputShape());
        assertEquals("[" + 128 * widen + ", 28, 28]", stats.vertex(builder.stageOutput(2)).outputShape());
        assertEquals("[" + 256 * widen + ", 14, 14]", stats.vertex(builder.stageOutput(3)).outputShape());
        assertEquals("[" + 512 * widen + ", 7, 7]", stats.vertex(builder.stageOutput(4)).outputShape());
        assertEquals("[1000]", stats.vertex("fc").outputShape());
        for (int stage = 1; stage <= 4; stage++) {
            assertTrue(stats.vertex(builder.stageOutput(stage)).outputShape()
                    .startsWith("[" + builder.stageChannels(stage) + ","));
        }
    }

    @Test
    void stageOutputsAreTheLastBlocksOfEachStage() {
        ImageNetResNetBuilder resnet50 = ResNet.imagenet(50);
        assertEquals(List.of("layer1.2.relu", "layer2.3.relu", "layer3.5.relu", "layer4.2.relu"),
                List.of(resnet50.stageOutput(1), resnet50.stageOutput(2), resnet50.stageOutput(3),
                        resnet50.stageOutput(4)));
        assertEquals("layer3.35.relu", ResNet.imagenet(152).stageOutput(3));
        assertThrows(IllegalArgumentException.class, () -> resnet50.stageOutput(5));
    }

    /** v1.5: the downsampling bottleneck's 1x1 conv1 keeps the map, its 3x3 conv2 carries the stride. */
    @Test
    void bottleneckStridesOnTheThreeByThreeConvolution() {
        ModelStats stats = ResNet.imagenet(50).stats();
        assertEquals("[128, 56, 56]", stats.vertex("layer2.0.conv1").outputShape());
        assertEquals("[128, 28, 28]", stats.vertex("layer2.0.conv2").outputShape());
        assertEquals("[512, 28, 28]", stats.vertex("layer2.0.conv3").outputShape());
        assertEquals("[512, 28, 28]", stats.vertex("layer2.0.downsample.0").outputShape());
    }

    /** torchvision's _make_layer: a projection where stride or width changes, and nowhere else. */
    @Test
    void projectionsOnlyWhereTheShapeChanges() {
        assertEquals(Set.of("layer2.0", "layer3.0", "layer4.0"), blocksWithProjection(ResNet.imagenet(34)));
        // Bottleneck layer1.0 widens 64 -> 256 at stride 1, so it needs a projection too.
        assertEquals(Set.of("layer1.0", "layer2.0", "layer3.0", "layer4.0"), blocksWithProjection(ResNet.imagenet(101)));
        assertEquals(Set.of(), blocksWithProjection(ResNet.imagenet(18).plain()));
    }

    private static Set<String> blocksWithProjection(ImageNetResNetBuilder builder) {
        return builder.stats().vertices().stream().map(ModelStats.VertexStats::name)
                .filter(n -> n.endsWith(".downsample.0"))
                .map(n -> n.substring(0, n.length() - ".downsample.0".length()))
                .collect(Collectors.toSet());
    }

    @Test
    void verticesAreNamedAsInTorchvision() {
        Set<String> names = ResNet.imagenet(50).stats().vertices().stream().map(ModelStats.VertexStats::name)
                .collect(Collectors.toSet());
        for (String name : new String[]{"conv1", "bn1", "relu", "maxpool", "layer1.0.conv1", "layer1.0.bn1",
                "layer1.0.conv2", "layer1.0.bn2", "layer1.0.conv3", "layer1.0.bn3", "layer1.0.downsample.0",
                "layer1.0.downsample.1", "layer4.2.relu", "avgpool", "fc"}) {
            assertTrue(names.contains(name), "missing vertex " + name);
        }
    }

    @Test
    void plainNetsHaveNoShortcutVertices() {
        for (var vertex : ResNet.imagenet(34).plain().stats().vertices()) {
            assertFalse(vertex.name().contains("downsample") || vertex.name().endsWith(".add"),
                    "plain net has shortcut vertex " + vertex.name());
        }
    }

    /** He et al. 2016 define plain nets for 18 and 34 layers only (Table 2). */
    @ParameterizedTest
    @ValueSource(ints = {50, 101, 152})
    void thereIsNoPlainBottleneckNet(int depth) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ResNet.imagenet(depth).plain());
        assertTrue(e.getMessage().contains("18 and 34") && e.getMessage().contains(String.valueOf(depth)),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 20, 56, 200})
    void depthMustBeOneOfTorchvisions(int depth) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResNet.imagenet(depth));
        assertTrue(e.getMessage().contains("[18, 34, 50, 101, 152]") && e.getMessage().contains("got " + depth),
                e.getMessage());
    }

    /** Total stride 32: 32x32 is the smallest accepted input and gives a 1x1 map at stage 4. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void basicBlockNetsRunAtTheSmallestInput(boolean residual) {
        ImageNetResNetBuilder builder = ResNet.imagenet(18).inputShape(3, 32, 32);
        if (!residual) {
            builder.plain();
        }
        ComputationGraph net = builder.build();
        INDArray input = Nd4j.randn(DataType.FLOAT, 2, 3, 32, 32);
        Map<String, INDArray> activations = net.feedForward(input, false);
        assertArrayEquals(new long[]{2, 512, 1, 1}, activations.get(builder.stageOutput(4)).shape());
        INDArray output = net.outputSingle(input);
        assertArrayEquals(new long[]{2, 1000}, output.shape());
        assertEquals(2.0, output.sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResNet.imagenet(18).inputShape(3, 31, 31).stats());
        assertTrue(e.getMessage().contains("32x32"), e.getMessage());
    }

    /** The one 224x224 forward pass of the family: ResNet-50, batch 2, each stage's map as in Table 1. */
    @Test
    void resnet50RunsAtTwoHundredTwentyFour() {
        ImageNetResNetBuilder builder = ResNet.imagenet(50);
        ComputationGraph net = builder.build();
        INDArray input = Nd4j.randn(DataType.FLOAT, 2, 3, 224, 224);
        Map<String, INDArray> activations = net.feedForward(input, false);
        assertArrayEquals(new long[]{2, 256, 56, 56}, activations.get(builder.stageOutput(1)).shape());
        assertArrayEquals(new long[]{2, 512, 28, 28}, activations.get(builder.stageOutput(2)).shape());
        assertArrayEquals(new long[]{2, 1024, 14, 14}, activations.get(builder.stageOutput(3)).shape());
        assertArrayEquals(new long[]{2, 2048, 7, 7}, activations.get(builder.stageOutput(4)).shape());
        assertArrayEquals(new long[]{2, 1000}, activations.get("fc").shape());
    }
}
