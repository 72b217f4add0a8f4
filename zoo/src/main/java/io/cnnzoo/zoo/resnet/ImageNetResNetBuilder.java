package io.cnnzoo.zoo.resnet;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.layers.Layers;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

import java.util.Map;
import java.util.TreeMap;

/**
 * The ImageNet ResNets of He et al. 2016, Table 1, as torchvision builds them ({@code resnet18} ...
 * {@code resnet152}), and the plain nets of Table 2 / Fig. 3. The stem is a 7x7 convolution with 64
 * filters and stride 2, BN, ReLU and a 3x3 max-pool with stride 2; four stages of 64, 128, 256 and 512
 * planes follow (maps 56, 28, 14 and 7 for a 224x224 input; the first block of stages 2-4 has stride 2);
 * then global average pooling and a dense softmax layer. Depths 18 and 34 use {@link BasicBlock}s, 50 and
 * deeper {@link Bottleneck}s (torchvision's v1.5: stride on the 3x3 convolution). A shortcut is a 1x1
 * projection with BN where the stride or the width changes (option B, torchvision's {@code _make_layer}),
 * the identity elsewhere. BN follows every convolution; convolutions have no bias; He initialisation.
 *
 * <p>{@link #groups(int)} and {@link #widthPerGroup(int)} are torchvision's two numbers for the bottleneck
 * variants: ResNeXt (Xie et al., "Aggregated Residual Transformations for Deep Neural Networks", CVPR 2017:
 * {@code resnext50_32x4d} is groups 32 of width 4) and the wide ResNets of Zagoruyko and Komodakis as
 * torchvision builds them ({@code wide_resnet50_2}: width per group 128, inner widths doubled).
 *
 * <p>Vertex names are torchvision's: {@code conv1}, {@code bn1}, {@code relu}, {@code maxpool},
 * {@code layer1.0.conv1} ... {@code layer4.<n-1>.relu}, {@code layerS.0.downsample.0/1}, {@code avgpool},
 * {@code fc}. torchvision's {@code fc} is a plain linear layer; here it carries the softmax and the loss.
 */
public final class ImageNetResNetBuilder extends ModelBuilder<ImageNetResNetBuilder> {

    /** Planes per stage (a bottleneck block outputs {@link Bottleneck#EXPANSION} times as many channels). */
    static final int[] STAGE_PLANES = {64, 128, 256, 512};

    /** Blocks per stage for each depth (He et al. 2016, Table 1; torchvision's {@code layers} argument). */
    private static final Map<Integer, int[]> BLOCKS_PER_STAGE = new TreeMap<>(Map.of(
            18, new int[]{2, 2, 2, 2},
            34, new int[]{3, 4, 6, 3},
            50, new int[]{3, 4, 6, 3},
            101, new int[]{3, 4, 23, 3},
            152, new int[]{3, 8, 36, 3}));

    /** Depths from here on use bottleneck blocks. */
    private static final int FIRST_BOTTLENECK_DEPTH = 50;

    private final int depth;
    private boolean residual = true;
    private int groups = 1;
    private int widthPerGroup = Bottleneck.BASE_WIDTH;

    ImageNetResNetBuilder(int depth) {
        super(1000, InputShape.of(3, 224, 224));
        if (!BLOCKS_PER_STAGE.containsKey(depth)) {
            throw new IllegalArgumentException("ImageNet ResNet depth must be one of "
                    + BLOCKS_PER_STAGE.keySet() + ", got " + depth + " (CIFAR depths 6n+2: ResNet.cifar(depth))");
        }
        this.depth = depth;
    }

    /**
     * The plain net of He et al. 2016, Table 2 and Fig. 3 (middle): the same layers without any shortcut,
     * so also without the projections. The paper defines plain nets for depths 18 and 34 only; there is
     * no plain bottleneck net to reproduce, so deeper depths are rejected rather than invented.
     */
    public ImageNetResNetBuilder plain() {
        if (isBottleneck()) {
            throw new IllegalStateException("plain() exists for ImageNet depths 18 and 34 only (He et al. 2016, "
                    + "Table 2: plain-18, plain-34), got depth " + depth + ", a bottleneck net; for a plain net "
                    + "use ResNet.imagenet(18) or ResNet.imagenet(34)");
        }
        this.residual = false;
        return this;
    }

