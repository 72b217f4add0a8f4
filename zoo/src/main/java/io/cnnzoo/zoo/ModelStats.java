package io.cnnzoo.zoo;

import io.cnnzoo.zoo.layers.GroupedConvolution;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parameters, multiply-accumulates and activation shapes of a graph, in total and per vertex, computed
 * from its configuration (nothing is allocated, so the 143M-parameter VGG-19 costs nothing to count).
 *
 * <p>Trainable parameters are what torchvision counts: weights, biases, BN gamma and beta. DL4J also
 * stores BN's running mean and variance as parameters; {@link #totalParams()} includes them.
 *
 * <p>MACs are the multiply-accumulates of convolution and dense layers for one image (torchvision's
 * "GFLOPS" column is this number); {@link #flops()} is twice that. Pooling, normalisation and
 * element-wise work are not counted, as in torchvision.
 */
public record ModelStats(long trainableParams, long totalParams, long macs, List<VertexStats> vertices) {

    /**
     * One vertex of the graph in topological order.
     *
     * @param outputShape the activation shape of one image, channels first ({@code [16, 32, 32]}), or
     *                    empty if no input shape was given
     * @param activations the number of values in that activation (0 without an input shape)
     * @param macs        multiply-accumulates of this vertex for one image (0 without an input shape)
     */
    public record VertexStats(String name, String type, String outputShape, long activations,
                              long trainableParams, long totalParams, long macs) {
    }

    /** Parameter counts only: DL4J's configuration does not record the input size. */
    public static ModelStats of(ComputationGraph graph) {
        return of(graph.getConfiguration(), Map.of());
    }

    /** Parameter counts, MACs and activation shapes for one image of {@code input}. */
    public static ModelStats of(ComputationGraph graph, InputShape input) {
        return of(graph.getConfiguration(), input);
    }

    /**
     * The same from a configuration alone ({@code builder.configuration()}), without initialising any
     * parameter. A graph built channels-last reports the same shapes, channels first.
     */
    public static ModelStats of(ComputationGraphConfiguration conf, InputShape input) {
        return of(conf, conf.getLayerActivationTypes(input.toInputType(inputFormat(conf))));
    }

    private static CNN2DFormat inputFormat(ComputationGraphConfiguration conf) {
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex lv && unwrap(lv.getLayerConf().getLayer()) instanceof ConvolutionLayer c) {
                return c.getCnn2dDataFormat();
            }
        }
        return CNN2DFormat.NCHW;
    }

    private static ModelStats of(ComputationGraphConfiguration conf, Map<String, InputType> shapes) {
        List<VertexStats> rows = new ArrayList<>();
        long trainable = 0;
        long total = 0;
        long macs = 0;
        // DL4J returns the activation types in topological order; without them, insertion order.
        for (String name : shapes.isEmpty() ? conf.getVertices().keySet() : shapes.keySet()) {
            GraphVertex vertex = conf.getVertices().get(name);
            if (vertex == null) {
                continue; // a network input
            }
            String type = vertex.getClass().getSimpleName();
            long vertexTotal = vertex.numParams(false);
            long vertexTrainable = vertexTotal;
            long vertexMacs = 0;
            InputType out = shapes.get(name);
            if (vertex instanceof LayerVertex lv) {
                Layer layer = unwrap(lv.getLayerConf().getLayer());
                type = layer.getClass().getSimpleName();
                if (layer instanceof BatchNormalization bn) {
                    vertexTrainable -= 2 * bn.getNOut(); // running mean and variance (or log std)
                }
                if (out != null) {
                    vertexMacs = macs(layer, out);
                }
            }
            rows.add(new VertexStats(name, type, out == null ? "" : describe(out),
                    out == null ? 0 : out.arrayElementsPerExample(), vertexTrainable, vertexTotal, vertexMacs));
            trainable += vertexTrainable;
            total += vertexTotal;
            macs = addExact(macs, vertexMacs, "MACs");
        }
        return new ModelStats(trainable, total, macs, List.copyOf(rows));
    }

    private static Layer unwrap(Layer layer) {
        if (layer instanceof FrozenLayer frozen) {
            return unwrap(frozen.getLayer());
        }
        if (layer instanceof FrozenLayerWithBackprop frozen) {
            return unwrap(frozen.getUnderlying());
        }
        return layer;
    }

    /**
     * Convolution: one MAC per weight per output position (an output channel of a depthwise convolution
     * sees one input channel, of a grouped one its group's); dense: one per weight.
     */
    private static long macs(Layer layer, InputType out) {
        if (layer instanceof ConvolutionLayer conv && out instanceof InputType.InputTypeConvolutional map) {
            long inputsPerOutput = layer instanceof DepthwiseConvolution2D ? 1
                    : layer instanceof GroupedConvolution grouped ? conv.getNIn() / grouped.getGroups() : conv.getNIn();
            long perOutput = conv.getKernelSize()[0] * (long) conv.getKernelSize()[1] * inputsPerOutput;
            return product("MACs", map.getHeight(), map.getWidth(), conv.getNOut(), perOutput);
        }
        if (layer instanceof FeedForwardLayer dense && !(layer instanceof ConvolutionLayer)
                && !(layer instanceof BatchNormalization)) {
            return product("MACs", dense.getNIn(), dense.getNOut());
        }
        return 0;
    }

    /** Floating-point operations of conv and dense layers for one image: 2 x {@link #macs()}. */
    public long flops() {
        return product("FLOPs", 2, macs);
    }

    /**
     * A rough training-memory estimate for {@code batchSize} images, in bytes of float32: every vertex's
     * activation and its gradient, plus parameters, their gradients and two updater buffers
     * (momentum-style). Workspaces, im2col buffers and library caches come on top.
     */
    public long trainingMemoryBytes(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        long activations = 0;
        for (VertexStats v : vertices) {
            activations = addExact(activations, v.activations(), "training memory");
        }
        return addExact(product("training memory", 4, 2, activations, batchSize),
                product("training memory", 4, 4, totalParams), "training memory");
    }

    /**
     * A lower bound of the memory inference of {@code batchSize} images needs, in bytes of float32: the
     * parameters and the largest single activation (layers free theirs as the forward pass moves on).
     */
    public long inferenceMemoryBytes(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        long largest = vertices.stream().mapToLong(VertexStats::activations).max().orElse(0);
        return addExact(product("inference memory", 4, largest, batchSize), product("inference memory", 4, totalParams),
                "inference memory");
    }

    /**
     * The product of sizes that come from a user's input shape, exactly: a statistic that does not fit in 64 bits
     * is an error naming it, never a wrapped-around number.
     */
    private static long product(String what, long... factors) {
        long p = 1;
        try {
            for (long f : factors) {
                p = Math.multiplyExact(p, f);
            }
        } catch (ArithmeticException e) {
            throw tooLarge(what);
        }
        return p;
    }

    private static long addExact(long a, long b, String what) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw tooLarge(what);
        }
    }

    private static IllegalArgumentException tooLarge(String what) {
        return new IllegalArgumentException("the model's " + what + " exceed 2^63 for this input shape; choose a "
                + "smaller --input (or batch)");
    }

    /** The stats row of vertex {@code name}. */
    public VertexStats vertex(String name) {
        return vertices.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vertex named '" + name + "'"));
    }

    private static String describe(InputType type) {
        long[] shape = type instanceof InputType.InputTypeConvolutional c
                ? new long[]{c.getChannels(), c.getHeight(), c.getWidth()} : type.getShape(false);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(']').toString();
    }
}
