package io.cnnzoo.zoo;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameter counts of a graph, in total and per vertex.
 *
 * <p>Trainable parameters are what torchvision counts: weights, biases, BN gamma and beta. DL4J also
 * stores BN's running mean and variance as parameters; {@link #totalParams()} includes them.
 */
public record ModelStats(long trainableParams, long totalParams, List<VertexStats> vertices) {

    /** BN running statistics: DL4J parameters that no optimiser updates. */
    private static final Set<String> NON_TRAINABLE = Set.of(
            BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR,
            BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    /**
     * One vertex of the graph in topological order.
     *
     * @param outputShape the activation shape without the batch dimension (e.g. {@code [16, 32, 32]}),
     *                    or empty if no input shape was given
     */
    public record VertexStats(String name, String type, String outputShape, long trainableParams,
                              long totalParams) {
    }

    /** Parameter counts only: DL4J's configuration does not record the input size. */
    public static ModelStats of(ComputationGraph graph) {
        return of(graph, Map.of());
    }

    /**
     * Parameter counts and, per vertex, the activation shape for one image of {@code input}, channels
     * first (a graph built channels-last reports the same shapes).
     */
    public static ModelStats of(ComputationGraph graph, InputShape input) {
        return of(graph, graph.getConfiguration().getLayerActivationTypes(input.toInputType(inputFormat(graph))));
    }

    private static CNN2DFormat inputFormat(ComputationGraph graph) {
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            if (layer.conf().getLayer() instanceof ConvolutionLayer conv) {
                return conv.getCnn2dDataFormat();
            }
        }
        return CNN2DFormat.NCHW;
    }

    private static ModelStats of(ComputationGraph graph, Map<String, InputType> shapes) {
        List<VertexStats> rows = new ArrayList<>();
        long trainable = 0;
        long total = 0;
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex vertex = graph.getVertices()[index];
            if (vertex.isInputVertex()) {
                continue;
            }
            long vertexTrainable = 0;
            long vertexTotal = 0;
            String type = vertex.getClass().getSimpleName();
            if (vertex.hasLayer()) {
                Layer layer = vertex.getLayer();
                type = layer.conf().getLayer().getClass().getSimpleName();
                for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
                    long n = param.getValue().length();
                    vertexTotal += n;
                    if (!NON_TRAINABLE.contains(param.getKey())) {
                        vertexTrainable += n;
                    }
                }
            }
            InputType shape = shapes.get(vertex.getVertexName());
            rows.add(new VertexStats(vertex.getVertexName(), type, shape == null ? "" : describe(shape),
                    vertexTrainable, vertexTotal));
            trainable += vertexTrainable;
            total += vertexTotal;
        }
        return new ModelStats(trainable, total, List.copyOf(rows));
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
