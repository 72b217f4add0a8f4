package io.cnnzoo.zoo.resnet;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelStats;
import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CIFAR ResNets of He et al. 2016, Sec. 4.2, against the paper's numbers. */
class CifarResNetTest {

    /**
     * Trainable parameters for 3x32x32 input and 10 classes. Table 6 gives 0.27M, 0.46M, 0.66M, 0.85M,
     * 1.7M; the exact figures follow from the layer arithmetic: 97,216 n - 21,926 for depth 6n+2.
     */
    @ParameterizedTest
    @CsvSource({"20, 269722", "32, 464154", "44, 658586", "56, 853018", "110, 1727962"})
    void residualAndPlainNetsHaveThePapersParameterCounts(int depth, long expected) {
        assertEquals(expected, ModelStats.of(Zoo.create("resnet" + depth)).trainableParams());
        // Option A shortcuts have no parameters, so each plain twin counts the same.
        assertEquals(expected, ModelStats.of(Zoo.create("plain" + depth)).trainableParams());
    }

    @Test
    void resnet1202FollowsTheLayerArithmetic() {
        int n = 200;
        long expected = 97_216L * n - 21_926; // Table 6: 19.4M
        assertEquals(19_421_274L, expected);
        assertEquals(expected, ModelStats.of(Zoo.create("resnet1202")).trainableParams());
    }

    @Test
    void optionBAddsTwoProjectionsOfExactly2752Parameters() {
        // 1x1 conv 16->32 + BN(32) = 512 + 64; 1x1 conv 32->64 + BN(64) = 2048 + 128.
        long optionA = ModelStats.of(ResNet.cifar(20).build()).trainableParams();
        long optionB = ModelStats.of(ResNet.cifar(20).shortcut(Shortcut.B).build()).trainableParams();
        assertEquals(2_752, optionB - optionA);
    }

    @Test
    void dlj4StoresBatchNormRunningStatisticsAsExtraNonTrainableParameters() {
        // resnet20 has 19 BN layers: 7 x 16 + 6 x 32 + 6 x 64 = 688 channels, each with mean and variance.
        ModelStats stats = ModelStats.of(Zoo.create("resnet20"));
        assertEquals(269_722 + 2 * 688, stats.totalParams());
    }

    @ParameterizedTest
    @CsvSource({"32, 32, 16, 8", "28, 28, 14, 7"})
    void stagesHalveTheMapsAndDoubleTheFilters(int size, int stage1, int stage2, int stage3) {
        CifarResNetBuilder builder = ResNet.cifar(20).inputShape(size == 28 ? 1 : 3, size, size);
        ComputationGraph net = builder.build();
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, builder.inputShape().channels(), size, size);
        Map<String, INDArray> activations = net.feedForward(input, false);

        assertArrayEquals(new long[]{2, 16, stage1, stage1}, activations.get(builder.stageOutput(1)).shape());
        assertArrayEquals(new long[]{2, 32, stage2, stage2}, activations.get(builder.stageOutput(2)).shape());
        assertArrayEquals(new long[]{2, 64, stage3, stage3}, activations.get(builder.stageOutput(3)).shape());
        assertArrayEquals(new long[]{2, 10}, net.outputSingle(input).shape());

