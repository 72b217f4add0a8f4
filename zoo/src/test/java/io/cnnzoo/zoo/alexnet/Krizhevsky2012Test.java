package io.cnnzoo.zoo.alexnet;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelStats;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AlexNet with two towers (Krizhevsky et al. 2012, Sec. 3, Fig. 2) against the paper's architecture. */
class Krizhevsky2012Test {

    private static ModelStats stats;

    @BeforeAll
    static void countWithoutBuilding() {
        stats = new Krizhevsky2012Builder().stats();
    }

    /** The smallest input, with few classes: cheap enough to build several times. */
    private static Krizhevsky2012Builder small() {
        return new Krizhevsky2012Builder().inputShape(3, 63, 63).numClasses(10);
    }

    /**
     * Layer arithmetic for 1000 classes (weights + biases):
     * <pre>
     * conv1  96 x (3 x 11 x 11) + 96                 =     34,944
     * conv2  2 x (128 x (48 x 5 x 5) + 128)          =    307,456
     * conv3  384 x (256 x 3 x 3) + 384               =    885,120
     * conv4  2 x (192 x (192 x 3 x 3) + 192)         =    663,936
     * conv5  2 x (128 x (192 x 3 x 3) + 128)         =    442,624
     * fc6    4096 x (256 x 6 x 6) + 4096             = 37,752,832
     * fc7    4096 x 4096 + 4096                      = 16,781,312
     * fc8    1000 x 4096 + 1000                      =  4,097,000
     * total                                          = 60,965,224
     * </pre>
     * (Caffe's bvlc_alexnet, the same grouped network, reports the same total.)
     */
    @Test
    void hasThePapersParameterCount() {
        assertEquals(34_944 + 307_456 + 885_120 + 663_936 + 442_624 + 37_752_832 + 16_781_312 + 4_097_000,
                60_965_224);
        assertEquals(60_965_224, stats.trainableParams());
        assertEquals(34_944, stats.vertex("conv1").trainableParams());
        assertEquals(885_120, stats.vertex("conv3").trainableParams());
        assertEquals(37_752_832, stats.vertex("fc6").trainableParams());
        assertEquals(16_781_312, stats.vertex("fc7").trainableParams());
        assertEquals(4_097_000, stats.vertex("fc8").trainableParams());
    }

    /** A group's kernels are as deep as its half of the input (Fig. 2: 5x5x48, 3x3x192, 3x3x192). */
    @Test
    void groupedConvolutionsHaveHalfDepthKernels() {
        assertEquals(2 * (128 * 48 * 25 + 128), stats.vertex("conv2").trainableParams());
        assertEquals(2 * (192 * 192 * 9 + 192), stats.vertex("conv4").trainableParams());
        assertEquals(2 * (128 * 192 * 9 + 128), stats.vertex("conv5").trainableParams());
        ComputationGraph net = small().build();
        assertArrayEquals(new long[]{256, 48, 5, 5}, net.getLayer("conv2").getParam("W").shape());
        assertArrayEquals(new long[]{384, 192, 3, 3}, net.getLayer("conv4").getParam("W").shape());
        assertArrayEquals(new long[]{256, 192, 3, 3}, net.getLayer("conv5").getParam("W").shape());
    }

    /** Fig. 2 and Sec. 3.5: maps of 55, 27, 13, 13, 13 and, after the last pooling, 6. */
    @Test
    void stagesHaveFigure2sMapSizes() {
        assertEquals("[96, 55, 55]", stats.vertex("conv1").outputShape());
        assertEquals("[96, 27, 27]", stats.vertex("pool1").outputShape());
        assertEquals("[256, 27, 27]", stats.vertex("conv2").outputShape());
        assertEquals("[256, 13, 13]", stats.vertex("pool2").outputShape());
        assertEquals("[384, 13, 13]", stats.vertex("conv3").outputShape());
        assertEquals("[384, 13, 13]", stats.vertex("conv4").outputShape());
        assertEquals("[256, 13, 13]", stats.vertex("conv5").outputShape());
        assertEquals("[256, 6, 6]", stats.vertex("pool5").outputShape());
        assertEquals("[4096]", stats.vertex("fc7").outputShape());
        assertEquals("[1000]", stats.vertex("fc8").outputShape());
    }

