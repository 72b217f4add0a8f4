package io.cnnzoo.zoo.resnet;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.layers.Layers;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

import java.util.Objects;

/**
 * The CIFAR-10 ResNets of He et al. 2016, Sec. 4.2, and their plain twins: a 3x3 convolution with 16
 * filters, three stages of n basic blocks with 16, 32 and 64 filters (maps 32, 16 and 8 for a 32x32
 * input; the first convolution of stages 2 and 3 has stride 2), global average pooling and a dense
 * softmax layer. Depth = 6n + 2 weighted layers. BN follows every convolution; convolutions have no bias;
 * He initialisation.
 *
 * <p>Vertex names: {@code conv1}, {@code bn1}, {@code relu}, {@code layer1.0.conv1} ... {@code layer3.<n-1>.relu},
 * {@code avgpool}, {@code fc} (see {@link BasicBlock}).
 */
public final class CifarResNetBuilder extends ModelBuilder<CifarResNetBuilder> {

    static final int[] STAGE_WIDTHS = {16, 32, 64};

    private final int depth;
    private boolean residual = true;
    private Shortcut shortcut = Shortcut.A;

    CifarResNetBuilder(int depth) {
        super(10, InputShape.of(3, 32, 32));
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("CIFAR ResNet depth must be 6n+2 with n >= 1 (8, 20, 32, 44, 56, 110, "
                    + "1202, ...), got " + depth);
        }
        this.depth = depth;
    }

    /** The plain twin: the same layers without shortcuts (He et al. 2016, Fig. 6 left). */
    public CifarResNetBuilder plain() {
        this.residual = false;
        return this;
    }

    /** How shortcuts match shapes at stage changes; ignored by {@link #plain()} nets. Default A. */
    public CifarResNetBuilder shortcut(Shortcut shortcut) {
        this.shortcut = Objects.requireNonNull(shortcut, "shortcut");
        return this;
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public boolean isResidual() {
        return residual;
    }

    /** n: basic blocks per stage. */
    public int blocksPerStage() {
        return (depth - 2) / 6;
    }

    /** The three stages of n basic blocks, 16, 32 and 64 filters. */
    public Stages stages() {
        int n = blocksPerStage();
        return Stages.of(new BasicBlock(residual, shortcut), new int[]{n, n, n}, STAGE_WIDTHS);
    }

    /** The vertex whose output is stage {@code stage}'s (1, 2 or 3) last activation map. */
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
        graph.addLayer("conv1", Layers.conv3x3(STAGE_WIDTHS[0], 1), INPUT);
        graph.addLayer("bn1", Layers.batchNorm(), "conv1");
        graph.addLayer("relu", Layers.relu(), "bn1");
        String x = stages().addTo(graph, "relu", STAGE_WIDTHS[0]);
        graph.addLayer("avgpool", Layers.globalAveragePool(), x);
        graph.addLayer("fc", Layers.softmaxClassifier(numClasses()), "avgpool");
        graph.setOutputs("fc");
        return graph.build();
    }
}
