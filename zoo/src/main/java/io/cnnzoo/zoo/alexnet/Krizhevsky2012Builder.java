package io.cnnzoo.zoo.alexnet;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.layers.GroupedConvolution;
import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.optim.Momentum;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * AlexNet as published (Krizhevsky, Sutskever, Hinton, "ImageNet Classification with Deep Convolutional
 * Neural Networks", NIPS 2012, Sec. 3.5 and Fig. 2), with the two GPU towers as grouped convolutions:
 *
 * <pre>
 * conv1  96@11x11 stride 4 over all 3 channels, ReLU, LRN, max-pool 3x3/2      55 -> 27
 * conv2  256@5x5 pad 2 in two groups (48 -> 128 each), ReLU, LRN, max-pool     27 -> 13
 * conv3  384@3x3 pad 1 over all 256 maps (the towers talk here), ReLU          13
 * conv4  384@3x3 pad 1 in two groups (192 -> 192 each), ReLU                   13
 * conv5  256@3x3 pad 1 in two groups (192 -> 128 each), ReLU, max-pool         13 -> 6
 * fc6    4096, ReLU, dropout; fc7 4096, ReLU, dropout; fc8 softmax
 * </pre>
 *
 * 60,965,224 trainable parameters for 1000 classes.
 *
 * <p>Input size: the paper says 224x224, but (224 - 11) / 4 + 1 is not an integer; 227 (Caffe's choice)
 * gives 55 without padding. Here the default input is the paper's 224 with padding 2 on conv1, so that
 * floor((224 + 4 - 11) / 4) + 1 = 55 and every map matches Fig. 2 (55, 27, 13, 13, 13, 6); it is
 * torchvision's choice too. Other sizes from 63x63 work; fc6's input is then 256 x s x s for a pool5 side s.
 *
 * <p>Vertex names follow Caffe's {@code bvlc_alexnet}, this very network: {@code conv1}, {@code relu1},
 * {@code norm1}, {@code pool1}, {@code conv2}, ..., {@code pool5}, {@code fc6}, {@code relu6},
 * {@code drop6}, {@code fc7}, {@code relu7}, {@code drop7}, {@code fc8}. conv2, conv4 and conv5 are
 * {@link GroupedConvolution}s with two groups: group 0's filters (the first half) see the first half of
 * the input maps, as {@code nn.Conv2d(groups=2)} and Caffe's {@code group: 2}.
 *
 * <p>Local response normalisation (Sec. 3.3): b = a / (k + alpha sum a^2)^beta over n = 5 adjacent maps,
 * k = 2, alpha = 1e-4, beta = 0.75, applied across all maps of the layer (N is "the total number of
 * kernels in the layer"). DL4J multiplies the sum by alpha as the paper does (Caffe divides alpha by n).
 *
 * <p>Initialisation and training defaults from Sec. 5: weights N(0, 0.01); biases 1 in conv2, conv4, conv5,
 * fc6 and fc7, 0 elsewhere; learning rate 0.01, momentum 0.9 (DL4J's Nesterov form), weight decay 5e-4.
 * Dropout (Sec. 4.2) zeroes each output of fc6 and fc7 with probability 0.5 while training; DL4J scales
 * the kept outputs by 2 instead of halving them at test time, which gives the same expected value.
 */
public final class Krizhevsky2012Builder extends ModelBuilder<Krizhevsky2012Builder> {

    /** GPU towers: convolutions 2, 4 and 5 see only their own tower's maps. */
    static final int GROUPS = 2;
    private static final int HIDDEN = 4096;
    private static final NormalDistribution WEIGHTS = new NormalDistribution(0, 0.01);

    Krizhevsky2012Builder() {
        super(1000, InputShape.of(3, 224, 224));
        updater(new Momentum(0.01, 0.9));
        weightDecay(5e-4);
        biasDecay(0); // Sec. 5's update rule decays the weights w only
    }

    /** 8: five convolutions and three fully connected layers (Sec. 3.5). */
    @Override
    public int depth() {
        return 8;
    }

    @Override
    public int minInputSize() {
        return 63; // pool5 needs a 3x3 map: 63 -> conv1 15 -> pool1 7 -> pool2 3 -> pool5 1
    }

    @Override
    protected ComputationGraphConfiguration buildConfiguration() {
        GraphBuilder graph = graphBuilder();
        graph.addLayer("conv1", conv(96, 11, 4, 2, 0), INPUT);
        graph.addLayer("relu1", Layers.relu(), "conv1");
        graph.addLayer("norm1", lrn(), "relu1");
        graph.addLayer("pool1", maxPool(), "norm1");

        graph.addLayer("conv2", groupedConv(256, 5, 2), "pool1");
        graph.addLayer("relu2", Layers.relu(), "conv2");
        graph.addLayer("norm2", lrn(), "relu2");
        graph.addLayer("pool2", maxPool(), "norm2");

        graph.addLayer("conv3", conv(384, 3, 1, 1, 0), "pool2");
        graph.addLayer("relu3", Layers.relu(), "conv3");
        graph.addLayer("conv4", groupedConv(384, 3, 1), "relu3");
        graph.addLayer("relu4", Layers.relu(), "conv4");
        graph.addLayer("conv5", groupedConv(256, 3, 1), "relu4");
        graph.addLayer("relu5", Layers.relu(), "conv5");
        graph.addLayer("pool5", maxPool(), "relu5");

        graph.addLayer("fc6", dense(HIDDEN), "pool5");
        graph.addLayer("relu6", Layers.relu(), "fc6");
        graph.addLayer("drop6", new DropoutLayer(0.5), "relu6"); // DL4J's argument is the retain probability
        graph.addLayer("fc7", dense(HIDDEN), "drop6");
        graph.addLayer("relu7", Layers.relu(), "fc7");
        graph.addLayer("drop7", new DropoutLayer(0.5), "relu7");
        graph.addLayer("fc8", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses())
                .activation(Activation.SOFTMAX).weightInit(WEIGHTS).biasInit(0).build(), "drop7");
        graph.setOutputs("fc8");
        return graph.build();
    }

    /** A convolution of the two towers: {@link #GROUPS} groups, stride 1, biases starting at 1 (Sec. 5). */
    private static GroupedConvolution groupedConv(int filters, int kernel, int padding) {
        return new GroupedConvolution.Builder(kernel, kernel)
                .groups(GROUPS)
                .padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate)
                .nOut(filters)
                .activation(Activation.IDENTITY)
                .weightInit(WEIGHTS)
                .biasInit(1)
                .build();
    }

    private static ConvolutionLayer conv(int filters, int kernel, int stride, int padding, double bias) {
        return new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate)
                .nOut(filters)
                .activation(Activation.IDENTITY)
                .weightInit(WEIGHTS)
                .biasInit(bias)
                .build();
    }

    private static DenseLayer dense(int outputs) {
        return new DenseLayer.Builder().nOut(outputs).activation(Activation.IDENTITY)
                .weightInit(WEIGHTS).biasInit(1).build();
    }

    /** Sec. 3.3: k = 2, n = 5, alpha = 1e-4, beta = 0.75. */
    private LocalResponseNormalization lrn() {
        return new LocalResponseNormalization.Builder().k(2).n(5).alpha(1e-4).beta(0.75)
                .dataFormat(dataFormat()).build();
    }

    /** Overlapping pooling (Sec. 3.4): 3x3 windows, stride 2. */
    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).build();
    }
}
