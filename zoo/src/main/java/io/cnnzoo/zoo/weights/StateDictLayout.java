package io.cnnzoo.zoo.weights;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How a DL4J graph's parameters read as a PyTorch state dict: for each parameter, the state-dict name
 * ({@code <vertex>.<torch name>}: zoo vertices carry torchvision's module names), PyTorch's shape, and a
 * view of the DL4J array whose row-major traversal visits the elements in PyTorch's order. Loading writes
 * a tensor through that view; saving reads it.
 *
 * <ul>
 *   <li>convolution: {@code weight} = W, [out, in / groups, kH, kW] in both; {@code bias} = b;</li>
 *   <li>depthwise convolution: {@code weight} [in x multiplier, 1, kH, kW] = W [kH, kW, in, multiplier] permuted;</li>
 *   <li>dense and output layers: {@code weight} [out, in] = W [in, out] transposed; after a channels-last
 *       feature map DL4J flattens (h, w, c) where PyTorch flattens (c, h, w), so the view also permutes the
 *       input rows (VGG's and AlexNet's {@code classifier.0}, LeNet-5's {@code fc1});</li>
 *   <li>batch normalisation: {@code weight}/{@code bias}/{@code running_mean}/{@code running_var} = gamma,
 *       beta, mean, var (PyTorch's {@code num_batches_tracked} has no DL4J counterpart);</li>
 *   <li>any other parameter: {@code <vertex>.<DL4J key>} as it is, so that any graph saves and loads.</li>
 * </ul>
 */
final class StateDictLayout {

    /** One parameter: its state-dict name, PyTorch's shape, and how to view the DL4J array in that order. */
    record Binding(String name, String vertex, String key, long[] torchShape, UnaryOperator<INDArray> torchOrder) {

        /** The DL4J parameter seen in PyTorch's element order (a view: writes reach the graph). */
        INDArray view(ComputationGraph graph) {
            return torchOrder.apply(graph.getLayer(vertex).getParam(key));
        }
    }

    /** The state-dict name BN's batch counter has in PyTorch; nothing in DL4J corresponds to it. */
    static final String NUM_BATCHES_TRACKED = "num_batches_tracked";

    private StateDictLayout() {
    }

    /** Every parameter of {@code graph}, in the graph's layer order. */
    static List<Binding> of(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        List<Binding> bindings = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            String vertex = layer.conf().getLayer().getLayerName();
            Map<String, INDArray> params = layer.paramTable(false);
            if (params == null || params.isEmpty()) {
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer config = unwrap(layer.conf().getLayer());
            for (Map.Entry<String, INDArray> p : params.entrySet()) {
                bindings.add(binding(conf, vertex, config, p.getKey(), p.getValue().shape()));
            }
        }
        return bindings;
    }

    private static Binding binding(ComputationGraphConfiguration conf, String vertex,
                                   org.deeplearning4j.nn.conf.layers.Layer layer, String key, long[] shape) {
        if (layer instanceof BatchNormalization) {
            String torch = switch (key) {
                case BatchNormalizationParamInitializer.GAMMA -> "weight";
                case BatchNormalizationParamInitializer.BETA -> "bias";
                case BatchNormalizationParamInitializer.GLOBAL_MEAN -> "running_mean";
                case BatchNormalizationParamInitializer.GLOBAL_VAR -> "running_var";
                case BatchNormalizationParamInitializer.GLOBAL_LOG_STD -> throw new IllegalArgumentException(
                        "batch normalisation '" + vertex + "' stores log10 of the standard deviation (useLogStd(true)); "
                                + "PyTorch stores running_var: build it with useLogStd(false), as the zoo does");
                default -> key;
            };
            return vector(vertex, key, torch, shape);
        }
        if (layer instanceof DepthwiseConvolution2D && key.equals("W")) {
            // DL4J [kH, kW, in, multiplier]; PyTorch [in * multiplier, 1, kH, kW], output channel c * multiplier + m
            return new Binding(vertex + ".weight", vertex, key, new long[]{shape[2] * shape[3], 1, shape[0], shape[1]},
                    w -> w.permute(2, 3, 0, 1));
        }
        if (layer instanceof ConvolutionLayer) {
            return key.equals("W")
                    ? new Binding(vertex + ".weight", vertex, key, shape.clone(), UnaryOperator.identity())
                    : vector(vertex, key, key.equals("b") ? "bias" : key, shape);
        }
        if ((layer instanceof DenseLayer || layer instanceof BaseOutputLayer) && key.equals("W")) {
            long in = shape[0];
            long out = shape[1];
            InputPreProcessor pre = conf.getVertices().get(vertex) instanceof LayerVertex lv ? lv.getPreProcessor() : null;
            if (pre instanceof CnnToFeedForwardPreProcessor flatten && flatten.getFormat() == CNN2DFormat.NHWC) {
                long h = flatten.getInputHeight();
                long w = flatten.getInputWidth();
                long c = flatten.getNumChannels();
                // W's rows are (h, w, c); split them, then put c first: [out, c, h, w] is PyTorch's [out, in]
                return new Binding(vertex + ".weight", vertex, key, new long[]{out, in},
                        wt -> reshapedView(wt, h, w, c, out).permute(3, 2, 0, 1));
            }
            return new Binding(vertex + ".weight", vertex, key, new long[]{out, in}, INDArray::transpose);
        }
        if ((layer instanceof DenseLayer || layer instanceof BaseOutputLayer) && key.equals("b")) {
            return vector(vertex, key, "bias", shape);
        }
        return new Binding(vertex + "." + key, vertex, key, shape.clone(), UnaryOperator.identity());
    }

    /** A per-channel vector: DL4J keeps [1, n] or [n], PyTorch [n]. */
    private static Binding vector(String vertex, String key, String torchName, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        long length = n;
        return new Binding(vertex + "." + torchName, vertex, key, new long[]{length}, v -> reshapedView(v, length));
    }

    /**
     * {@code array} reshaped in row-major index order without a copy (ND4J's {@code reshape} copies silently
     * when it cannot make a view, and a copy would make a load write nowhere).
     */
    static INDArray reshapedView(INDArray array, long... shape) {
        INDArray view = Shape.newShapeNoCopy(array, shape, false);
        if (view == null) {
            throw new IllegalStateException("cannot view an array of shape " + java.util.Arrays.toString(array.shape())
                    + " and strides " + java.util.Arrays.toString(array.stride()) + " as "
                    + java.util.Arrays.toString(shape) + " without a copy");
        }
        return view;
    }

    private static org.deeplearning4j.nn.conf.layers.Layer unwrap(org.deeplearning4j.nn.conf.layers.Layer layer) {
        if (layer instanceof FrozenLayer frozen) {
            return unwrap(frozen.getLayer());
        }
        if (layer instanceof FrozenLayerWithBackprop frozen) {
            return unwrap(frozen.getUnderlying());
        }
        return layer;
    }

    /** The graph's classifier, whose weights a file for another number of classes may leave fresh. */
    static String outputVertex(ComputationGraph graph) {
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        if (outputs.size() != 1) {
            return null;
        }
        GraphVertex v = graph.getConfiguration().getVertices().get(outputs.get(0));
        return v instanceof LayerVertex ? outputs.get(0) : null;
    }
}
