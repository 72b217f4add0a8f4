package io.cnnzoo.zoo.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Selects some channels of a CNN activation, in the given order: the "connection table" of LeNet-5's C3
 * (LeCun et al. 1998, Table I) and the two GPU towers of AlexNet (Krizhevsky et al. 2012, Fig. 2), where
 * a convolution sees only part of the previous layer's maps. The channels need not be contiguous.
 *
 * <p>DL4J 1.0.0-M2.1's own {@code SubsetVertex} cannot do this: its shape inference reports
 * {@code from - to + 1} channels for CNN input (so the next layer gets a wrong {@code nIn}), it always
 * slices dimension 1 (wrong for NHWC), and it takes one contiguous range only.
 *
 * <p>The memory layout is part of the configuration ({@link #getDataFormat()}), because a vertex learns
 * nothing about its input's layout when it is instantiated; shape inference rejects an input of the
 * other layout. Saved as JSON under this class's name, so a graph using it loads with
 * {@code ModelSerializer} wherever cnnzoo-zoo is on the classpath.
 */
public final class ChannelSubsetVertex extends GraphVertex {

    @JsonProperty("channels")
    private final int[] channels;
    @JsonProperty("dataFormat")
    private final CNN2DFormat dataFormat;

    /**
     * @param dataFormat the layout of the input (and output) activations
     * @param channels   the input channels to keep, in output order; distinct, each at least 0
     */
    @JsonCreator
    public ChannelSubsetVertex(@JsonProperty("dataFormat") CNN2DFormat dataFormat,
                               @JsonProperty("channels") int... channels) {
        this.dataFormat = Objects.requireNonNull(dataFormat, "dataFormat");
        if (channels == null || channels.length == 0) {
            throw new IllegalArgumentException("a channel subset needs at least one channel");
        }
        if (Arrays.stream(channels).anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("channel indices must be >= 0, got " + Arrays.toString(channels));
        }
        if (Arrays.stream(channels).distinct().count() != channels.length) {
            throw new IllegalArgumentException("channel indices must be distinct, got " + Arrays.toString(channels));
        }
        this.channels = channels.clone();
    }

    /** Channels {@code from} (inclusive) to {@code to} (exclusive), as Python's {@code x[:, from:to]}. */
    public static ChannelSubsetVertex range(CNN2DFormat dataFormat, int from, int to) {
        if (to <= from) {
            throw new IllegalArgumentException("empty channel range [" + from + ", " + to + ")");
        }
        return new ChannelSubsetVertex(dataFormat, IntStream.range(from, to).toArray());
    }

    public int[] getChannels() {
        return channels.clone();
    }

    public CNN2DFormat getDataFormat() {
        return dataFormat;
    }

    @Override
    public ChannelSubsetVertex clone() {
        return new ChannelSubsetVertex(dataFormat, channels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelSubsetVertex other && dataFormat == other.dataFormat
                && Arrays.equals(channels, other.channels);
    }

    @Override
    public int hashCode() {
        return 31 * dataFormat.hashCode() + Arrays.hashCode(channels);
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new ChannelSubsetVertexImpl(graph, name, idx, channels, dataFormat, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional in)) {
            throw new InvalidInputTypeException("ChannelSubsetVertex takes one CNN activation, got "
                    + Arrays.toString(vertexInputs));
        }
        if (in.getFormat() != dataFormat) {
            throw new InvalidInputTypeException("ChannelSubsetVertex is configured for " + dataFormat
                    + " activations but its input is " + in.getFormat());
        }
        int max = Arrays.stream(channels).max().orElseThrow();
        if (max >= in.getChannels()) {
            throw new InvalidInputTypeException("channel " + max + " selected from an input with only "
                    + in.getChannels() + " channels (" + in + ")");
        }
        return InputType.convolutional(in.getHeight(), in.getWidth(), channels.length, dataFormat);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, ChannelSubsetVertex.class, inputTypes[0], out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "ChannelSubsetVertex(channels=" + Arrays.toString(channels) + ", " + dataFormat + ")";
    }
}
