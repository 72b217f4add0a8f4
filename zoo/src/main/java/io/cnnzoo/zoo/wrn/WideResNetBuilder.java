package io.cnnzoo.zoo.wrn;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.preact.PreActBasicBlock;
import io.cnnzoo.zoo.preact.PreActivation;
import io.cnnzoo.zoo.resnet.Stages;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/**
 * WRN-d-k, the wide residual network of Zagoruyko and Komodakis ("Wide Residual Networks", BMVC 2016,
 * Table 1): a 3x3 convolution with 16 filters, three stages (conv2, conv3, conv4) of n = (d - 4) / 6
 * pre-activation wide basic blocks with 16k, 32k and 64k filters (strides 1, 2, 2: maps 32, 16, 8 for a
 * 32x32 input), then BN-ReLU, global average pooling and a dense softmax layer. Depth d counts the stem,
 * the 6n block convolutions and three projection shortcuts.
 *
 * <p>The block is {@link PreActBasicBlock}: BN-ReLU-conv3x3-[dropout]-BN-ReLU-conv3x3 plus the shortcut,
 * a 1x1 projection wherever the width or stride changes: the first block of every stage, including stage 1
 * when k > 1 (16 to 16k); a projection reads the block's pre-activated input, as in the authors'
 * {@code wide-resnet.lua}. (With k = 1 the first block keeps the width; its identity shortcut then reads
 * the pre-activated stem output, as in the pre-activation ResNet paper, where wide-resnet.lua reads the raw
 * stem output: this changes no parameter count.) Dropout between the convolutions is off by default (the
 * paper uses 0.3 in its dropout experiments).
 *
 * <p>Vertex names: {@code conv1}, {@code layer1.0.bn1} ... {@code layer3.<n-1>}, {@code bn}, {@code relu},
 * {@code avgpool}, {@code fc}.
 */
public final class WideResNetBuilder extends ModelBuilder<WideResNetBuilder> {

    static final int STEM_WIDTH = 16;
    static final int[] BASE_WIDTHS = {16, 32, 64};

    private final int depth;
    private final int widenFactor;
    private double dropProbability;

    WideResNetBuilder(int depth, int widenFactor) {
        super(10, InputShape.of(3, 32, 32));
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException("WRN depth must be 6n+4 with n >= 1 (10, 16, 22, 28, 40, ...), got "
                    + depth);
        }
        if (widenFactor < 1) {
            throw new IllegalArgumentException("WRN widening factor k must be at least 1, got " + widenFactor);
        }
        this.depth = depth;
        this.widenFactor = widenFactor;
    }

    /**
     * Dropout between the two convolutions of every block, {@code p} being the probability of DROPPING an
     * activation (the paper's 0.3; PyTorch's convention). 0, the default, adds no dropout vertex.
     */
    public WideResNetBuilder dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout must be a drop probability in [0, 1), got " + p);
        }
        this.dropProbability = p;
        return this;
    }

    public double dropout() {
        return dropProbability;
    }

    @Override
    public boolean isResidual() {
        return true;
    }

    @Override
    public int depth() {
        return depth;
    }

    public int widenFactor() {
        return widenFactor;
    }

    /** The registry name, {@code wrn-<depth>-<k>}. */
    public String name() {
        return "wrn-" + depth + "-" + widenFactor;
    }

    /** n: blocks per stage. */
    public int blocksPerStage() {
        return (depth - 4) / 6;
    }

    /** The three stages (conv2, conv3, conv4) of n wide blocks, 16k, 32k and 64k filters. */
    public Stages stages() {
        int n = blocksPerStage();
        int[] widths = new int[BASE_WIDTHS.length];
        for (int s = 0; s < widths.length; s++) {
            widths[s] = BASE_WIDTHS[s] * widenFactor;
        }
        return Stages.of(new PreActBasicBlock(dropProbability), new int[]{n, n, n}, widths);
    }

    /** Filters of stage {@code stage} (1, 2 or 3): 16k, 32k, 64k. */
    public int stageChannels(int stage) {
        return stages().output(stage).channels();
    }

    /** The vertex whose output is stage {@code stage}'s (1, 2 or 3) last block's output (an addition). */
    public String stageOutput(int stage) {
        return stages().output(stage).vertex();
    }

    @Override
    public int minInputSize() {
        return 4; // two stride-2 stages
    }

    @Override
    protected ComputationGraphConfiguration buildConfiguration() {
        GraphBuilder graph = graphBuilder();
        graph.addLayer("conv1", Layers.conv3x3(STEM_WIDTH, 1), INPUT);
        String x = stages().addTo(graph, "conv1", STEM_WIDTH);
        PreActivation.head(graph, x, numClasses());
        return graph.build();
    }
}
