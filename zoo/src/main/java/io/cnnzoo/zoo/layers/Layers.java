package io.cnnzoo.zoo.layers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The layer configurations the zoo's families share, with padding and bias rules in one place
 * (torchvision's {@code conv3x3}/{@code conv1x1}). Convolutions that feed a batch normalisation have
 * no bias: BN's beta makes it redundant.
 */
public final class Layers {

    private Layers() {
    }

    /** 3x3 convolution, padding 1, no bias, no activation: keeps the map size at stride 1. */
    public static ConvolutionLayer conv3x3(int outChannels, int stride) {
        return conv(3, outChannels, stride, 1);
    }

    /** 1x1 convolution, no padding, no bias, no activation: the projection shortcut. */
    public static ConvolutionLayer conv1x1(int outChannels, int stride) {
        return conv(1, outChannels, stride, 0);
    }

    /** A square convolution without bias or activation; output size floor((in + 2p - k) / s) + 1. */
    public static ConvolutionLayer conv(int kernel, int outChannels, int stride, int padding) {
        return new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate)
                .nOut(outChannels)
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .build();
    }

    /**
     * A square convolution in {@code groups} groups, without bias or activation (torchvision's
     * {@code conv3x3(..., groups)} in ResNeXt): see {@link GroupedConvolution}. One group is a plain
     * {@link #conv}.
     */
    public static ConvolutionLayer groupedConv(int kernel, int outChannels, int stride, int padding, int groups) {
        if (groups == 1) {
            return conv(kernel, outChannels, stride, padding);
        }
        return new GroupedConvolution.Builder(kernel, kernel)
                .groups(groups)
                .stride(stride, stride)
                .padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate)
                .nOut(outChannels)
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .build();
    }

    /**
     * Batch normalisation, eps 1e-5 and running-average momentum 0.1 as in PyTorch (DL4J's decay is the
     * weight of the old running mean: 0.9). No activation: DL4J 1.0.0-M2.1's BatchNormalization layer
     * accepts an activation in its configuration but never applies it, so a ReLU after BN must be its
     * own layer ({@link #relu()}). The running variance is stored as a variance (PyTorch's
     * {@code running_var}), not DL4J's default log10 of the standard deviation. Gamma and beta take the
     * model's weight decay as in PyTorch ({@link DecayedBatchNormalization}).
     */
    public static BatchNormalization batchNorm() {
        DecayedBatchNormalization bn = new DecayedBatchNormalization();
        bn.setEps(1e-5);
        bn.setDecay(0.9);
        bn.setUseLogStd(false);
        bn.setActivationFn(Activation.IDENTITY.getActivationFunction());
        return bn;
    }

    public static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    /** Global average pooling to one value per channel (torchvision's {@code AdaptiveAvgPool2d(1)}). */
    public static GlobalPoolingLayer globalAveragePool() {
        return new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
    }

    /** Keeps every {@code stride}-th pixel in each direction: x[:, :, ::stride, ::stride]. */
    public static SubsamplingLayer subsample(int stride) {
        return new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(1, 1)
                .stride(stride, stride)
                .convolutionMode(ConvolutionMode.Truncate)
                .build();
    }

    /**
     * The classifier: a dense layer with softmax, trained with cross-entropy. Its weights start as
     * PyTorch's {@code nn.Linear} does, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (DL4J's UNIFORM), so that the
     * initial loss is near ln(classes) rather than inflated by He-scaled logits.
     */
    public static OutputLayer softmaxClassifier(int numClasses) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(numClasses)
                .activation(Activation.SOFTMAX)
                .weightInit(WeightInit.UNIFORM)
                .build();
    }
}