    /**
     * Multiply-accumulates per image at 224x224, map side x map side x filters x kernel volume:
     * <pre>
     * conv1  55 x 55 x 96 x 363                    = 105,415,200
     * conv2  27 x 27 x 256 x 1,200 (48 x 5 x 5)     = 223,948,800
     * conv3  13 x 13 x 384 x 2,304                  = 149,520,384
     * conv4  13 x 13 x 384 x 1,728 (192 x 3 x 3)    = 112,140,288
     * conv5  13 x 13 x 256 x 1,728                  =  74,760,192
     * fc6 9,216 x 4,096; fc7 4,096 x 4,096; fc8 4,096 x 1,000 = 58,621,952
     * </pre>
     * Total 724,406,816. The convolutions' 665,784,864 agree with the "666 million MACs" that Chen et al.
     * give for AlexNet's convolutional layers (Eyeriss, ISSCC 2016).
     */
    @Test
    void weightedLayersHaveTheExpectedMultiplyAccumulates() {
        assertEquals(105_415_200, stats.vertex("conv1").macs());
        assertEquals(223_948_800, stats.vertex("conv2").macs());
        assertEquals(149_520_384, stats.vertex("conv3").macs());
        assertEquals(112_140_288, stats.vertex("conv4").macs());
        assertEquals(74_760_192, stats.vertex("conv5").macs());
        assertEquals(9_216L * 4_096, stats.vertex("fc6").macs());
        assertEquals(4_096L * 4_096, stats.vertex("fc7").macs());
        assertEquals(4_096L * 1_000, stats.vertex("fc8").macs());

        long conv = stats.vertices().stream().filter(v -> v.type().endsWith("Convolution")
                        || v.type().equals("ConvolutionLayer"))
                .mapToLong(ModelStats.VertexStats::macs).sum();
        assertEquals(665_784_864, conv);
        assertEquals(666, Math.round(conv / 1e6));
        // LRN, pooling, ReLU and dropout count nothing: the total is convolutions + dense layers.
        assertEquals(665_784_864 + 58_621_952, stats.macs());
    }

