package io.cnnzoo.zoo.lenet;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelStats;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LeNet-5 as published (LeCun et al. 1998, Sec. II-B, Table I, Appendix A) against the paper's numbers. */
class LeNet5ClassicTest {

    /**
     * Table I of the paper, transcribed: row i is S2 map i, column j is C3 map j, X where they connect.
     */
    private static final String[] TABLE_I = {
            "X   XXX  XXXX XX",
            "XX   XXX  XXXX X",
            "XXX   XXX  X XXX",
            " XXX  XXXX  X XX",
            "  XXX  XXXX XX X",
            "   XXX  XXXX XXX",
    };

    private static boolean connected(int s2Map, int c3Map) {
        return TABLE_I[s2Map].charAt(c3Map) == 'X';
    }

    private static ModelStats stats;

    @BeforeAll
    static void countWithoutBuilding() {
        stats = LeNet.lenet5Classic().stats();
    }

    /**
     * Sec. II-B: C1 156, S2 12, C3 1,516, S4 32, C5 48,120, F6 10,164 trainable parameters, 60,000 in all
     * ("60,000 trainable free parameters", Sec. II-B); the softmax layer replacing the RBF adds 84 x 10 + 10 = 850.
     */
    @Test
    void hasThePapersParameterCounts() {
        long c3 = 0;
        for (int j = 0; j < 16; j++) {
            c3 += stats.vertex("c3.map" + j).trainableParams();
        }
        long s2 = stats.vertex("s2.avg").trainableParams() + stats.vertex("s2.sum").trainableParams() + stats.vertex("s2").trainableParams();
        long s4 = stats.vertex("s4.avg").trainableParams() + stats.vertex("s4.sum").trainableParams() + stats.vertex("s4").trainableParams();
        assertEquals(156, stats.vertex("c1").trainableParams());
        assertEquals(12, s2);
        assertEquals(1_516, c3);
        assertEquals(32, s4);
        assertEquals(48_120, stats.vertex("c5").trainableParams());
        assertEquals(10_164, stats.vertex("f6").trainableParams());
        assertEquals(850, stats.vertex("output").trainableParams());
        assertEquals(60_000, stats.trainableParams() - stats.vertex("output").trainableParams());
        assertEquals(60_850, stats.trainableParams());
        assertEquals(60_850, stats.totalParams());
    }

    /** Fig. 2: 6@28x28, 6@14x14, 16@10x10, 16@5x5, 120, 84. */
    @Test
    void mapsHaveFigure2sSizes() {
        assertEquals("[6, 28, 28]", stats.vertex("c1").outputShape());
        assertEquals("[6, 14, 14]", stats.vertex("s2").outputShape());
        assertEquals("[16, 10, 10]", stats.vertex("c3").outputShape());
        assertEquals("[16, 5, 5]", stats.vertex("s4").outputShape());
        assertEquals("[120, 1, 1]", stats.vertex("c5").outputShape());
        assertEquals("[84]", stats.vertex("f6").outputShape());
        assertEquals("[10]", stats.vertex("output").outputShape());
    }

    /**
     * Per-layer multiply-accumulates of the weighted layers (the paper's connection counts without the
     * bias connections): C1 28x28x6x25, C3 map j 10x10x25x(inputs of column j), C5 120x400, F6 84x120.
     */
    @Test
    void weightedLayersHaveTheExpectedMultiplyAccumulates() {
        assertEquals(28 * 28 * 6 * 25, stats.vertex("c1").macs());
        long c3 = 0;
        for (int j = 0; j < 16; j++) {
            c3 += stats.vertex("c3.map" + j).macs();
        }
        assertEquals(10 * 10 * 25 * 60, c3); // Table I has 60 X's
        assertEquals(120 * 400, stats.vertex("c5").macs());
        assertEquals(84 * 120, stats.vertex("f6").macs());
    }

