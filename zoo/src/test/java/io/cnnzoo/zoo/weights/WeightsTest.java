package io.cnnzoo.zoo.weights;

import io.cnnzoo.zoo.Zoo;
import io.cnnzoo.zoo.resnet.ResNet;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading and saving without PyTorch: what strict and lenient loading report, that a failed load changes
 * nothing, and round trips through the file (TorchvisionParityTest holds the names and layouts to PyTorch).
 */
class WeightsTest {

    @TempDir
    Path dir;

    private Path saved(ComputationGraph graph, String name) throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        Weights.save(graph, file);
        return file;
    }

    /** LeNet-5 as published has no torchvision twin: its C3 table, trainable subsampling and RBF-free head round-trip. */
    @Test
    void lenet5ClassicRoundTrips() throws IOException {
        ComputationGraph original = Zoo.builder("lenet5-classic").seed(1).build();
        ComputationGraph copy = Zoo.builder("lenet5-classic").seed(2).build();
        assertNotEquals(original.params(), copy.params());
        WeightReport report = Weights.load(copy, saved(original, "lenet5-classic"));
        assertTrue(report.isComplete(), report.summary());
        assertEquals(original.params(), copy.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 32, 32);
        assertEquals(original.outputSingle(x), copy.outputSingle(x));
    }

    /** A file saved from a channels-last graph holds PyTorch's (c, h, w) order: a channels-first graph reads it. */
    @Test
    void channelsLastAndChannelsFirstGraphsShareFiles() throws IOException {
        ComputationGraph nhwc = Zoo.builder("lenet5").dataFormat(CNN2DFormat.NHWC).seed(1).build();
        ComputationGraph nchw = Zoo.builder("lenet5").seed(2).build();
        Weights.load(nchw, saved(nhwc, "lenet5"));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
        assertTrue(nchw.outputSingle(x).equalsWithEps(nhwc.outputSingle(x.permute(0, 2, 3, 1).dup()), 1e-6));
    }

    @Test
    void strictLoadingRefusesAndChangesNothing() throws IOException {
        Path resnet20 = saved(ResNet.cifar(20).seed(1).build(), "resnet20");
        ComputationGraph resnet32 = ResNet.cifar(32).seed(2).build();
        INDArray before = resnet32.params().dup();

        WeightMismatchException e = assertThrows(WeightMismatchException.class, () -> Weights.load(resnet32, resnet20));
        assertTrue(e.getMessage().contains("parameters the file does not hold: layer1.3.conv1.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("strict(false)"), e.getMessage());
        assertEquals(before, resnet32.params(), "a refused load leaves the graph as it was");

        WeightReport report = Weights.loader().strict(false).load(resnet32, resnet20);
        assertEquals(6 * 10, report.missing().size(), "2 more blocks per stage, each 2 conv weights + 2 x 4 BN tensors");
        assertTrue(report.unused().isEmpty());
        assertEquals(before.length(), resnet32.params().length());
        assertNotEquals(before, resnet32.params(), "what matches is loaded");

        Path resnet32File = saved(resnet32, "resnet32");
        WeightReport extra = Weights.loader().strict(false).load(ResNet.cifar(20).build(), resnet32File);
        assertTrue(extra.unused().contains("layer3.4.bn2.running_var"), extra.summary());
        assertTrue(extra.summary().contains("unused"), extra.summary());
    }

    @Test
    void aShapeMismatchNamesBothShapes() throws IOException {
        Path rgb = saved(ResNet.cifar(20).build(), "rgb");
        ComputationGraph gray = ResNet.cifar(20).inputShape(1, 32, 32).build();
        WeightMismatchException e = assertThrows(WeightMismatchException.class,
                () -> Weights.loader().strict(false).load(gray, rgb));
        assertTrue(e.getMessage().contains("conv1.weight: the file has shape [16, 3, 3, 3], the graph's vertex 'conv1' "
                + "expects [16, 1, 3, 3]"), e.getMessage());
    }

    /** Fine-tuning: a file for 10 classes into a 7-class graph loads the backbone and leaves the head fresh. */
    @Test
    void anotherClassCountLeavesTheHeadFresh() throws IOException {
        ComputationGraph source = ResNet.cifar(20).seed(1).build();
        ComputationGraph target = ResNet.cifar(20).numClasses(7).seed(2).build();
        INDArray head = target.getLayer("fc").params().dup();
        WeightReport report = Weights.load(target, saved(source, "resnet20"));
        assertEquals("fc: the file has 10 classes, the graph 7", report.freshHead());
        assertTrue(report.isComplete(), report.summary());
        assertEquals(head, target.getLayer("fc").params());
        assertEquals(source.getLayer("layer3.2.conv2").params(), target.getLayer("layer3.2.conv2").params());
    }

    @Test
    void theBuilderLoadsWeights() throws IOException {
        ComputationGraph trained = Zoo.builder("resnet20").seed(1).build();
        Path file = saved(trained, "resnet20");
        ComputationGraph loaded = Zoo.builder("resnet20").weights(file).build();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        assertEquals(trained.outputSingle(x), loaded.outputSingle(x));
        assertNull(Zoo.builder("resnet20").weights());

        assertThrows(WeightMismatchException.class, () -> Zoo.builder("resnet32").weights(file).build());
        ComputationGraph partial = Zoo.builder("resnet32").weights(file, false).build();
        assertEquals(trained.getLayer("conv1").params(), partial.getLayer("conv1").params());

        java.io.UncheckedIOException missing = assertThrows(java.io.UncheckedIOException.class,
                () -> Zoo.builder("resnet20").weights(dir.resolve("nowhere.pth")).build());
        assertTrue(missing.getCause() instanceof NoSuchFileException);
        assertTrue(missing.getMessage().contains("nowhere.pth"), missing.getMessage());
    }
}
