package io.cnnzoo.zoo.layers;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The runtime layer of a {@link GroupedConvolution}. It computes with {@link GroupedConvolutionOps}
 * (libnd4j's convolution once per group) unless an accelerator gave it a {@link ConvolutionHelper} for
 * all groups at once ({@link #setHelper}); a helper returning null hands the call back, as DL4J's helpers do.
 */
public class GroupedConvolutionLayer extends BaseLayer<GroupedConvolution> {

    private ConvolutionHelper helper;

    public GroupedConvolutionLayer(NeuralNetConfiguration conf, org.nd4j.linalg.api.buffer.DataType dataType) {
        super(conf, dataType);
    }

    /** A helper that computes the whole grouped convolution (it must honour {@link GroupedConvolution#getGroups()}). */
    public void setHelper(ConvolutionHelper helper) {
        this.helper = helper;
    }

    @Override
    public LayerHelper getHelper() {
        return helper;
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return layerConf().hasBias();
    }

    @Override
    public void setParams(org.nd4j.linalg.api.ndarray.INDArray params) {
        setParams(params, 'c'); // the weights are c order, as a convolution's
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        return layerConf().getActivationFn().getActivation(preOutput(training, workspaceMgr), training);
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray bias = hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
        INDArray input = validatedInput();
        int[] pad = padding(input);
        if (helper != null) {
            GroupedConvolution c = layerConf();
            INDArray out = helper.preOutput(input, weights, bias, c.getKernelSize(), c.getStride(), pad,
                    c.getCudnnAlgoMode(), c.getCudnnFwdAlgo(), c.getConvolutionMode(), c.getDilation(),
                    c.getCnn2dDataFormat(), workspaceMgr);
            if (out != null) {
                return out;
            }
        }
        int[] outSize = outputSize(input, pad);
        long n = input.size(0);
        long channels = layerConf().getNOut();
        INDArray output = channelsLast()
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), n, outSize[0], outSize[1], channels)
                : workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), n, channels, outSize[0], outSize[1]);
        GroupedConvolutionOps.forward(nchw(input), weights, bias, nchw(output), geometry(pad));
        return output;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray bias = hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr) : null;
        INDArray input = validatedInput();
        int[] pad = padding(input);
        INDArray delta = activationGradient(epsilon.castTo(dataType), workspaceMgr);
        INDArray weightGradient = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray biasGradient = hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;

        INDArray inputGradient = null;
        if (helper != null) {
            GroupedConvolution c = layerConf();
            Pair<Gradient, INDArray> result = helper.backpropGradient(input, weights, bias, delta, c.getKernelSize(),
                    c.getStride(), pad, biasGradient, weightGradient, c.getActivationFn(), c.getCudnnAlgoMode(),
                    c.getCudnnBwdFilterAlgo(), c.getCudnnBwdDataAlgo(), c.getConvolutionMode(), c.getDilation(),
                    c.getCnn2dDataFormat(), workspaceMgr);
            if (result != null) {
                inputGradient = result.getSecond();
            }
        }
        if (inputGradient == null) {
            inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
            GroupedConvolutionOps.backward(nchw(input), weights, bias, nchw(delta), nchw(inputGradient),
                    weightGradient, biasGradient, geometry(pad));
        }
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradient);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient, 'c');
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(inputGradient));
    }

    /** The gradient before the activation function; the zoo's grouped convolutions have none (identity). */
    private INDArray activationGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        IActivation fn = layerConf().getActivationFn();
        if (fn instanceof ActivationIdentity) {
            return epsilon;
        }
        return fn.backprop(preOutput(true, workspaceMgr), epsilon).getFirst();
    }

    private INDArray validatedInput() {
        INDArray in = input.castTo(dataType);
        if (in.rank() != 4) {
            throw new DL4JInvalidInputException("grouped convolution " + layerId() + " expects a rank-4 activation ("
                    + layerConf().getCnn2dDataFormat() + "), got shape " + Arrays.toString(in.shape()));
        }
        long channels = in.size(channelsLast() ? 3 : 1);
        if (channels != layerConf().getNIn()) {
            throw new DL4JInvalidInputException("grouped convolution " + layerId() + " expects "
                    + layerConf().getNIn() + " input channels (" + layerConf().getCnn2dDataFormat() + "), got shape "
                    + Arrays.toString(in.shape()));
        }
        return in;
    }

    private boolean channelsLast() {
        return layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
    }

    /** An NCHW view of an activation in the layer's layout. */
    private INDArray nchw(INDArray activation) {
        return channelsLast() ? activation.permute(0, 3, 1, 2) : activation;
    }

    /** Top and left padding: the configuration's, or in Same mode what DL4J computes for this input. */
    private int[] padding(INDArray input) {
        GroupedConvolution c = layerConf();
        if (c.getConvolutionMode() != ConvolutionMode.Same) {
            return c.getPadding();
        }
        INDArray x = nchw(input);
        int[] outSize = ConvolutionUtils.getOutputSize(x, c.getKernelSize(), c.getStride(), null,
                ConvolutionMode.Same, c.getDilation(), CNN2DFormat.NCHW);
        return ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[]{(int) x.size(2), (int) x.size(3)},
                c.getKernelSize(), c.getStride(), c.getDilation());
    }

    private int[] outputSize(INDArray input, int[] pad) {
        GroupedConvolution c = layerConf();
        return ConvolutionUtils.getOutputSize(nchw(input), c.getKernelSize(), c.getStride(),
                c.getConvolutionMode() == ConvolutionMode.Same ? null : pad, c.getConvolutionMode(), c.getDilation(),
                CNN2DFormat.NCHW);
    }

    private GroupedConvolutionOps.Geometry geometry(int[] pad) {
        GroupedConvolution c = layerConf();
        return new GroupedConvolutionOps.Geometry(c.getGroups(), c.getKernelSize(), c.getStride(), pad,
                c.getDilation(), c.getConvolutionMode() == ConvolutionMode.Same);
    }
}
