package io.cnnzoo.onednn;

import io.cnnzoo.zoo.layers.GroupedConvolution;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oneDNN convolution against DL4J's built-in im2col convolution, output and gradients. */
class DnnlConvolutionHelperTest {

    /**
     * One convolution (then average pooling and a softmax layer, so that there is a loss to
     * differentiate) on inputs of C x S x S, batch 4.
     */
    @ParameterizedTest(name = "{0}->{1} k{2} s{3} p{4} d{5} {6} bias={7} {8}x{8}, oneDNN={9}")
    @CsvSource({
            "16, 16, 3, 1, 1, 1, Truncate, false, 12, true",   // a CIFAR ResNet block convolution
            "3, 16, 3, 1, 1, 1, Truncate, false, 12, true",    // the stem, on RGB
            "16, 32, 3, 2, 1, 1, Truncate, false, 12, true",   // a stage's first convolution, stride 2
            "16, 32, 1, 2, 0, 1, Truncate, false, 12, true",   // an option B projection: on an even size it
                                                               // skips the last row (negative bottom padding)
            "16, 32, 1, 2, 0, 1, Truncate, false, 11, true",   // the same on an odd size
            "1, 6, 5, 1, 2, 1, Truncate, true, 12, true",      // LeNet-5's first layer, with bias
            "6, 8, 5, 1, 0, 1, Truncate, true, 10, true",      // no padding
            "8, 8, 3, 2, 0, 1, Same, true, 9, true",           // Same mode, asymmetric padding
            "8, 8, 3, 1, 2, 2, Truncate, false, 12, true"})    // dilation 2
    void matchesDl4jsBuiltInConvolution(int in, int out, int kernel, int stride, int pad, int dilation,
                                        ConvolutionMode mode, boolean bias, int size, boolean oneDnnRuns) {
        check(in, out, kernel, stride, pad, dilation, mode, bias, size, oneDnnRuns, CNN2DFormat.NCHW);
    }

    /** The same with activations channels last (NHWC), where oneDNN needs no activation reorders. */
    @ParameterizedTest(name = "NHWC {0}->{1} k{2} s{3} p{4} {5} bias={6} {7}x{7}")
    @CsvSource({
            "16, 16, 3, 1, 1, Truncate, false, 12",
            "3, 16, 3, 1, 1, Truncate, false, 12",
            "16, 32, 3, 2, 1, Truncate, false, 12",
            "16, 32, 1, 2, 0, Truncate, false, 12",
            "8, 8, 3, 2, 0, Same, true, 9"})
    void matchesDl4jsBuiltInConvolutionChannelsLast(int in, int out, int kernel, int stride, int pad,
                                                    ConvolutionMode mode, boolean bias, int size) {
        check(in, out, kernel, stride, pad, 1, mode, bias, size, true, CNN2DFormat.NHWC);
    }

    /**
     * A zoo GroupedConvolution: oneDNN's one grouped primitive against the layer's own per-group libnd4j
     * convolutions (themselves held to the definition by the zoo's GroupedConvolutionTest).
     */
    @ParameterizedTest(name = "grouped {0}->{1} groups {2} k{3} s{4} bias={5} {6}")
    @CsvSource({
            "64, 64, 32, 3, 1, false, NCHW",    // a ResNeXt-50 32x4d stage-1 convolution, narrower
            "64, 128, 32, 3, 2, false, NCHW",   // a stage's first block, stride 2
            "96, 256, 2, 5, 1, true, NCHW",     // AlexNet-2012's conv2 (two towers)
            "64, 64, 32, 3, 2, false, NHWC",
            "48, 96, 2, 3, 1, true, NHWC"})
    void groupedConvolutionMatchesThePerGroupPath(int in, int out, int groups, int kernel, int stride, boolean bias,
                                                  CNN2DFormat format) {
        int size = 10;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT).seed(3).weightInit(WeightInit.RELU).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(size, size, in, format))
                .addLayer("conv", new GroupedConvolution.Builder(kernel, kernel).groups(groups).stride(stride, stride)
                        .padding(kernel / 2, kernel / 2).nOut(out).hasBias(bias).activation(Activation.RELU).build(),
                        "input")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("fc").build();
        ComputationGraph reference = Reference.builtIn(conf);
        if (bias) {
            reference.getLayer("conv").getParam("b").assign(Nd4j.linspace(-1, 1, out).reshape(out));
        }
        ComputationGraph fast = Reference.accelerated(reference);
        assertTrue(fast.getLayer("conv").getHelper() instanceof DnnlConvolutionHelper);
        assertEquals(null, reference.getLayer("conv").getHelper());

        Nd4j.getRandom().setSeed(9);
        INDArray input = format == CNN2DFormat.NHWC ? Nd4j.randn(DataType.FLOAT, 4, size, size, in)
                : Nd4j.randn(DataType.FLOAT, 4, in, size, size);
        Reference.assertClose(reference.outputSingle(false, input), fast.outputSingle(false, input), "inference output");
        Reference.assertClose(reference.feedForward(input, false).get("conv"), fast.feedForward(input, false).get("conv"),
                "convolution output");
        Reference.assertSameGradients(reference, fast, input, Reference.oneHot(4, 5));
        DnnlConvolutionHelper helper = (DnnlConvolutionHelper) fast.getLayer("conv").getHelper();
        assertTrue(helper.passes().forwardPasses() >= 3 && helper.passes().backwardPasses() == 1,
                helper.passes().toString());
    }

    private static void check(int in, int out, int kernel, int stride, int pad, int dilation, ConvolutionMode mode,
                              boolean bias, int size, boolean oneDnnRuns, CNN2DFormat format) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT).seed(3).weightInit(WeightInit.RELU).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(size, size, in, format))
                .addLayer("conv", new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
                        .padding(pad, pad).dilation(dilation, dilation).convolutionMode(mode).nOut(out)
                        .hasBias(bias).activation(Activation.RELU).build(), "input")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("fc").build();
        ComputationGraph reference = Reference.builtIn(conf);
        if (bias) { // non-zero biases, so that a missed bias would show
            reference.getLayer("conv").getParam("b").assign(Nd4j.linspace(-1, 1, out).reshape(1, out));
        }
        ComputationGraph fast = Reference.accelerated(reference);
        assertTrue(fast.getLayer("conv").getHelper() instanceof DnnlConvolutionHelper);

        Nd4j.getRandom().setSeed(9);
        INDArray input = format == CNN2DFormat.NHWC ? Nd4j.randn(DataType.FLOAT, 4, size, size, in)
                : Nd4j.randn(DataType.FLOAT, 4, in, size, size);
        Reference.assertClose(reference.feedForward(input, true).get("conv"), fast.feedForward(input, true).get("conv"),
                "training output");
        Reference.assertClose(reference.outputSingle(false, input), fast.outputSingle(false, input), "inference output");
        Reference.assertSameGradients(reference, fast, input, Reference.oneHot(4, 5));
        DnnlConvolutionHelper helper = (DnnlConvolutionHelper) fast.getLayer("conv").getHelper();
        // two training forwards (feedForward, gradient), one inference forward, and one more that DL4J's
        // layer makes in backprop to recompute the pre-activation (it caches none under CacheMode.NONE)
        assertEquals(oneDnnRuns ? 4 : 0, helper.passes().forwardPasses(), helper.passes().toString());
        assertEquals(oneDnnRuns ? 1 : 0, helper.passes().backwardPasses(), helper.passes().toString());
    }
}
