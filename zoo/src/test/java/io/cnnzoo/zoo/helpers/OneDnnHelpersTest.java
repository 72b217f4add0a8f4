package io.cnnzoo.zoo.helpers;

import io.cnnzoo.zoo.resnet.ResNet;
import io.cnnzoo.zoo.resnet.Shortcut;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oneDNN path is on by default and computes what DL4J's built-in path computes. These tests run on
 * the CPU backend the build selects (nd4j-native with a oneDNN classifier); if the helpers stop
 * engaging (a DL4J upgrade, another classifier, the gate changing again), the first two fail.
 */
class OneDnnHelpersTest {

    @Test
    void theOneDnnBuildOfLibnd4jIsLoadedAndAnswersDl4jsGate() {
        assertTrue(OneDnnHelpers.available(), "libnd4j without oneDNN: " + Nd4j.getBackend().buildInfo());
        assertTrue(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN());
    }

    @Test
    void zooModelsGetOneDnnHelpersOnEveryConvolutionAndBatchNorm() {
        ComputationGraph net = ResNet.cifar(20).shortcut(Shortcut.B).build();
        Map<String, String> helpers = OneDnnHelpers.helpers(net);
        // resnet20 with option B: 19 3x3 convolutions + 2 projections, each followed by a BN.
        assertEquals(21, helpers.values().stream().filter(MKLDNNConvHelper.class.getSimpleName()::equals).count(),
                helpers.toString());
        assertEquals(21, helpers.values().stream().filter(MKLDNNBatchNormHelper.class.getSimpleName()::equals)
                .count(), helpers.toString());
    }

    /** Issue 3's bar: the same outputs and gradients as the default path within 1e-4 relative. */
    @Test
    void helpersGiveTheBuiltInPathsOutputsAndGradients() {
        Supplier<ComputationGraph> model = () -> ResNet.cifar(20).shortcut(Shortcut.B).seed(5).build();
        ComputationGraph fast = model.get();
        ComputationGraph reference = withoutHelpers(model);
        assertTrue(OneDnnHelpers.helpers(reference).isEmpty());

        Nd4j.getRandom().setSeed(11);
        INDArray input = Nd4j.randn(DataType.FLOAT, 8, 3, 32, 32);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 10, 1f);
        }
        assertClose(reference.outputSingle(false, input), fast.outputSingle(false, input), "inference output");
        assertClose(reference.outputSingle(true, input), fast.outputSingle(true, input), "training output");

        reference.setInputs(input);
        reference.setLabels(labels);
        reference.computeGradientAndScore();
        fast.setInputs(input);
        fast.setLabels(labels);
        fast.computeGradientAndScore();
        assertEquals(reference.score(), fast.score(), 1e-4 * reference.score(), "loss");
        for (Map.Entry<String, INDArray> g : reference.gradient().gradientForVariable().entrySet()) {
            assertClose(g.getValue(), fast.gradient().gradientForVariable().get(g.getKey()), "gradient " + g.getKey());
        }
    }

    private static ComputationGraph withoutHelpers(Supplier<ComputationGraph> model) {
        String previous = System.getProperty(OneDnnHelpers.DISABLE_PROPERTY);
        System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, "true");
        try {
            return model.get();
        } finally {
            System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, previous == null ? "false" : previous);
        }
    }

    /** |a - b| <= 1e-4 * max|a| element-wise: relative to the tensor's scale, as tiny entries are noise. */
    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-12);
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * scale, what + ": max difference " + diff + " against scale " + scale);
    }
}
