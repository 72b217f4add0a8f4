package io.cnnzoo.zoo.alexnet;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.optim.Momentum;
import io.cnnzoo.zoo.vgg.AdaptiveAvgPool;
import io.cnnzoo.zoo.vgg.Sequential;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

import java.util.List;

/**
 * AlexNet as torchvision's {@code alexnet.py} builds it: the single-tower variant of Krizhevsky, "One weird
 * trick for parallelizing convolutional neural networks" (arXiv:1404.5997, 2014), without LRN.
 * {@code features}: conv 64@11x11/4 pad 2, ReLU, max-pool 3x3/2, conv 192@5x5 pad 2, ReLU, max-pool,
 * conv 384@3x3 pad 1, ReLU, conv 256@3x3, ReLU, conv 256@3x3, ReLU, max-pool; {@code avgpool} to 6x6;
 * {@code classifier}: Dropout(0.5), Linear(9216, 4096), ReLU, Dropout(0.5), Linear(4096, 4096), ReLU,
 * Linear(4096, classes) with softmax. 61,100,840 trainable parameters for 1000 classes.
 *
 * <p>Vertex names are torchvision's module indices: {@code features.0} ... {@code features.12},
 * {@code avgpool}, {@code classifier.0} ... {@code classifier.6} (the softmax output).
 *
 * <p>Input sizes: the smallest is 63x63 (torchvision's {@code min_size}); a side s gives a feature map of
 * floor((s - 31) / 32) (1 for 63-94, 6 for 223-254). DL4J has no adaptive pooling, so {@code avgpool} is
 * exact only for maps whose sides divide 6 or are multiples of 6 ({@link AdaptiveAvgPool}): sides 63-158
 * (maps 1, 2, 3, repeated to 6x6 as torchvision does), 223-254 (6x6, identity), 415-446 (12x12), ...;
 * other inputs are rejected.
 *
 * <p>Initialisation: torchvision keeps PyTorch's defaults, weights U(-1/sqrt(fan_in), 1/sqrt(fan_in))
 * (DL4J's UNIFORM, used here) and biases from the same range; DL4J starts biases at 0. The default
 * optimiser is torchvision's recipe for AlexNet: learning rate 0.01, momentum 0.9.
 */
public final class TorchvisionAlexNetBuilder extends ModelBuilder<TorchvisionAlexNetBuilder> {

    /** One module of torchvision's {@code features}: a convolution (then ReLU) or a 3x3/2 max-pool. */
    private record Stage(int filters, int kernel, int stride, int padding) {
        static final Stage MAX_POOL = new Stage(0, 3, 2, 0);

        static Stage conv(int filters, int kernel, int stride, int padding) {
            return new Stage(filters, kernel, stride, padding);
        }

        boolean isPool() {
            return filters == 0;
        }

        /** floor((in + 2p - k) / s) + 1, as PyTorch's Conv2d and MaxPool2d (ceil_mode false). */
        int outputSize(int in) {
            return Math.floorDiv(in + 2 * padding - kernel, stride) + 1;
        }
    }

    private static final List<Stage> FEATURES = List.of(
            Stage.conv(64, 11, 4, 2), Stage.MAX_POOL,
            Stage.conv(192, 5, 1, 2), Stage.MAX_POOL,
            Stage.conv(384, 3, 1, 1),
            Stage.conv(256, 3, 1, 1),
            Stage.conv(256, 3, 1, 1), Stage.MAX_POOL);

    static final int POOLED_SIZE = 6;
    private static final int HIDDEN = 4096;

    TorchvisionAlexNetBuilder() {
        super(1000, InputShape.of(3, 224, 224));
        updater(new Momentum(0.01, 0.9));
    }

    /** 8: five convolutions and three fully connected layers. */
    @Override
    public int depth() {
        return 8;
    }

    @Override
    public int minInputSize() {
        int side = 1;
        while (featureMapSize(side) < 1) {
            side++;
        }
        return side; // 63
    }

    /** The side of {@code features}' output for an input side, 0 if some layer would have no output. */
    static int featureMapSize(int side) {
        for (Stage stage : FEATURES) {
            side = stage.outputSize(side);
            if (side < 1) {
                return 0;
            }
        }
        return side;
    }

    @Override
    protected WeightInit weightInit() {
        return WeightInit.UNIFORM;
    }

    @Override
    protected void validate() {
        super.validate();
        AdaptiveAvgPool.requireExact("alexnet", inputShape(), TorchvisionAlexNetBuilder::featureMapSize,
                minInputSize(), POOLED_SIZE);
    }

    @Override
    protected ComputationGraphConfiguration buildConfiguration() {
        GraphBuilder graph = graphBuilder();
        Sequential features = new Sequential(graph, "features", INPUT);
        for (Stage stage : FEATURES) {
            if (stage.isPool()) {
                features.add(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(stage.kernel, stage.kernel)
                        .stride(stage.stride, stage.stride).convolutionMode(ConvolutionMode.Truncate).build());
            } else {
                features.add(new ConvolutionLayer.Builder(stage.kernel, stage.kernel).stride(stage.stride, stage.stride)
                        .padding(stage.padding, stage.padding).convolutionMode(ConvolutionMode.Truncate)
                        .nOut(stage.filters).hasBias(true).activation(Activation.IDENTITY).build());
                features.add(Layers.relu());
            }
        }
        int mapHeight = featureMapSize(inputShape().height());
        int mapWidth = featureMapSize(inputShape().width());
        graph.addLayer("avgpool", AdaptiveAvgPool.layer(mapHeight, mapWidth, POOLED_SIZE), features.output());

        Sequential classifier = new Sequential(graph, "classifier", "avgpool")
                .add(new DropoutLayer(0.5)).add(linear(HIDDEN)).add(Layers.relu()) // DL4J: retain probability
                .add(new DropoutLayer(0.5)).add(linear(HIDDEN)).add(Layers.relu())
                .add(Layers.softmaxClassifier(numClasses()));
        graph.setOutputs(classifier.output());
        return graph.build();
    }

    private static DenseLayer linear(int outputs) {
        return new DenseLayer.Builder().nOut(outputs).activation(Activation.IDENTITY).build();
    }
}