        ModelStats stats = ModelStats.of(net, builder.inputShape());
        assertEquals("[64, " + stage3 + ", " + stage3 + "]", stats.vertex(builder.stageOutput(3)).outputShape());
    }

    @Test
    void optionAShortcutSubsamplesAndAppendsZeroChannels() {
        ComputationGraph net = ResNet.cifar(20).build();
        Map<String, INDArray> activations = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32), false);
        INDArray stageOne = activations.get("layer1.2.relu");              // [2, 16, 32, 32]
        INDArray shortcut = activations.get("layer2.0.downsample");        // [2, 32, 16, 16]
        assertArrayEquals(new long[]{2, 32, 16, 16}, shortcut.shape());

        INDArray subsampled = stageOne.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 2, 32), NDArrayIndex.interval(0, 2, 32));
        assertEquals(subsampled, shortcut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 16)));
        assertEquals(0.0, shortcut.get(NDArrayIndex.all(), NDArrayIndex.interval(16, 32)).norm1Number().doubleValue());
    }

    /**
     * He et al. 2016, Sec. 3.4: BN right after each convolution and before activation; in a basic block
     * the second ReLU follows the addition. So a depth-d net has d - 1 ReLUs (every conv but none after
     * fc), all after a BN or an addition, and every one of them outputs no negative value.
     */
    @ParameterizedTest
    @ValueSource(strings = {"resnet20", "plain20"})
    void everyConvolutionIsFollowedByBatchNormAndRelu(String name) {
        ComputationGraph net = Zoo.create(name);
        Map<String, INDArray> activations = net.feedForward(Nd4j.randn(DataType.FLOAT, 2, 3, 32, 32), false);
        int relus = 0;
        for (var vertex : net.getVertices()) {
            if (vertex.hasLayer() && vertex.getLayer().conf().getLayer()
                    instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a
                    && a.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationReLU) {
                relus++;
                assertTrue(activations.get(vertex.getVertexName()).minNumber().doubleValue() >= 0, vertex.getVertexName());
            }
        }
        assertEquals(19, relus);
    }

    /** The memory layout is not part of the function: same parameters, same outputs, NCHW or NHWC. */
    @Test
    void channelsLastComputesTheSameFunction() {
        ComputationGraph nchw = ResNet.cifar(20).shortcut(Shortcut.B).inputShape(3, 12, 12).seed(3).build();
        ComputationGraph nhwc = ResNet.cifar(20).shortcut(Shortcut.B).inputShape(3, 12, 12).seed(3)
                .dataFormat(CNN2DFormat.NHWC).build();
        nhwc.setParams(nchw.params());
        INDArray input = Nd4j.randn(DataType.FLOAT, 2, 3, 12, 12);
        INDArray expected = nchw.outputSingle(false, input);
        INDArray actual = nhwc.outputSingle(false, input.permute(0, 2, 3, 1).dup('c'));
        assertTrue(expected.equalsWithEps(actual, 1e-5), expected + " vs " + actual);
        assertEquals("[64, 3, 3]", ModelStats.of(nhwc, InputShape.of(3, 12, 12)).vertex("layer3.2.relu").outputShape());
    }

    @Test
    void verticesAreNamedAsInTorchvision() {
        ComputationGraph net = ResNet.cifar(20).shortcut(Shortcut.B).build();
        for (String name : new String[]{"conv1", "bn1", "layer1.0.conv1", "layer1.0.bn1", "layer1.0.conv2",
                "layer1.0.bn2", "layer2.0.downsample.0", "layer2.0.downsample.1", "layer3.2.conv2", "avgpool", "fc"}) {
            assertTrue(net.getVertex(name) != null, "missing vertex " + name);
        }
    }

    @Test
    void plainNetsHaveNoShortcutVertices() {
        ComputationGraph plain = Zoo.create("plain20");
        for (var vertex : plain.getVertices()) {
            assertTrue(!vertex.getVertexName().contains("downsample") && !vertex.getVertexName().endsWith(".add"),
                    "plain net has shortcut vertex " + vertex.getVertexName());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 19, 21, 57})
    void depthMustBe6nPlus2(int depth) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResNet.cifar(depth));
        assertTrue(e.getMessage().contains("6n+2") && e.getMessage().contains(String.valueOf(depth)), e.getMessage());
    }

    @Test
    void sameSeedGivesSameInitialWeights() {
        assertEquals(ResNet.cifar(20).seed(7).build().params(), ResNet.cifar(20).seed(7).build().params());
        assertTrue(!ResNet.cifar(20).seed(7).build().params().equals(ResNet.cifar(20).seed(8).build().params()));
    }

    @Test
    void defaultInputIsCifar() {
        assertEquals(InputShape.of(3, 32, 32), Zoo.spec("resnet56").defaultInput());
        assertEquals(10, Zoo.spec("plain56").defaultClasses());
    }
}
