package io.cnnzoo.onednn;

import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.Zoo;
import io.cnnzoo.zoo.layers.GroupedConvolutionLayer;
import io.cnnzoo.zoo.resnet.ResNet;
import io.cnnzoo.zoo.resnet.Shortcut;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole zoo models on the oneDNN path: engaged everywhere, same numbers as DL4J, survives save and load. */
class ZooModelsTest {

    @TempDir
    Path dir;

    private static long count(ComputationGraph graph, Class<?> helper) {
        long n = 0;
        for (Layer layer : graph.getLayers()) {
            if (helper.isInstance(layer.getHelper())) {
                n++;
            }
        }
        return n;
    }

    @Test
    void zooBuildersGiveEveryConvolutionAndBatchNormTheOneDnnHelpers() {
        ComputationGraph net = Zoo.create("resnet20"); // 19 convolutions, 19 BN layers
        assertEquals(19, count(net, DnnlConvolutionHelper.class));
        assertEquals(19, count(net, DnnlBatchNormHelper.class));
    }

    /** resnet20 (option B, so that 1x1 projections take part) on 16x16 input, against DL4J's own code. */
    @Test
    void resnetTrainsAsOnDl4jsBuiltInPath() {
        ModelBuilder<?> builder = ResNet.cifar(20).shortcut(Shortcut.B).inputShape(3, 16, 16).seed(1);
        ComputationGraph reference = Reference.builtIn(builder.configuration());
        ComputationGraph fast = Reference.accelerated(reference);
        Nd4j.getRandom().setSeed(6);
        INDArray input = Nd4j.randn(DataType.FLOAT, 8, 3, 16, 16);
        INDArray labels = Reference.oneHot(8, 10);

        Reference.assertClose(reference.outputSingle(false, input), fast.outputSingle(false, input), "inference output");
        Reference.assertSameGradients(reference, fast, input, labels);
        for (int i = 0; i < 3; i++) {
            DataSet batch = new DataSet(Nd4j.randn(DataType.FLOAT, 8, 3, 16, 16), labels);
            reference.fit(batch);
            fast.fit(batch);
        }
        Reference.assertClose(reference.params(), fast.params(), "parameters after 3 steps");
        long oneDnnBackward = 0;
        for (Layer layer : fast.getLayers()) {
            if (layer.getHelper() instanceof DnnlConvolutionHelper h) {
                oneDnnBackward += h.passes().backwardPasses();
            }
        }
        assertEquals(21 * 4, oneDnnBackward, "21 convolutions, 4 backward passes each, all through oneDNN");
    }

    /**
     * ResNeXt-50 32x4d (a grouped 3x3 in every block): oneDNN's grouped primitive against the zoo's own
     * per-group path, inference output and training loss. (Its gradients are compared layer by layer in
     * DnnlConvolutionHelperTest: through 50 randomly initialised layers, float32 gradients themselves differ
     * from float64 ones by up to 15% here, on DL4J's built-in path as on oneDNN's.) 64x64 input and batch 8,
     * so that training-mode BN in stage 4 (2x2 maps) normalises 32 values per channel, not 2.
     */
    @Test
    void resnextComputesAsOnThePerGroupPath() {
        ModelBuilder<?> builder = ResNet.resnext(50, 32, 4).numClasses(10).inputShape(3, 64, 64).seed(2);
        ComputationGraph reference = Reference.builtIn(builder.configuration());
        ComputationGraph fast = Reference.accelerated(reference);
        assertEquals(16, java.util.Arrays.stream(fast.getLayers())
                .filter(l -> l instanceof GroupedConvolutionLayer && l.getHelper() instanceof DnnlConvolutionHelper)
                .count(), "16 blocks, one grouped 3x3 each");
        Nd4j.getRandom().setSeed(5);
        INDArray input = Nd4j.randn(DataType.FLOAT, 8, 3, 64, 64);
        Reference.assertClose(reference.outputSingle(false, input), fast.outputSingle(false, input), "inference output");
        for (ComputationGraph graph : new ComputationGraph[]{reference, fast}) {
            graph.setInputs(input);
            graph.setLabels(Reference.oneHot(8, 10));
            graph.computeGradientAndScore();
        }
        assertEquals(reference.score(), fast.score(), 1e-4 * reference.score(), "training loss");
    }

    /** Channels-last resnet20 through the helpers computes what the channels-first one does. */
    @Test
    void channelsLastComputesTheSameFunction() {
        ComputationGraph nchw = ResNet.cifar(20).inputShape(3, 16, 16).seed(4).build();
        ComputationGraph nhwc = ResNet.cifar(20).inputShape(3, 16, 16).seed(4).dataFormat(CNN2DFormat.NHWC).build();
        nhwc.setParams(nchw.params());
        assertEquals(19, count(nhwc, DnnlConvolutionHelper.class));
        INDArray input = Nd4j.randn(DataType.FLOAT, 4, 3, 16, 16);
        INDArray channelsLast = input.permute(0, 2, 3, 1).dup('c');
        Reference.assertClose(nchw.outputSingle(false, input), nhwc.outputSingle(false, channelsLast), "inference");
        Reference.assertClose(nchw.outputSingle(true, input), nhwc.outputSingle(true, channelsLast), "training");
        Reference.assertSameGradients(nchw, nhwc, input, channelsLast, Reference.oneHot(4, 10));
    }

