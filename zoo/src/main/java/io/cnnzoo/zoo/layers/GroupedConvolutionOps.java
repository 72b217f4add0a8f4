package io.cnnzoo.zoo.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A grouped convolution computed by definition with ND4J's own operations: group g's filters convolve
 * group g's input channels with libnd4j's {@code conv2d} (and {@code conv2d_bp} backwards), writing
 * straight into group g's channels of the result. Arrays are NCHW (callers permute NHWC views); weights
 * are {@code [nOut, nIn / groups, kH, kW]}.
 */
final class GroupedConvolutionOps {

    /** libnd4j's {@code conv2d} integer arguments after the geometry: padding mode, NCHW, OIHW weights. */
    private static final int NCHW = 0;
    private static final int OIHW = 1;

    /**
     * @param kernel   kH, kW
     * @param strides  sH, sW
     * @param padding  pH, pW (ignored in Same mode, where libnd4j computes it)
     * @param dilation dH, dW
     */
    record Geometry(int groups, int[] kernel, int[] strides, int[] padding, int[] dilation, boolean sameMode) {

        private int[] integerArguments() {
            return new int[]{kernel[0], kernel[1], strides[0], strides[1], padding[0], padding[1], dilation[0],
                    dilation[1], sameMode ? 1 : 0, NCHW, OIHW};
        }
    }

    private GroupedConvolutionOps() {
    }

    /** {@code output = conv(input, weights) + bias}, bias may be null; output is NCHW and may be a view. */
    static void forward(INDArray input, INDArray weights, INDArray bias, INDArray output, Geometry g) {
        for (int group = 0; group < g.groups(); group++) {
            INDArray[] inputs = bias == null
                    ? new INDArray[]{channels(input, group, g), filters(weights, group, g)}
                    : new INDArray[]{channels(input, group, g), filters(weights, group, g), biasOf(bias, group, g)};
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(channels(output, group, g))
                    .addIntegerArguments(g.integerArguments()).build());
        }
    }

    /**
     * From the output's gradient {@code delta}, the input's gradient into {@code inputGradient} and the
     * weights' (and bias's, if {@code bias} is not null) into their gradient arrays. All NCHW.
     */
    static void backward(INDArray input, INDArray weights, INDArray bias, INDArray delta, INDArray inputGradient,
                         INDArray weightGradient, INDArray biasGradient, Geometry g) {
        for (int group = 0; group < g.groups(); group++) {
            INDArray x = channels(input, group, g);
            INDArray w = filters(weights, group, g);
            INDArray dy = channels(delta, group, g);
            INDArray dx = channels(inputGradient, group, g);
            INDArray dw = filters(weightGradient, group, g);
            INDArray[] inputs = bias == null ? new INDArray[]{x, w, dy} : new INDArray[]{x, w, biasOf(bias, group, g), dy};
            INDArray[] outputs = bias == null ? new INDArray[]{dx, dw} : new INDArray[]{dx, dw, biasOf(biasGradient, group, g)};
            Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs)
                    .addIntegerArguments(g.integerArguments()).build());
        }
    }

    /** Group {@code group}'s channels of an NCHW activation (a view). */
    private static INDArray channels(INDArray nchw, int group, Geometry g) {
        long perGroup = nchw.size(1) / g.groups();
        return nchw.get(NDArrayIndex.all(), NDArrayIndex.interval(group * perGroup, (group + 1) * perGroup),
                NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** Group {@code group}'s filters (a view of whole rows). */
    private static INDArray filters(INDArray weights, int group, Geometry g) {
        long perGroup = weights.size(0) / g.groups();
        INDArrayIndex[] index = {NDArrayIndex.interval(group * perGroup, (group + 1) * perGroup), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.all()};
        return weights.get(index);
    }

    private static INDArray biasOf(INDArray bias, int group, Geometry g) {
        INDArray flat = bias.reshape(bias.length());
        long perGroup = flat.length() / g.groups();
        return flat.get(NDArrayIndex.interval(group * perGroup, (group + 1) * perGroup));
    }
}
