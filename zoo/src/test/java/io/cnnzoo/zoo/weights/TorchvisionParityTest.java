package io.cnnzoo.zoo.weights;

import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every zoo model with a torchvision twin, and every CIFAR family against a PyTorch twin written in the
 * reference script from the papers, computes PyTorch's logits from PyTorch's weights. The script gives each
 * model seeded random weights and randomised BN statistics, saves its state dict as {@code .pth} (torch.save)
 * and as safetensors, and records a batch of inputs and the eval-mode logits, computed in float32 and, from
 * the same weights, in float64. The zoo graph loads each file strictly, and:
 * <ul>
 *   <li>in float32 (what users run), from each file, must give PyTorch's float64 logits within 1e-4 of their
 *       scale, or within twice PyTorch's own float32 error where that is larger: through 152 layers of random
 *       weights float32 itself is not good to 1e-4 (PyTorch's float32 logits of resnet152 are 2.1e-4 off its
 *       float64 ones, plain56's 8.2e-4);</li>
 *   <li>where PyTorch's float32 error exceeds 1e-5, so that float32 could hide a 1e-4 difference, the graph
 *       is built again in float64 and must give PyTorch's float64 logits within 1e-4: the same function with
 *       rounding out of the way (the differences are ~1e-12).</li>
 * </ul>
 * Every figure goes to target/weight-parity.tsv.
 */
class TorchvisionParityTest {

    @TempDir
    Path tmp;

    /** torchvision's own models (the zoo's names for torchvision's alexnet, vgg*, resnet*, resnext*, wide_resnet*). */
    static List<String> torchvisionModels() {
        return List.of("alexnet", "vgg11", "vgg11-bn", "vgg13", "vgg13-bn", "vgg16", "vgg16-bn", "vgg19", "vgg19-bn",
                "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50-32x4d", "resnext101-32x8d",
                "wide-resnet50-2", "wide-resnet101-2");
    }

    /** Families torchvision lacks, against the script's PyTorch twins: one or two depths of each. */
    static List<String> twinModels() {
        return List.of("lenet5", "alexnet-2012", "plain18", "plain34", "resnet20", "resnet110", "plain20", "plain56",
                "preact-resnet110", "preact-resnet164", "wrn-28-10");
    }

    /** What else the script writes for some models, and the tests below read. */
    private static final Map<String, String[]> EXTRAS = Map.of(
            "vgg11", new String[]{"timm"}, "resnet18", new String[]{"legacy", "half"},
            "lenet5", new String[]{"legacy", "half"});

    @ParameterizedTest
    @MethodSource({"torchvisionModels", "twinModels"})
    void computesPyTorchsLogitsFromItsWeights(String model) throws IOException {
        TorchReference torch = TorchReference.shared();
        Path dir = tmp.resolve(model);
        torch.generate(model, dir, EXTRAS.getOrDefault(model, new String[0]));
        INDArray input = TorchReference.input(dir);
        INDArray expected = TorchReference.logits64(dir);
        INDArray torch32 = TorchReference.logits(dir, "logits.f32");
        double torchError = Parity.relativeDifference(expected, torch32);
        Parity.record(model + "\tPyTorch float32\t" + torchError + "\t-");

        ComputationGraph graph = Parity.logitsGraph(Zoo.builder(model));
        for (String file : List.of(model + ".safetensors", model + ".pth")) {
            graph.params().assign(0); // every value must come from the file
            WeightReport report = Weights.load(graph, dir.resolve(file));
            assertTrue(report.isComplete(), report.summary());
            assertEquals(report.loaded().size(), graph.paramTable().size(), "one tensor per DL4J parameter");
            Parity.assertClose(model + "\tfloat32 from " + file, expected, Parity.logits(graph, input, false),
                    Math.max(Parity.TOLERANCE, 2 * torchError));
        }
        if (List.of(EXTRAS.getOrDefault(model, new String[0])).contains("timm")) {
            graph.params().assign(0);
            WeightReport timm = Weights.load(graph, dir.resolve(model + ".timm.safetensors"));
            assertEquals(6, timm.renamed().size(), "pre_logits.fc1/fc2 and head.fc, weight and bias");
            Parity.assertClose(model + "\ttimm names", torch32, Parity.logits(graph, input, false));
        }
        if (List.of(EXTRAS.getOrDefault(model, new String[0])).contains("legacy")) {
            graph.params().assign(0);
            Weights.load(graph, dir.resolve(model + ".legacy.pth"));
            Parity.assertClose(model + "\tlegacy .pth", torch32, Parity.logits(graph, input, false));
            for (String half : List.of("f16", "bf16")) { // PyTorch's logits of the same rounded weights
                graph.params().assign(0);
                Weights.load(graph, dir.resolve(model + "." + half + ".safetensors"));
                Parity.assertClose(model + "\t" + half, TorchReference.logits(dir, "logits." + half + ".f32"),
                        Parity.logits(graph, input, false));
            }
        }
        if (torchError > Parity.TOLERANCE / 10) { // float32 cannot resolve 1e-4 here: compare in float64
            graph = null; // a graph in float64 takes twice the memory
            ComputationGraph graph64 = Parity.logitsGraph(Zoo.builder(model), DataType.DOUBLE);
            WeightReport report64 = Weights.load(graph64, dir.resolve(model + ".pth"));
            assertTrue(report64.isComplete(), report64.summary());
            Parity.assertClose(model + "\tfloat64 from .pth", expected, Parity.logits(graph64, input, false));
        }
    }

    /**
     * Channels-last graphs flatten (h, w, c) where PyTorch flattens (c, h, w): the loader permutes the first
     * classifier layer's rows (AlexNet's classifier.0, LeNet-5's fc1), and convolutions are unaffected.
     */
    @ParameterizedTest
    @ValueSource(strings = {"alexnet", "lenet5", "resnet18"})
    void channelsLastGraphsComputeTheSameLogits(String model) throws IOException {
        TorchReference torch = TorchReference.shared();
        Path dir = tmp.resolve(model);
        torch.generate(model, dir);
        ComputationGraph graph = Parity.logitsGraph(Zoo.builder(model).dataFormat(CNN2DFormat.NHWC));
        Weights.load(graph, dir.resolve(model + ".pth"));
        Parity.assertClose(model + " NHWC\t" + model + ".pth", TorchReference.logits64(dir),
                Parity.logits(graph, TorchReference.input(dir), true));
    }

    /**
     * Weights.save writes what torchvision loads: the graph's weights are changed after loading (so that the
     * export is not the file it came from), saved, loaded into the PyTorch model with strict=True, and PyTorch's
     * logits must equal the graph's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "lenet5 NHWC", "alexnet NHWC", "resnet18", "resnext50-32x4d",
            "preact-resnet164"})
    void savedWeightsLoadIntoPyTorch(String modelAndLayout) throws IOException {
        String model = modelAndLayout.split(" ")[0];
        boolean channelsLast = modelAndLayout.endsWith("NHWC");
        TorchReference torch = TorchReference.shared();
        Path dir = tmp.resolve(model);
        torch.generate(model, dir);
        ComputationGraph graph = Parity.logitsGraph(Zoo.builder(model)
                .dataFormat(channelsLast ? CNN2DFormat.NHWC : CNN2DFormat.NCHW));
        Weights.load(graph, dir.resolve(model + ".safetensors"));
        Nd4j.getRandom().setSeed(3);
        graph.params().muli(Nd4j.rand(DataType.FLOAT, graph.params().shape()).muli(0.2).addi(0.9)); // signs kept

        Path exported = dir.resolve("exported.safetensors");
        Weights.save(graph, exported);
        torch.load(model, dir, exported);
        INDArray input = TorchReference.input(dir);
        Parity.assertClose(modelAndLayout + "\texported, in PyTorch", Parity.logits(graph, input, channelsLast),
                TorchReference.logits(dir, "loaded_logits.f32"));
    }
}
