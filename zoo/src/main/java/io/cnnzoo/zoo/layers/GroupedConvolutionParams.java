package io.cnnzoo.zoo.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of a {@link GroupedConvolution}: weights {@code W} of shape {@code [nOut, nIn / groups, kH, kW]}
 * (c order, PyTorch's layout) and, if the layer has one, the bias {@code b} of {@code nOut} values, stored
 * as DL4J stores a convolution's: the bias first, then the weights.
 *
 * <p>Initialisation uses the fan-in of one output value, {@code nIn / groups * kH * kW}, as PyTorch does
 * for grouped convolutions, so He initialisation keeps the activations' scale.
 */
final class GroupedConvolutionParams extends ConvolutionParamInitializer {

    static final GroupedConvolutionParams INSTANCE = new GroupedConvolutionParams();

    private GroupedConvolutionParams() {
    }

    @Override
    public long numParams(Layer layer) {
        GroupedConvolution conf = (GroupedConvolution) layer;
        return weightCount(conf) + (conf.hasBias() ? conf.getNOut() : 0);
    }

    private static long weightCount(GroupedConvolution conf) {
        long[] shape = weightShape(conf);
        return shape[0] * shape[1] * shape[2] * shape[3];
    }

    /** {@code [nOut, nIn / groups, kH, kW]}. */
    static long[] weightShape(GroupedConvolution conf) {
        int[] kernel = conf.getKernelSize();
        return new long[]{conf.getNOut(), conf.getNIn() / conf.getGroups(), kernel[0], kernel[1]};
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        GroupedConvolution layer = (GroupedConvolution) conf.getLayer();
        INDArray flat = paramsView.reshape(paramsView.length());
        Map<String, INDArray> params = new LinkedHashMap<>();
        long offset = 0;
        if (layer.hasBias()) {
            INDArray bias = flat.get(NDArrayIndex.interval(0, layer.getNOut()));
            if (initializeParams) {
                bias.assign(layer.getBiasInit());
            }
            params.put(BIAS_KEY, bias);
            conf.addVariable(BIAS_KEY);
            offset = layer.getNOut();
        }
        INDArray weightView = flat.get(NDArrayIndex.interval(offset, offset + weightCount(layer)));
        params.put(WEIGHT_KEY, weights(layer, weightView, initializeParams));
        conf.addVariable(WEIGHT_KEY);
        return params; // in memory order: DL4J's updater walks the table as it walks the flat view
    }

    private static INDArray weights(GroupedConvolution layer, INDArray view, boolean initialize) {
        long[] shape = weightShape(layer);
        if (!initialize) {
            return WeightInitUtil.reshapeWeights(shape, view, 'c');
        }
        int[] stride = layer.getStride();
        double fanIn = shape[1] * shape[2] * shape[3];
        double fanOut = shape[0] * shape[2] * shape[3] / ((double) stride[0] * stride[1]);
        return layer.getWeightInitFn().init(fanIn, fanOut, shape, 'c', view);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        GroupedConvolution layer = (GroupedConvolution) conf.getLayer();
        INDArray flat = gradientView.reshape(gradientView.length());
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        long offset = 0;
        if (layer.hasBias()) {
            gradients.put(BIAS_KEY, flat.get(NDArrayIndex.interval(0, layer.getNOut())));
            offset = layer.getNOut();
        }
        gradients.put(WEIGHT_KEY, flat.get(NDArrayIndex.interval(offset, offset + weightCount(layer)))
                .reshape('c', weightShape(layer)));
        return gradients;
    }
}