    @Test
    void aSavedGraphIsPlainDl4jAndTheHelpersComeBackAfterLoading() throws IOException {
        ComputationGraph net = Zoo.builder("resnet20").inputShape(3, 16, 16).build();
        File file = dir.resolve("resnet20.zip").toFile();
        ModelSerializer.writeModel(net, file, true);

        ComputationGraph plain = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(0, count(plain, DnnlConvolutionHelper.class), "DL4J recreates layers on restore");
        ComputationGraph restored = Zoo.restore(file.toPath());
        assertEquals(19, count(restored, DnnlConvolutionHelper.class));
        INDArray input = Nd4j.randn(DataType.FLOAT, 2, 3, 16, 16);
        Reference.assertClose(net.outputSingle(false, input), restored.outputSingle(false, input), "restored output");
    }

    @Test
    void aCopyKeepsTheHelpersAndComputesTheSame() {
        ComputationGraph net = Zoo.builder("resnet20").inputShape(3, 16, 16).build();
        ComputationGraph copy = Zoo.copy(net);
        assertEquals(19, count(copy, DnnlConvolutionHelper.class));
        INDArray input = Nd4j.randn(DataType.FLOAT, 2, 3, 16, 16);
        Reference.assertClose(net.outputSingle(false, input), copy.outputSingle(false, input), "copied output");
    }

    @Test
    void theSystemPropertySwitchesTheHelpersOff() {
        Supplier<ComputationGraph> build = () -> Zoo.builder("resnet20").inputShape(3, 8, 8).build();
        System.setProperty(OneDnnRuntime.PROPERTY, "false");
        try {
            assertEquals(0, count(build.get(), DnnlConvolutionHelper.class));
        } finally {
            System.clearProperty(OneDnnRuntime.PROPERTY);
        }
        assertTrue(count(build.get(), DnnlConvolutionHelper.class) > 0);
    }

    /** The property takes only the values its error names: a typo is not silently the default path. */
    @Test
    void anUnknownPathIsRefusedNamingTheProperty() {
        System.setProperty(OneDnnRuntime.PROPERTY, "ture");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Zoo.builder("resnet20").inputShape(3, 8, 8).build());
            assertTrue(e.getMessage().contains(OneDnnRuntime.PROPERTY + "=ture"), e.getMessage());
        } finally {
            System.clearProperty(OneDnnRuntime.PROPERTY);
        }
    }

    /**
     * The build selects nd4j-native's oneDNN classifier; if its libnd4j ever stops answering (another
     * classifier, a DL4J upgrade), the pooling and DL4J-path tests below would pass vacuously: this fails.
     */
    @Test
    void theLoadedLibnd4jIsTheOneDnnBuild() {
        assertTrue(OneDnnRuntime.libnd4jUsesOneDnn(), "libnd4j without oneDNN: " + Nd4j.getBackend().buildInfo());
    }

    /** LeNet-5's max pools get DL4J's oneDNN pooling helper on cnnzoo's path, and train as DL4J's own code does. */
    @Test
    void leNetsPoolingRunsOnOneDnnAndTrainsAsOnTheBuiltInPath() {
        ModelBuilder<?> builder = Zoo.builder("lenet5").seed(3);
        ComputationGraph reference = Reference.builtIn(builder.configuration());
        ComputationGraph fast = Reference.accelerated(reference);
        assertEquals(2, count(fast, MKLDNNSubsamplingHelper.class), "LeNet-5's two max pools");
        Nd4j.getRandom().setSeed(8);
        INDArray input = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28);
        INDArray labels = Reference.oneHot(16, 10);
        Reference.assertClose(reference.outputSingle(false, input), fast.outputSingle(false, input), "inference output");
        Reference.assertSameGradients(reference, fast, input, labels);
    }

    /** DL4J's own oneDNN helpers, the benchmarks' middle path: attached on request, same function. */
    @Test
    void dl4jsOwnOneDnnHelpersAreAttachedOnRequestAndComputeTheSame() {
        ModelBuilder<?> builder = ResNet.cifar(20).shortcut(Shortcut.B).inputShape(3, 16, 16).seed(5);
        ComputationGraph reference = Reference.builtIn(builder.configuration());
        ComputationGraph dl4j = new ComputationGraph(reference.getConfiguration().clone());
        dl4j.init(reference.params().dup(), true);
        System.setProperty(OneDnnRuntime.PROPERTY, "dl4j");
        try {
            new OneDnnAccelerator().accelerate(dl4j);
        } finally {
            System.clearProperty(OneDnnRuntime.PROPERTY);
        }
        // resnet20 with option B: 19 3x3 convolutions + 2 projections, each followed by a BN.
        assertEquals(21, count(dl4j, MKLDNNConvHelper.class));
        assertEquals(21, count(dl4j, MKLDNNBatchNormHelper.class));
        assertEquals(0, count(dl4j, DnnlConvolutionHelper.class));
        Nd4j.getRandom().setSeed(11);
        INDArray input = Nd4j.randn(DataType.FLOAT, 8, 3, 16, 16);
        Reference.assertClose(reference.outputSingle(false, input), dl4j.outputSingle(false, input), "inference output");
        Reference.assertClose(reference.outputSingle(true, input), dl4j.outputSingle(true, input), "training output");
        Reference.assertSameGradients(reference, dl4j, input, Reference.oneHot(8, 10));
    }
}