    /** Each C3 map has 25 weights per connected S2 map plus a bias. */
    @Test
    void eachC3MapHasOneKernelPerConnectedS2Map() {
        int connections = 0;
        for (int j = 0; j < 16; j++) {
            int inputs = 0;
            for (int i = 0; i < 6; i++) {
                inputs += connected(i, j) ? 1 : 0;
            }
            connections += inputs;
            assertEquals(25L * inputs + 1, stats.vertex("c3.map" + j).trainableParams(), "C3 map " + j);
        }
        assertEquals(60, connections);
    }

    /**
     * The connection table is the function, not just the parameter count: changing C1 map i (hence only S2
     * map i, as subsampling works per map) changes exactly the C3 maps that Table I connects to S2 map i.
     */
    @Test
    void c3MapsDependOnlyOnTheS2MapsOfTableI() {
        ComputationGraph net = LeNet.lenet5Classic().seed(5).build();
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32).subi(0.5);
        INDArray before = net.feedForward(input, false).get("c3").dup();
        INDArray c1Weights = net.getLayer("c1").getParam("W");
        for (int i = 0; i < 6; i++) {
            INDArray original = c1Weights.get(NDArrayIndex.point(i)).dup();
            c1Weights.get(NDArrayIndex.point(i)).addi(0.05);
            INDArray after = net.feedForward(input, false).get("c3");
            for (int j = 0; j < 16; j++) {
                double change = after.get(NDArrayIndex.all(), NDArrayIndex.point(j))
                        .sub(before.get(NDArrayIndex.all(), NDArrayIndex.point(j))).amaxNumber().doubleValue();
                if (connected(i, j)) {
                    assertTrue(change > 1e-6, "C3 map " + j + " should see S2 map " + i);
                } else {
                    assertEquals(0.0, change, "C3 map " + j + " must not see S2 map " + i);
                }
            }
            c1Weights.get(NDArrayIndex.point(i)).assign(original);
        }
    }

    /** Sec. II-B: an S2 unit adds its four inputs, multiplies by the map's coefficient, adds its bias, squashes. */
    @Test
    void subsamplingIsCoefficientTimesWindowSumPlusBiasThenSquashed() {
        ComputationGraph net = LeNet.lenet5Classic().build();
        net.getLayer("s2").setParam("W", Nd4j.create(new float[]{0.5f, -1, 2, 0.25f, 1, 3}).reshape(1, 1, 6, 1));
        net.getLayer("s2").setParam("b", Nd4j.create(new float[]{0.1f, 0, -0.2f, 0, 0.3f, 0}).reshape(1, 6));
        Map<String, INDArray> acts = net.feedForward(Nd4j.rand(DataType.FLOAT, 1, 1, 32, 32), false);
        INDArray c1 = acts.get("c1");
        INDArray s2 = acts.get("s2");
        double[] coefficient = {0.5, -1, 2, 0.25, 1, 3};
        double[] bias = {0.1, 0, -0.2, 0, 0.3, 0};
        for (int map = 0; map < 6; map++) {
            for (int[] yx : new int[][]{{0, 0}, {3, 7}, {13, 13}}) {
                int y = yx[0];
                int x = yx[1];
                double sum = c1.getDouble(0, map, 2 * y, 2 * x) + c1.getDouble(0, map, 2 * y, 2 * x + 1)
                        + c1.getDouble(0, map, 2 * y + 1, 2 * x) + c1.getDouble(0, map, 2 * y + 1, 2 * x + 1);
                double expected = 1.7159 * Math.tanh(2.0 / 3.0 * (coefficient[map] * sum + bias[map]));
                assertEquals(expected, s2.getDouble(0, map, y, x), 1e-5, "S2 map " + map + " at " + y + "," + x);
            }
        }
    }

    /** Appendix A: f(a) = A tanh(S a), A = 1.7159, S = 2/3, chosen so that f(1) = 1 and f(-1) = -1. */
    @Test
    void squashingFunctionIsThePapersScaledTanh() {
        INDArray a = Nd4j.create(new double[]{0, 1, -1, 20, -20, 0.3});
        INDArray f = new ScaledTanh().getActivation(a.dup(), false);
        assertEquals(0.0, f.getDouble(0), 0.0);
        assertEquals(1.0, f.getDouble(1), 1e-4);
        assertEquals(-1.0, f.getDouble(2), 1e-4);
        assertEquals(1.7159, f.getDouble(3), 1e-6); // the asymptote A
        assertEquals(-1.7159, f.getDouble(4), 1e-6);
        assertEquals(1.7159 * Math.tanh(0.2), f.getDouble(5), 1e-12);

        // Derivative A S (1 - tanh^2(S a)) against a central difference; f'(0) = A S = 1.14393...
        INDArray points = Nd4j.create(new double[]{0, 0.7, -2.5});
        INDArray grad = new ScaledTanh().backprop(points.dup(), Nd4j.ones(DataType.DOUBLE, 3)).getFirst();
        assertEquals(1.7159 * 2.0 / 3.0, grad.getDouble(0), 1e-12);
        for (int k = 0; k < 3; k++) {
            double x = points.getDouble(k);
            double h = 1e-6;
            double numeric = (1.7159 * Math.tanh(2.0 / 3.0 * (x + h)) - 1.7159 * Math.tanh(2.0 / 3.0 * (x - h))) / (2 * h);
            assertEquals(numeric, grad.getDouble(k), 1e-8);
        }
    }

    /** Appendix A: weights uniform in (-2.4/F, 2.4/F), F the fan-in of the unit. */
    @Test
    void weightsStartWithinTheFanInBounds() {
        ComputationGraph net = LeNet.lenet5Classic().build();
        assertWithinBound(net.getLayer("c1").getParam("W"), 2.4 / 25);
        assertWithinBound(net.getLayer("s2").getParam("W"), 2.4 / 4);
        assertWithinBound(net.getLayer("c3.map0").getParam("W"), 2.4 / 75);
        assertWithinBound(net.getLayer("c3.map15").getParam("W"), 2.4 / 150);
        assertWithinBound(net.getLayer("c5").getParam("W"), 2.4 / 400);
        assertWithinBound(net.getLayer("f6").getParam("W"), 2.4 / 120);
    }

    private static void assertWithinBound(INDArray weights, double bound) {
        double max = weights.amaxNumber().doubleValue();
        assertTrue(max <= bound && max > bound / 2, "max |w| " + max + " for bound " + bound);
    }

    @Test
    void classifiesABatch() {
        ComputationGraph net = LeNet.lenet5Classic().build();
        INDArray output = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32));
        assertArrayEquals(new long[]{2, 10}, output.shape());
        assertEquals(2.0, output.sumNumber().doubleValue(), 1e-5);
    }

    /** The custom activation, weight initialisation and channel subsets all live in the saved JSON. */
    @Test
    void survivesModelSerializerSaveAndLoad() throws IOException {
        ComputationGraph net = LeNet.lenet5Classic().build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);

        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()));

        assertEquals(net.getConfiguration(), restored.getConfiguration());
        assertTrue(restored.getConfiguration().toJson().contains(ScaledTanh.class.getName()));
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32);
        assertEquals(net.outputSingle(input), restored.outputSingle(input));
    }

    @Test
    void channelsLastComputesTheSameFunction() {
        ComputationGraph nchw = LeNet.lenet5Classic().seed(3).build();
        ComputationGraph nhwc = LeNet.lenet5Classic().seed(3).dataFormat(CNN2DFormat.NHWC).build();
        nhwc.setParams(nchw.params());
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32);
        INDArray expected = nchw.outputSingle(input);
        INDArray actual = nhwc.outputSingle(input.permute(0, 2, 3, 1).dup('c'));
        assertTrue(expected.equalsWithEps(actual, 1e-5), expected + " vs " + actual);
        assertEquals("[16, 10, 10]", ModelStats.of(nhwc, InputShape.of(1, 32, 32)).vertex("c3").outputShape());
    }

    @Test
    void rejectsInputsSmallerThanThePapers32x32() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeNet.lenet5Classic().inputShape(1, 28, 28).build());
        assertTrue(e.getMessage().contains("32"), e.getMessage());
    }
}
