package io.cnnzoo.zoo;

import io.cnnzoo.zoo.alexnet.AlexNet;
import io.cnnzoo.zoo.lenet.LeNet;
import io.cnnzoo.zoo.preact.PreActResNet;
import io.cnnzoo.zoo.resnet.ResNet;
import io.cnnzoo.zoo.vgg.VGG;
import io.cnnzoo.zoo.wrn.WideResNet;
import io.cnnzoo.zoo.wrn.WideResNetBuilder;
import io.cnnzoo.zoo.spi.Accelerators;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The model registry: every zoo model by its lowercase name.
 *
 * <pre>{@code
 * ComputationGraph net = Zoo.create("resnet56");
 * ComputationGraph net = Zoo.builder("plain20").numClasses(10).inputShape(1, 28, 28).build();
 * List<String> names   = Zoo.names();
 * }</pre>
 *
 * <p>Every entry carries the reference numbers it must meet ({@link ModelSpec#referenceParams()},
 * {@link ModelSpec#referenceGmacs()}), typed in from torchvision's documentation and the papers. Besides the
 * registered names, {@link #builder} and {@link #create} accept any wide ResNet name {@code wrn-D-K}.
 */
public final class Zoo {

    private static final String HE_2016 = "He, Zhang, Ren, Sun: Deep Residual Learning for Image Recognition, "
            + "CVPR 2016";
    private static final String LECUN_1998 = "LeCun, Bottou, Bengio, Haffner: Gradient-Based Learning Applied to "
            + "Document Recognition, Proc. IEEE 1998";
    private static final String KRIZHEVSKY_2014 = "Krizhevsky: One weird trick for parallelizing convolutional "
            + "neural networks, arXiv:1404.5997, 2014 (torchvision's alexnet)";
    private static final String VGG_2015 = "Simonyan, Zisserman: Very Deep Convolutional Networks for Large-Scale "
            + "Image Recognition, ICLR 2015";
    private static final String HE_2016B = "He, Zhang, Ren, Sun: Identity Mappings in Deep Residual Networks, "
            + "ECCV 2016";
    private static final String WRN_2016 = "Zagoruyko, Komodakis: Wide Residual Networks, BMVC 2016";
    private static final String XIE_2017 = "Xie, Girshick, Dollar, Tu, He: Aggregated Residual Transformations for "
            + "Deep Neural Networks, CVPR 2017";

    private record Entry(ModelSpec spec, Supplier<? extends ModelBuilder<?>> factory) {
    }

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        register("lenet5", "lenet", "LeNet-5, modern form: full C3, max-pooling, ReLU, 28x28 input",
                LECUN_1998 + ", Fig. 2", 61_706, null, LeNet::lenet5);
        register("lenet5-classic", "lenet", "LeNet-5 as published: C3 connection table, trainable subsampling, "
                + "scaled tanh, 32x32 input, softmax in place of the RBF", LECUN_1998 + ", Sec. II-B, Fig. 2, Table I",
                60_850, null, LeNet::lenet5Classic);
        register("alexnet-2012", "alexnet", "AlexNet as published: two towers (grouped conv2/4/5), LRN, 224x224 input",
                "Krizhevsky, Sutskever, Hinton: ImageNet Classification with Deep Convolutional Neural Networks, "
                        + "NIPS 2012, Sec. 3, Fig. 2", 60_965_224, null, AlexNet::krizhevsky2012);
        register("alexnet", "alexnet", "AlexNet, torchvision's single-tower variant (no LRN, no groups)",
                KRIZHEVSKY_2014, 61_100_840, 0.714, AlexNet::torchvision);
        registerVgg();
        registerImageNetResNets();
        long[] cifarParams = {269_722, 464_154, 658_586, 853_018, 1_727_962, 19_421_274};
        int[] cifarDepths = {20, 32, 44, 56, 110, 1202};
        for (int i = 0; i < cifarDepths.length; i++) {
            int depth = cifarDepths[i];
            register("resnet" + depth, "resnet-cifar",
                    depth + "-layer CIFAR ResNet, option A (parameter-free) shortcuts",
                    HE_2016 + ", Sec. 4.2, Table 6", cifarParams[i], null, () -> ResNet.cifar(depth));
        }
        for (int i = 0; i < cifarDepths.length - 1; i++) {
            int depth = cifarDepths[i];
            register("plain" + depth, "plain-cifar",
                    depth + "-layer CIFAR plain net: resnet" + depth + " without shortcuts",
                    HE_2016 + ", Sec. 4.2, Fig. 6", cifarParams[i], null, () -> ResNet.cifar(depth).plain());
        }
        // preact-resnet110: resnet110's 1,727,962 plus two 1x1 projections (16x32 + 32x64); BN totals equal.
        register("preact-resnet110", "preact-resnet-cifar",
                "110-layer CIFAR pre-activation ResNet, basic units, 1x1 projections at stage changes",
                HE_2016B + ", Fig. 1(b)/4(e), Table 3", 1_730_522, null, () -> PreActResNet.cifar(110));
        register("preact-resnet164", "preact-resnet-cifar",
                "164-layer CIFAR pre-activation ResNet, bottleneck units (outputs 64/128/256)",
                HE_2016B + ", Fig. 4(e), Table 3", 1_703_258, null, () -> PreActResNet.cifarBottleneck(164));
        register("wrn-28-10", "wrn", "WRN-28-10: wide pre-activation ResNet, depth 28, widths 160/320/640",
                WRN_2016 + ", Table 1 and 4", 36_479_194, null, () -> WideResNet.wrn(28, 10));
    }

    /** torchvision's VGG numbers; the GMACs of the BN variants equal the plain ones (BN is not counted). */
    private static void registerVgg() {
        int[] depths = {11, 13, 16, 19};
        String[] configs = {"A", "B", "D", "E"};
        long[] params = {132_863_336, 133_047_848, 138_357_544, 143_667_240};
        long[] bnParams = {132_868_840, 133_053_736, 138_365_992, 143_678_248};
        double[] gmacs = {7.609, 11.308, 15.47, 19.63};
        for (int i = 0; i < depths.length; i++) {
            int depth = depths[i];
            register("vgg" + depth, "vgg", "VGG-" + depth + " (configuration " + configs[i] + "), torchvision layout",
                    VGG_2015 + ", Table 1, configuration " + configs[i], params[i], gmacs[i], () -> VGG.vgg(depth));
            register("vgg" + depth + "-bn", "vgg", "VGG-" + depth + " with batch normalisation after every convolution",
                    VGG_2015 + ", Table 1, configuration " + configs[i] + "; BN as torchvision's vgg" + depth + "_bn",
                    bnParams[i], gmacs[i], () -> VGG.vgg(depth).batchNorm());
        }
    }

    /** torchvision's ResNets (v1.5) and He et al.'s plain twins (no published MACs for those). */
    private static void registerImageNetResNets() {
        int[] depths = {18, 34, 50, 101, 152};
        long[] params = {11_689_512, 21_797_672, 25_557_032, 44_549_160, 60_192_808};
        double[] gmacs = {1.814, 3.664, 4.089, 7.801, 11.514};
        for (int i = 0; i < depths.length; i++) {
            int depth = depths[i];
            register("resnet" + depth, "resnet-imagenet",
                    depth + "-layer ImageNet ResNet as in torchvision (v1.5 bottlenecks from 50), projection shortcuts",
                    HE_2016 + ", Table 1", params[i], gmacs[i], () -> ResNet.imagenet(depth));
        }
        // resnet18/34 less their three projection shortcuts, 173,824 parameters:
        // (64*128 + 2*128) + (128*256 + 2*256) + (256*512 + 2*512)
        register("plain18", "plain-imagenet", "18-layer ImageNet plain net: resnet18 without shortcuts",
                HE_2016 + ", Table 2, Fig. 3", 11_515_688, null, () -> ResNet.imagenet(18).plain());
        register("plain34", "plain-imagenet", "34-layer ImageNet plain net: resnet34 without shortcuts",
                HE_2016 + ", Table 2, Fig. 3", 21_623_848, null, () -> ResNet.imagenet(34).plain());

        // torchvision's ResNeXt and wide ResNets: its two numbers, groups and width per group, on resnet50/101.
        register("resnext50-32x4d", "resnext", "ResNeXt-50 32x4d: resnet50 with 32 groups of 4 channels in every 3x3 "
                + "convolution (torchvision's resnext50_32x4d)", XIE_2017 + ", Table 1", 25_028_904, 4.23,
                () -> ResNet.resnext(50, 32, 4));
        register("resnext101-32x8d", "resnext", "ResNeXt-101 32x8d: resnet101 with 32 groups of 8 channels "
                + "(torchvision's resnext101_32x8d)", XIE_2017, 88_791_336, 16.41, () -> ResNet.resnext(101, 32, 8));
        register("wide-resnet50-2", "wide-resnet-imagenet", "Wide ResNet-50-2: resnet50 with bottlenecks twice as wide "
                + "inside (torchvision's wide_resnet50_2)", WRN_2016 + "; torchvision's ImageNet form", 68_883_240, 11.40,
                () -> ResNet.wide(50, 2));
        register("wide-resnet101-2", "wide-resnet-imagenet", "Wide ResNet-101-2: resnet101 with bottlenecks twice as "
                + "wide inside (torchvision's wide_resnet101_2)", WRN_2016 + "; torchvision's ImageNet form",
                126_886_696, 22.75, () -> ResNet.wide(101, 2));
    }

    private Zoo() {
    }

    /**
     * @param referenceParams trainable parameters from torchvision, the paper, or layer arithmetic
     * @param referenceGmacs  torchvision's GFLOPS column (MACs) for the default input, or null
     */
    private static void register(String name, String family, String description, String citation,
                                 long referenceParams, Double referenceGmacs,
                                 Supplier<? extends ModelBuilder<?>> factory) {
        ModelBuilder<?> defaults = factory.get();
        ModelSpec spec = new ModelSpec(name, family, description, defaults.inputShape(), defaults.numClasses(),
                defaults.minInputSize(), citation, referenceParams, referenceGmacs, defaults.depth(),
                defaults.isResidual());
        REGISTRY.put(name, new Entry(spec, factory));
    }

    /** Every registered model name, in registry order. */
    public static List<String> names() {
        return Collections.unmodifiableList(List.copyOf(REGISTRY.keySet()));
    }

    /**
     * What the registry knows of {@code name}: every name {@link #builder} accepts (torchvision's underscore
     * spellings, and any wide ResNet {@code wrn-D-K}, whose reference parameter count is unpublished: -1).
     */
    public static ModelSpec spec(String name) {
        if (!REGISTRY.containsKey(name) && WideResNet.isName(name)) {
            WideResNetBuilder defaults = WideResNet.named(name);
            return new ModelSpec(name, "wrn", "WRN-" + defaults.depth() + "-" + defaults.widenFactor()
                    + ": wide pre-activation ResNet", defaults.inputShape(), defaults.numClasses(),
                    defaults.minInputSize(), WRN_2016, -1, null, defaults.depth(), defaults.isResidual());
        }
        return entry(name).spec();
    }

    /**
     * A builder for {@code name} holding the registry defaults; set any option, then {@code build()}.
     * torchvision's spellings work too: {@code resnext50_32x4d}, {@code vgg16_bn}, {@code wide_resnet50_2}.
     */
    public static ModelBuilder<?> builder(String name) {
        if (!REGISTRY.containsKey(name) && WideResNet.isName(name)) {
            return WideResNet.named(name);
        }
        return entry(name).factory().get();
    }

    /** {@code name} with its default input shape and class count, parameters initialised. */
    public static ComputationGraph create(String name) {
        return builder(name).build();
    }

    /**
     * A graph saved with DL4J's {@code ModelSerializer} (weights and updater state), restored with the classpath's
     * accelerators attached again: DL4J recreates every layer on restore, which drops them, so a graph restored
     * with {@code ModelSerializer} alone trains on DL4J's slow path.
     */
    public static ComputationGraph restore(Path file) throws IOException {
        return restore(file, true);
    }

    /** As {@link #restore(Path)}; {@code loadUpdater} false leaves the updater state (momentum) fresh. */
    public static ComputationGraph restore(Path file, boolean loadUpdater) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no saved model here");
        }
        return Accelerators.apply(ModelSerializer.restoreComputationGraph(file.toFile(), loadUpdater));
    }

    /** {@code graph.clone()} with the accelerators attached again (a clone's layers are new ones, like a restore's). */
    public static ComputationGraph copy(ComputationGraph graph) {
        return Accelerators.apply(graph.clone());
    }

    private static Entry entry(String name) {
        Entry entry = REGISTRY.get(name);
        if (entry == null) {
            // torchvision's resnext50_32x4d is resnext50-32x4d; ResNet56 is resnet56
            entry = REGISTRY.get(name.replace('_', '-').toLowerCase(java.util.Locale.ROOT));
        }
        if (entry == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: "
                    + String.join(", ", REGISTRY.keySet()) + " (and any wide ResNet wrn-D-K)");
        }
        return entry;
    }
}