    /** The one forward pass at the paper's size. */
    @Test
    void classifiesABatchAt224() {
        ComputationGraph net = new Krizhevsky2012Builder().build();
        Map<String, INDArray> activations = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 3, 224, 224), false);
        assertArrayEquals(new long[]{2, 96, 55, 55}, activations.get("norm1").shape());
        assertArrayEquals(new long[]{2, 256, 13, 13}, activations.get("pool2").shape());
        assertArrayEquals(new long[]{2, 256, 6, 6}, activations.get("pool5").shape());
        INDArray output = activations.get("fc8");
        assertArrayEquals(new long[]{2, 1000}, output.shape());
        assertEquals(2.0, output.sumNumber().doubleValue(), 1e-4);
    }

    /**
     * The towers: each group of conv2, conv4 and conv5 sees only its half of the previous layer's maps.
     * Changing the maps of tower 1 (through the weights that produce them) must leave tower 0's outputs
     * bit for bit unchanged and change tower 1's.
     */
    @Test
    void groupsSeeOnlyTheirOwnTowersMaps() {
        ComputationGraph net = small().build();
        INDArray input = Nd4j.randn(DataType.FLOAT, 2, 3, 63, 63);

        // conv1 filters 50-95 feed pool1 maps 48-95 only (LRN's window of 5 maps reaches 2 maps across,
        // so maps 48-49 are left alone to keep pool1 maps 0-47 untouched).
        Map<String, INDArray> before = copy(net.feedForward(input, false));
        net.getLayer("conv1").getParam("W").get(NDArrayIndex.interval(50, 96)).addi(0.01);
        Map<String, INDArray> after = net.feedForward(input, false);
        assertEquals(before.get("pool1").get(NDArrayIndex.all(), NDArrayIndex.interval(0, 48)),
                after.get("pool1").get(NDArrayIndex.all(), NDArrayIndex.interval(0, 48)));
        assertEquals(group(before, "conv2", 0), group(after, "conv2", 0));
        assertNotEquals(group(before, "conv2", 1), group(after, "conv2", 1));

        // conv3 filters 192-383 are relu3 maps 192-383: tower 1's input to conv4, and through conv4 to conv5.
        before = copy(after);
        net.getLayer("conv3").getParam("W").get(NDArrayIndex.interval(192, 384)).addi(0.01);
        after = net.feedForward(input, false);
        assertEquals(group(before, "conv4", 0), group(after, "conv4", 0));
        assertEquals(group(before, "conv5", 0), group(after, "conv5", 0));
        assertNotEquals(group(before, "conv4", 1), group(after, "conv4", 1));
        assertNotEquals(group(before, "conv5", 1), group(after, "conv5", 1));
    }

    /** Tower {@code g}'s half of a two-group layer's output maps. */
    private static INDArray group(Map<String, INDArray> activations, String layer, int g) {
        INDArray maps = activations.get(layer);
        long half = maps.size(1) / 2;
        return maps.get(NDArrayIndex.all(), NDArrayIndex.interval(g * half, (g + 1) * half));
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> activations) {
        Map<String, INDArray> copy = new java.util.HashMap<>();
        activations.forEach((name, value) -> copy.put(name, value.dup()));
        return copy;
    }

    /**
     * Sec. 3.3: b_i = a_i / (k + alpha sum_{j = max(0, i - n/2)}^{min(N - 1, i + n/2)} a_j^2)^beta with k = 2,
     * n = 5, alpha = 1e-4, beta = 0.75. The input is scaled up so that the alpha term is as large as k,
     * which tells alpha x sum (the paper) from alpha / n x sum (Caffe) apart.
     */
    @Test
    void responseNormalisationFollowsThePapersFormula() {
        ComputationGraph net = small().build();
        Map<String, INDArray> activations = net.feedForward(Nd4j.randn(DataType.FLOAT, 1, 3, 63, 63).muli(1000), false);
        INDArray a = activations.get("relu1");
        INDArray b = activations.get("norm1");
        double largestTerm = 0;
        for (int i : new int[]{0, 1, 47, 48, 60, 94, 95}) {
            for (int[] yx : new int[][]{{0, 0}, {7, 3}, {14, 14}}) {
                double sum = 0;
                for (int j = Math.max(0, i - 2); j <= Math.min(95, i + 2); j++) {
                    sum += Math.pow(a.getDouble(0, j, yx[0], yx[1]), 2);
                }
                largestTerm = Math.max(largestTerm, 1e-4 * sum);
                double expected = a.getDouble(0, i, yx[0], yx[1]) / Math.pow(2 + 1e-4 * sum, 0.75);
                assertEquals(expected, b.getDouble(0, i, yx[0], yx[1]), 1e-4 * Math.abs(expected) + 1e-6,
                        "map " + i + " at " + yx[0] + "," + yx[1]);
            }
        }
        assertTrue(largestTerm > 2, "the test input should make alpha x sum comparable to k, got " + largestTerm);
    }

    @Test
    void channelsLastComputesTheSameFunction() {
        ComputationGraph nchw = small().seed(3).build();
        ComputationGraph nhwc = small().seed(3).dataFormat(CNN2DFormat.NHWC).build();
        nhwc.setParams(nchw.params());
        INDArray input = Nd4j.randn(DataType.FLOAT, 2, 3, 63, 63).muli(100);
        INDArray expected = nchw.outputSingle(input);
        INDArray actual = nhwc.outputSingle(input.permute(0, 2, 3, 1).dup('c'));
        assertTrue(expected.equalsWithEps(actual, 1e-4), expected + " vs " + actual);
        assertEquals("[256, 1, 1]", ModelStats.of(nhwc, InputShape.of(3, 63, 63)).vertex("pool5").outputShape());
    }

    /** Sec. 5: weights N(0, 0.01); biases 1 in conv2, conv4, conv5, fc6, fc7 and 0 in the others. */
    @Test
    void startsFromThePapersInitialisation() {
        ComputationGraph net = small().build();
        INDArray fc7 = net.getLayer("fc7").getParam("W");
        assertEquals(0.01, fc7.stdNumber().doubleValue(), 2e-4);
        assertEquals(0.0, fc7.meanNumber().doubleValue(), 2e-4);
        for (String biasOne : new String[]{"conv2", "conv4", "conv5", "fc6", "fc7"}) {
            assertEquals(1.0, net.getLayer(biasOne).getParam("b").minNumber().doubleValue(), biasOne);
            assertEquals(1.0, net.getLayer(biasOne).getParam("b").maxNumber().doubleValue(), biasOne);
        }
        for (String biasZero : new String[]{"conv1", "conv3", "fc8"}) {
            assertEquals(0.0, net.getLayer(biasZero).getParam("b").norm1Number().doubleValue(), biasZero);
        }
    }
}
