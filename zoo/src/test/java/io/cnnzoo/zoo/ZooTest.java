package io.cnnzoo.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZooTest {

    @Test
    void registryListsTheCifarResNetsAndTheirPlainTwins() {
        assertTrue(Zoo.names().containsAll(List.of("resnet20", "resnet32", "resnet44", "resnet56", "resnet110",
                "resnet1202", "plain20", "plain32", "plain44", "plain56", "plain110")), Zoo.names().toString());
        for (String name : Zoo.names()) {
            assertEquals(name.toLowerCase(), name);
            assertEquals(name, Zoo.spec(name).name());
        }
    }

    static List<String> names() {
        return Zoo.names();
    }

    /**
     * Every registry entry meets the reference numbers written into the registry from torchvision's
     * documentation and the papers (counted from the configuration: nothing is allocated). MACs are
     * compared to the 3 significant digits torchvision publishes (4 where it prints 4).
     */
    @ParameterizedTest
    @MethodSource("names")
    void everyModelMeetsItsReferenceNumbers(String name) {
        ModelSpec spec = Zoo.spec(name);
        ModelStats stats = Zoo.builder(name).stats();
        assertEquals(spec.referenceParams(), stats.trainableParams(), name + " trainable parameters");
        if (spec.referenceGmacs() != null) {
            double gmacs = stats.macs() / 1e9;
            double tolerance = 0.5 * Math.pow(10, Math.floor(Math.log10(spec.referenceGmacs())) - 2);
            assertEquals(spec.referenceGmacs(), gmacs, Math.max(tolerance, 0.0005), name + " GMACs");
        }
    }

    @Test
    void registryListsEveryFamilyOfTheIssue() {
        assertTrue(Zoo.names().containsAll(List.of("lenet5-classic", "lenet5", "alexnet", "alexnet-2012", "vgg11",
                "vgg13", "vgg16", "vgg19", "vgg11-bn", "vgg13-bn", "vgg16-bn", "vgg19-bn", "resnet18", "resnet34",
                "resnet50", "resnet101", "resnet152", "preact-resnet110", "preact-resnet164", "wrn-28-10", "plain18",
                "plain34")), Zoo.names().toString());
        // Any wrn-D-K name builds, not only the registered wrn-28-10 (arithmetic: WideResNetTest).
        assertEquals(2_748_890, Zoo.builder("wrn-16-4").stats().trainableParams());
    }

    /** A depthwise convolution's output sees one input channel: LeNet-5's S2 is one MAC per output value. */
    @Test
    void depthwiseConvolutionsCountOneInputChannelPerOutput() {
        assertEquals(14 * 14 * 6, Zoo.builder("lenet5-classic").stats().vertex("s2").macs());
    }

    @Test
    void builderOverridesClassesAndInputShape() {
        ComputationGraph net = Zoo.builder("plain20").numClasses(7).inputShape(1, 28, 28).build();
        assertArrayEquals(new long[]{3, 7}, net.outputSingle(Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28)).shape());
        // conv1 sees one channel: 1 x 16 x 3 x 3 weights instead of 3 x 16 x 3 x 3, and fc has 7 outputs.
        assertEquals(269_722 - 2 * 144 - 3 * 65, ModelStats.of(net).trainableParams());
    }

    /** Users of torchvision type its names: resnext50_32x4d, vgg16_bn, wide_resnet50_2. */
    /**
     * What each model is, as its paper names it: He et al. 2016's CIFAR nets of Table 6 / Fig. 6 (depths 20 ...
     * 1202, plain twins without shortcuts), Simonyan and Zisserman's VGG-16 (16 weight layers), AlexNet's eight
     * learned layers, torchvision's ResNeXt-50, and Zagoruyko and Komodakis's WRN-d-k (depth d).
     */
    @Test
    void specsSayWhatEachModelIs() {
        for (int depth : new int[]{20, 32, 44, 56, 110, 1202}) {
            assertEquals(depth, Zoo.spec("resnet" + depth).depth());
            assertTrue(Zoo.spec("resnet" + depth).residual());
        }
        for (int depth : new int[]{20, 32, 44, 56, 110}) {
            assertEquals(depth, Zoo.spec("plain" + depth).depth());
            assertEquals(false, Zoo.spec("plain" + depth).residual());
        }
        assertEquals(16, Zoo.spec("vgg16_bn").depth());
        assertEquals(false, Zoo.spec("vgg16").residual());
        assertEquals(8, Zoo.spec("alexnet").depth());
        assertEquals(50, Zoo.spec("resnext50_32x4d").depth());
        assertTrue(Zoo.spec("resnext50_32x4d").residual());
        assertEquals(28, Zoo.spec("wrn-28-10").depth());
    }

    /** {@code Zoo.spec} accepts every name {@code Zoo.builder} does: any wide ResNet wrn-D-K. */
    @Test
    void specsExistForEveryWideResNetTheBuilderMakes() {
        ModelSpec spec = Zoo.spec("wrn-16-4");
        assertEquals(16, spec.depth());
        assertTrue(spec.residual());
        assertEquals(Zoo.builder("wrn-16-4").inputShape(), spec.defaultInput());
    }

    @Test
    void torchvisionSpellingsFindTheSameEntries() {
        assertEquals("resnext50-32x4d", Zoo.spec("resnext50_32x4d").name());
        assertEquals("vgg16-bn", Zoo.spec("vgg16_bn").name());
        assertEquals(68_883_240, Zoo.builder("wide_resnet50_2").stats().trainableParams());
    }

    @Test
    void unknownNamesAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("resnet21"));
        assertTrue(e.getMessage().contains("resnet21") && e.getMessage().contains("resnet20"), e.getMessage());
    }

    @Test
    void buildersRejectWhatCannotWork() {
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> Zoo.builder("resnet20").numClasses(0).build());
        assertTrue(classes.getMessage().contains("numClasses"), classes.getMessage());

        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Zoo.builder("resnet20").inputShape(3, 2, 2).build());
        assertTrue(small.getMessage().contains("2x2"), small.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Zoo.builder("resnet20").inputShape(0, 32, 32));
    }
}
