package io.cnnzoo.zoo.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * A 2D convolution whose input and output channels are split into {@code groups} equal groups, group g
 * of the output seeing only group g of the input: PyTorch's {@code nn.Conv2d(groups=G)}, the towers of
 * AlexNet (G = 2) and the cardinality of ResNeXt (G = 32). The weights have PyTorch's shape
 * {@code [nOut, nIn / G, kH, kW]}; group g's filters are rows {@code g * nOut / G} onwards. With G = 1 it is
 * an ordinary convolution.
 *
 * <p>DL4J 1.0.0-M2.1 has no grouped convolution; splitting the input with one subset vertex, one
 * convolution and one merge per group works but gives ResNeXt-101 thousands of vertices and runs a
 * training pass 5-30x slower (docs/performance.md has the measurement). This layer keeps one vertex. It runs as G convolutions of libnd4j, or as one
 * oneDNN primitive where cnnzoo-onednn gives it a helper ({@link GroupedConvolutionLayer#setHelper}).
 * Everything else (shapes, padding, convolution mode, NCHW/NHWC) is DL4J's {@link ConvolutionLayer}'s.
 * It is saved in the graph's JSON under this class name, so a graph using it loads wherever cnnzoo-zoo is
 * on the classpath.
 */
public class GroupedConvolution extends ConvolutionLayer {

    private int groups = 1;

    /** For JSON deserialisation. */
    public GroupedConvolution() {
    }

    private GroupedConvolution(Builder builder) {
        super(builder);
        this.groups = builder.groups;
        this.cnn2dDataFormat = builder.dataFormat;
    }

    public int getGroups() {
        return groups;
    }

    public void setGroups(int groups) {
        this.groups = groups;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        if (nIn % groups != 0) {
            throw new IllegalArgumentException("grouped convolution '" + getLayerName() + "' has " + nIn
                    + " input channels, which do not split into " + groups + " equal groups");
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("GroupedConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
        GroupedConvolutionLayer layer = new GroupedConvolutionLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return GroupedConvolutionParams.INSTANCE;
    }

    @Override
    public GroupedConvolution clone() {
        return (GroupedConvolution) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupedConvolution other && other.groups == groups && super.equals(o);
    }

    /** Lombok's equals asks the other side: a plain ConvolutionLayer never equals a grouped one, either way. */
    @Override
    protected boolean canEqual(Object other) {
        return other instanceof GroupedConvolution;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + groups;
    }

    @Override
    public String toString() {
        return "GroupedConvolution(groups=" + groups + ", " + super.toString() + ")";
    }

    /**
     * Builds a {@link GroupedConvolution}: {@code new GroupedConvolution.Builder(3, 3).groups(32).nOut(128)
     * .stride(2, 2).padding(1, 1).hasBias(false).build()}.
     */
    public static class Builder extends BaseConvBuilder<Builder> {

        private int groups = 1;
        private org.deeplearning4j.nn.conf.CNN2DFormat dataFormat = org.deeplearning4j.nn.conf.CNN2DFormat.NCHW;

        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        /** The number of groups, at least 1; input and output channels must both divide by it. */
        public Builder groups(int groups) {
            if (groups < 1) {
                throw new IllegalArgumentException("groups must be at least 1, got " + groups);
            }
            this.groups = groups;
            return this;
        }

        /** The activations' layout; a graph builder with input types sets it from the input anyway. */
        public Builder dataFormat(org.deeplearning4j.nn.conf.CNN2DFormat dataFormat) {
            this.dataFormat = dataFormat;
            return this;
        }

        @Override
        protected boolean allowCausal() {
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GroupedConvolution build() {
            ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
            ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
            if (nOut > 0 && nOut % groups != 0) {
                throw new IllegalArgumentException("a grouped convolution's " + nOut
                        + " output channels do not split into " + groups + " equal groups");
            }
            return new GroupedConvolution(this);
        }
    }
}
