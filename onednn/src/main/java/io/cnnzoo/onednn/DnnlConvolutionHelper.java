package io.cnnzoo.onednn;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;

/**
 * A DL4J {@link ConvolutionHelper} over oneDNN's direct convolution, for one layer: DL4J's convolution
 * layer, or a zoo {@code GroupedConvolution} (oneDNN computes all groups in one primitive). Primitives are
 * built once per input geometry and kept; tensors are converted to oneDNN's preferred layouts in reused
 * buffers. NCHW and NHWC layers alike. Returning null from a pass tells DL4J to use its built-in path
 * for that call, which happens for non-float data.
 */
public final class DnnlConvolutionHelper implements ConvolutionHelper {

    private final Map<ConvolutionGeometry, Convolution> primitives = new HashMap<>();
    private final PassCounter passes = new PassCounter();
    private final int groups;

    /** For an ordinary convolution. */
    public DnnlConvolutionHelper() {
        this(1);
    }

    /** For a convolution in {@code groups} groups, weights [K, C / groups, kh, kw]. */
    public DnnlConvolutionHelper(int groups) {
        this.groups = groups;
    }

    @Override
    public boolean checkSupported() {
        return OneDnnRuntime.enabled();
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
                              CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        ConvolutionGeometry g = geometry(input, weights, strides, pad, dilation, convolutionMode, format, bias != null,
                groups);
        if (g == null) {
            return null;
        }
        INDArray x = NativeArrays.densified(input);
        INDArray w = NativeArrays.densified(weights);
        INDArray b = bias == null ? null : NativeArrays.densified(bias);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, g.dstShape(), 'c');
        convolution(g).forward(NativeArrays.address(x), NativeArrays.address(w),
                b == null ? 0 : NativeArrays.address(b), NativeArrays.address(out));
        passes.forward();
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn, AlgoMode mode,
                                                     BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        // DL4J passes a bias gradient view even for layers without bias; only 'bias' says whether there is one.
        ConvolutionGeometry g = geometry(input, weights, strides, pad, dilation, convolutionMode, format, bias != null,
                groups);
        if (g == null || !NativeArrays.dense(weightGradView) || (bias != null && !NativeArrays.dense(biasGradView))) {
            return null;
        }
        INDArray x = NativeArrays.densified(input);
        INDArray w = NativeArrays.densified(weights);
        INDArray dy = NativeArrays.densified(delta);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, g.srcShape(), 'c');
        convolution(g).backward(NativeArrays.address(x), NativeArrays.address(w), NativeArrays.address(dy),
                NativeArrays.address(dx), NativeArrays.address(weightGradView),
                bias == null ? 0 : NativeArrays.address(biasGradView));

        passes.backward();
        Gradient gradient = new DefaultGradient();
        if (bias != null) {
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
        return new Pair<>(gradient, dx);
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return afn.getActivation(z, training);
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    /** How many forward and backward passes oneDNN ran for this layer (DL4J's own code ran the others). */
    public PassCounter passes() {
        return passes;
    }

    /** The implementation oneDNN chose for each geometry seen so far (for diagnostics). */
    public Map<String, String> implementations() {
        Map<String, String> result = new HashMap<>();
        primitives.forEach((g, c) -> result.put(g.toString(), c.implementation()));
        return result;
    }

    private Convolution convolution(ConvolutionGeometry g) {
        return primitives.computeIfAbsent(g, Convolution::new);
    }

    private static ConvolutionGeometry geometry(INDArray input, INDArray weights, int[] strides, int[] pad,
                                                int[] dilation, ConvolutionMode mode, CNN2DFormat format,
                                                boolean bias, int groups) {
        if (input.rank() != 4 || input.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT) {
            return null;
        }
        return ConvolutionGeometry.of(input.shape(), weights.shape(), strides, pad, dilation, mode, bias,
                format == CNN2DFormat.NHWC, groups);
    }
}
