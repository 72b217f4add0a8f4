package io.cnnzoo.zoo.lenet;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.layers.Layers;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * LeNet-5 in its modern form (LeCun et al. 1998, Fig. 2, as today's tutorials build it): for a 28x28
 * input, conv1 6@5x5 with padding 2 (the paper's 32x32 input), ReLU, 2x2 max-pool, conv2 16@5x5 over all
 * six maps, ReLU, 2x2 max-pool, then dense layers 120, 84 and the classifier. 61,706 trainable parameters
 * for 1x28x28 input and 10 classes. Weights start as PyTorch's defaults, U(+-1/sqrt(fan_in)).
 *
 * <p>Vertex names: {@code conv1}, {@code pool1}, {@code conv2}, {@code pool2}, {@code fc1}, {@code fc2},
 * {@code fc3} (the PyTorch tutorial's {@code Net}); the ReLUs are part of the conv and dense layers.
 */
public final class LeNet5Builder extends ModelBuilder<LeNet5Builder> {

    LeNet5Builder() {
        super(10, InputShape.of(1, 28, 28));
    }

    /** 5: conv1, conv2, fc1, fc2, fc3. */
    @Override
    public int depth() {
        return 5;
    }

    @Override
    public int minInputSize() {
        return 12; // conv2 (5x5, no padding) needs 5x5 after the first pool; pool2 needs 2x2 after it
    }

    @Override
    protected WeightInit weightInit() {
        return WeightInit.UNIFORM;
    }

    @Override
    protected ComputationGraphConfiguration buildConfiguration() {
        GraphBuilder graph = graphBuilder();
        graph.addLayer("conv1", convRelu(6, 2), INPUT);
        graph.addLayer("pool1", maxPool2x2(), "conv1");
        graph.addLayer("conv2", convRelu(16, 0), "pool1");
        graph.addLayer("pool2", maxPool2x2(), "conv2");
        graph.addLayer("fc1", new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build(), "pool2");
        graph.addLayer("fc2", new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build(), "fc1");
        graph.addLayer("fc3", Layers.softmaxClassifier(numClasses()), "fc2");
        graph.setOutputs("fc3");
        return graph.build();
    }

    private static ConvolutionLayer convRelu(int outChannels, int padding) {
        return new ConvolutionLayer.Builder(5, 5).padding(padding, padding).convolutionMode(ConvolutionMode.Truncate)
                .nOut(outChannels).activation(Activation.RELU).build();
    }

    private static SubsamplingLayer maxPool2x2() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).build();
    }
}