    /**
     * The number of groups of every bottleneck's 3x3 convolution (ResNeXt's cardinality; 1, the default, is
     * ResNet). Bottleneck depths only, as in torchvision.
     */
    public ImageNetResNetBuilder groups(int groups) {
        requireBottleneck("groups", groups);
        this.groups = groups;
        return this;
    }

    /**
     * torchvision's {@code width_per_group}: a bottleneck's inner width is {@code planes * widthPerGroup / 64}
     * per group (64, the default, is ResNet; 4 with 32 groups is ResNeXt 32x4d; 128 is Wide ResNet-50-2).
     */
    public ImageNetResNetBuilder widthPerGroup(int widthPerGroup) {
        requireBottleneck("widthPerGroup", widthPerGroup);
        this.widthPerGroup = widthPerGroup;
        return this;
    }

    private void requireBottleneck(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        if (!isBottleneck()) {
            throw new IllegalStateException(option + " applies to bottleneck blocks (depth 50 and more), as in "
                    + "torchvision, but this is ResNet-" + depth + " with basic blocks");
        }
    }

    @Override
    public int depth() {
        return depth;
    }

    public int groups() {
        return groups;
    }

    public int widthPerGroup() {
        return widthPerGroup;
    }

    @Override
    public boolean isResidual() {
        return residual;
    }

    /** Whether the blocks are three-layer bottlenecks (depth 50 and deeper) rather than basic blocks. */
    public boolean isBottleneck() {
        return depth >= FIRST_BOTTLENECK_DEPTH;
    }

    /** Blocks in each of the four stages, e.g. {3, 4, 6, 3} for depth 34 and 50. */
    public int[] blocksPerStage() {
        return BLOCKS_PER_STAGE.get(depth).clone();
    }

    /** The four stages of 64, 128, 256 and 512 planes (torchvision's {@code layer1..layer4}). */
    public Stages stages() {
        ResidualBlock block = isBottleneck() ? new Bottleneck(groups, widthPerGroup) : new BasicBlock(residual, Shortcut.B);
        return Stages.of(block, BLOCKS_PER_STAGE.get(depth), STAGE_PLANES);
    }

    /**
     * The vertex whose output is stage {@code stage}'s (1 to 4, torchvision's {@code layer1..layer4}) last
     * activation map, e.g. {@code layer4.2.relu} for ResNet-50: where a headless backbone ends.
     */
    public String stageOutput(int stage) {
        return stages().output(stage).vertex();
    }

    /** The channels of {@link #stageOutput(int)}: 64..512, times 4 for bottleneck nets. */
    public int stageChannels(int stage) {
        return stages().output(stage).channels();
    }

    /**
     * The total stride, 32: conv1, maxpool and the first blocks of stages 2-4 each halve the map, so the
     * smallest accepted input, 32x32, reaches stage 4 as a 1x1 map (32, 16, 8, 4, 2, 1). Every one of these
     * layers pads and computes ceil(size / 2), so DL4J would run inputs down to 1x1 (torchvision's weights
     * declare {@code min_size (1, 1)} too); the zoo asks for the total stride, as its other families do,
     * so that each halving has a real map to halve.
     */
    @Override
    public int minInputSize() {
        return 32;
    }

    @Override
    protected ComputationGraphConfiguration buildConfiguration() {
        GraphBuilder graph = graphBuilder();
        graph.addLayer("conv1", Layers.conv(7, STAGE_PLANES[0], 2, 3), INPUT);
        graph.addLayer("bn1", Layers.batchNorm(), "conv1");
        graph.addLayer("relu", Layers.relu(), "bn1");
        graph.addLayer("maxpool", maxPool3x3Stride2(), "relu");
        String x = stages().addTo(graph, "maxpool", STAGE_PLANES[0]);
        graph.addLayer("avgpool", Layers.globalAveragePool(), x);
        graph.addLayer("fc", Layers.softmaxClassifier(numClasses()), "avgpool");
        graph.setOutputs("fc");
        return graph.build();
    }

    /**
     * torchvision's {@code MaxPool2d(3, stride=2, padding=1)}: 112x112 to 56x56. It follows a ReLU, so
     * whether the border counts as zero or as minus infinity makes no difference.
     */
    private static SubsamplingLayer maxPool3x3Stride2() {
        return new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(3, 3)
                .stride(2, 2)
                .padding(1, 1)
                .convolutionMode(ConvolutionMode.Truncate)
                .build();
    }
}
