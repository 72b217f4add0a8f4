package io.cnnzoo.zoo.vgg;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.optim.Momentum;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;
import java.util.TreeMap;

/**
 * VGG (Simonyan and Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition",
 * ICLR 2015, Table 1, configurations A, B, D, E) as torchvision's {@code vgg.py} builds it: {@code features}
 * is a sequence of 3x3 convolutions (padding 1, with bias) each followed by [BN and] ReLU, and 2x2/2
 * max-pools; {@code avgpool} pools to 7x7; {@code classifier} is Linear(512*7*7, 4096), ReLU, Dropout(0.5),
 * Linear(4096, 4096), ReLU, Dropout(0.5), Linear(4096, classes) with softmax. The BN variants keep the
 * convolution bias, as torchvision does.
 *
 * <p>Vertex names are torchvision's module indices: {@code features.0} (conv), {@code features.1} ([BN or]
 * ReLU), ..., {@code avgpool}, {@code classifier.0} ... {@code classifier.6} (the softmax output).
 *
 * <p>Input sizes: five 2x2/2 pools make the feature map floor(side/32). DL4J has no adaptive pooling, so
 * {@code avgpool} is exact only for maps whose sides divide 7 or are multiples of 7 ({@link AdaptiveAvgPool}):
 * sides 32-63 (map 1, repeated to 7x7 as torchvision does), 224-255 (7x7, identity), 448-479 (14x14,
 * 2x2 average), ...; other inputs are rejected. The classifier always sees 512*7*7 = 25,088 values.
 *
 * <p>Initialisation as torchvision's {@code _initialize_weights}: convolutions N(0, 2/fan_out) with
 * fan_out = filters x 3 x 3 (kaiming_normal, mode fan_out), linear layers N(0, 0.01^2), biases 0, BN gamma 1
 * and beta 0. The default optimiser is torchvision's recipe: learning rate 0.01 for plain VGG, 0.1 for the
 * BN variants (references/classification/README.md, "AlexNet and VGG"), momentum 0.9.
 */
public final class VggBuilder extends ModelBuilder<VggBuilder> {

    /** A 2x2/2 max-pool in a configuration (torchvision's {@code 'M'}). */
    private static final int M = 0;

    /** Table 1's configurations by depth (weight layers): filters of each 3x3 convolution, and pools. */
    static final Map<Integer, int[]> CONFIGURATIONS = new TreeMap<>(Map.of(
            11, new int[]{64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M},                             // A
            13, new int[]{64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M},                    // B
            16, new int[]{64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M},     // D
            19, new int[]{64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M,
                    512, 512, 512, 512, M}));                                                                // E

    static final int POOLED_SIZE = 7;
    private static final int HIDDEN = 4096;
    private static final NormalDistribution LINEAR_INIT = new NormalDistribution(0, 0.01);

    private final int depth;
    private boolean batchNorm;
    private final IUpdater plainDefaultUpdater = new Momentum(0.01, 0.9);

    VggBuilder(int depth) {
        super(1000, InputShape.of(3, 224, 224));
        if (!CONFIGURATIONS.containsKey(depth)) {
            throw new IllegalArgumentException("VGG depth must be one of " + CONFIGURATIONS.keySet()
                    + " (Table 1, configurations A, B, D, E), got " + depth);
        }
        this.depth = depth;
        updater(plainDefaultUpdater);
    }

    /** Batch normalisation after every convolution, before its ReLU (torchvision's {@code vgg16_bn}). */
    public VggBuilder batchNorm() {
        this.batchNorm = true;
        if (updater() == plainDefaultUpdater) {
            updater(new Momentum(0.1, 0.9)); // torchvision trains the BN variants at its default 0.1
        }
        return this;
    }

    @Override
    public int depth() {
        return depth;
    }

    public boolean isBatchNorm() {
        return batchNorm;
    }

    /** The registry name: {@code vgg16} or {@code vgg16-bn}. */
    public String name() {
        return "vgg" + depth + (batchNorm ? "-bn" : "");
    }

    /**
     * The max-pool vertex ending block {@code block} (1 to 5): its output is the block's feature map,
     * 64, 128, 256, 512, 512 channels at 1/2 ... 1/32 of the input side.
     */
    public String stageOutput(int block) {
        int index = 0;
        int pools = 0;
        for (int v : CONFIGURATIONS.get(depth)) {
            if (v == M && ++pools == block) {
                return "features." + index;
            }
            index += v == M ? 1 : batchNorm ? 3 : 2;
        }
        throw new IllegalArgumentException("VGG has blocks 1 to " + pools + ", got " + block);
    }

    @Override
    public int minInputSize() {
        int side = 1;
        while (featureMapSize(side) < 1) {
            side++;
        }
        return side; // 32: five 2x2/2 pools
    }

    /** The side of the last max-pool's output for an input side: floor(side / 2) at every pool. */
    int featureMapSize(int side) {
        for (int v : CONFIGURATIONS.get(depth)) {
            side = v == M ? side / 2 : side;
        }
        return side;
    }

    @Override
    protected void validate() {
        super.validate();
        AdaptiveAvgPool.requireExact(name(), inputShape(), this::featureMapSize, minInputSize(), POOLED_SIZE);
    }

    @Override
    protected ComputationGraphConfiguration buildConfiguration() {
        GraphBuilder graph = graphBuilder();
        Sequential features = new Sequential(graph, "features", INPUT);
        for (int v : CONFIGURATIONS.get(depth)) {
            if (v == M) {
                features.add(maxPool2x2());
            } else {
                features.add(conv3x3(v));
                if (batchNorm) {
                    features.add(Layers.batchNorm());
                }
                features.add(Layers.relu());
            }
        }
        int mapHeight = featureMapSize(inputShape().height());
        int mapWidth = featureMapSize(inputShape().width());
        graph.addLayer("avgpool", AdaptiveAvgPool.layer(mapHeight, mapWidth, POOLED_SIZE), features.output());

        Sequential classifier = new Sequential(graph, "classifier", "avgpool")
                .add(linear(HIDDEN)).add(Layers.relu()).add(new DropoutLayer(0.5)) // DL4J: retain probability
                .add(linear(HIDDEN)).add(Layers.relu()).add(new DropoutLayer(0.5))
                .add(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses())
                        .activation(Activation.SOFTMAX).weightInit(LINEAR_INIT).build());
        graph.setOutputs(classifier.output());
        return graph.build();
    }

    /** 3x3 convolution, padding 1, with bias; weights N(0, 2 / fan_out) as torchvision's kaiming_normal(fan_out). */
    private static ConvolutionLayer conv3x3(int filters) {
        double std = Math.sqrt(2.0 / (filters * 3 * 3));
        return new ConvolutionLayer.Builder(3, 3).padding(1, 1).convolutionMode(ConvolutionMode.Truncate)
                .nOut(filters).hasBias(true).activation(Activation.IDENTITY)
                .weightInit(new NormalDistribution(0, std)).build();
    }

    private static SubsamplingLayer maxPool2x2() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).build();
    }

    private static DenseLayer linear(int outputs) {
        return new DenseLayer.Builder().nOut(outputs).activation(Activation.IDENTITY).weightInit(LINEAR_INIT).build();
    }
}
