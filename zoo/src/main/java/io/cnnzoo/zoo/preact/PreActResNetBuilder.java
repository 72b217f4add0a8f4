package io.cnnzoo.zoo.preact;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.resnet.ResidualBlock;
import io.cnnzoo.zoo.resnet.Stages;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/**
 * The CIFAR pre-activation ResNets of He et al. 2016, "Identity Mappings in Deep Residual Networks"
 * (ECCV 2016, Sec. 4 and Table 3): a 3x3 convolution with 16 filters and nothing after it (the first
 * unit's BN-ReLU activates it), three stages of n pre-activation units at 32, 16 and 8 pixels for a 32x32
 * input (stride 2 in the first unit of stages 2 and 3), then BN-ReLU, global average pooling and a dense
 * softmax layer.
 *
 * <ul>
 *   <li>basic units ({@link PreActBasicBlock}): 16, 32, 64 filters; depth 6n + 2 (ResNet-110: n = 18);</li>
 *   <li>bottleneck units ({@link PreActBottleneck}): inner widths 16, 32, 64, outputs 64, 128, 256;
 *       depth 9n + 2 (ResNet-164: n = 18, ResNet-1001: n = 111).</li>
 * </ul>
 *
 * <p>Shortcuts are the identity where the shape is kept and a 1x1 projection (no BN) where it changes:
 * at the first unit of stages 2 and 3 and, in the bottleneck net, at the very first unit (16 to 64). A
 * projection, and the first unit's shortcut, read the unit's pre-activated input (see {@link PreActivation}).
 *
 * <p>Vertex names: {@code conv1}, {@code layer1.0.bn1} ... {@code layer3.<n-1>} (each unit's addition),
 * {@code bn}, {@code relu}, {@code avgpool}, {@code fc}.
 */
public final class PreActResNetBuilder extends ModelBuilder<PreActResNetBuilder> {

    static final int[] STAGE_WIDTHS = {16, 32, 64};

    private final int depth;
    private final boolean bottleneck;

    PreActResNetBuilder(int depth, boolean bottleneck) {
        super(10, InputShape.of(3, 32, 32));
        int layersPerN = layersPerBlock(bottleneck) * STAGE_WIDTHS.length; // 6 or 9: one more unit per stage
        if (depth < layersPerN + 2 || (depth - 2) % layersPerN != 0) {
            String form = bottleneck ? "9n+2 (11, 20, ..., 164, 1001)" : "6n+2 (8, 20, 56, 110, 1202, ...)";
            throw new IllegalArgumentException("pre-activation ResNet with " + (bottleneck ? "bottleneck" : "basic")
                    + " units needs depth " + form + " with n >= 1, got " + depth
                    + " (PreActResNet.cifar: basic units, 6n+2; PreActResNet.cifarBottleneck: bottleneck units, 9n+2)");
        }
        this.depth = depth;
        this.bottleneck = bottleneck;
    }

    /** Weighted layers per unit on the main path: 2 for a basic unit, 3 for a bottleneck. */
    private static int layersPerBlock(boolean bottleneck) {
        return bottleneck ? 3 : 2;
    }

    @Override
    public boolean isResidual() {
        return true;
    }

    @Override
    public int depth() {
        return depth;
    }

    public boolean isBottleneck() {
        return bottleneck;
    }

    /** n: units per stage. */
    public int blocksPerStage() {
        return (depth - 2) / (layersPerBlock(bottleneck) * STAGE_WIDTHS.length);
    }

    /** The three stages of n units of width 16, 32 and 64. */
    public Stages stages() {
        int n = blocksPerStage();
        ResidualBlock block = bottleneck ? new PreActBottleneck() : new PreActBasicBlock(0);
        return Stages.of(block, new int[]{n, n, n}, STAGE_WIDTHS);
    }

    /** The vertex whose output is stage {@code stage}'s (1, 2 or 3) last unit's output (an addition). */
    public String stageOutput(int stage) {
        return stages().output(stage).vertex();
    }

    /** Channels of stage {@code stage}'s (1, 2 or 3) output: its width, times 4 for bottlenecks. */
    public int stageChannels(int stage) {
        return stages().output(stage).channels();
    }

    @Override
    public int minInputSize() {
        return 4; // two stride-2 stages
    }

    @Override
    protected ComputationGraphConfiguration buildConfiguration() {
        GraphBuilder graph = graphBuilder();
        graph.addLayer("conv1", Layers.conv3x3(STAGE_WIDTHS[0], 1), INPUT);
        String x = stages().addTo(graph, "conv1", STAGE_WIDTHS[0]);
        PreActivation.head(graph, x, numClasses());
        return graph.build();
    }
}
