package io.cnnzoo.zoo.transfer;

import io.cnnzoo.zoo.spi.Accelerators;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Transfer learning on zoo graphs, over DL4J's {@link TransferLearning}: a headless backbone, a new head
 * for another number of classes, and freezing up to a named vertex. Each returns a new graph (the input
 * graph is untouched) with the kept layers' weights copied, that survives a {@code ModelSerializer}
 * save and load like any DL4J graph.
 *
 * <pre>{@code
 * ComputationGraph net = Transfer.freezeUpTo(Transfer.replaceHead(Zoo.create("resnet18"), 7), "layer3.1.relu");
 * ComputationGraph features = Transfer.backbone(Zoo.create("resnet50"), "layer4.2.relu", true);
 * }</pre>
 */
public final class Transfer {

    /** The vertex name of the global average pooling {@link #backbone} appends. */
    public static final String POOL = "pool";

    private Transfer() {
    }

    /**
     * The graph cut after {@code featureVertex}: that vertex and everything it depends on, nothing
     * downstream. With {@code globalPool}, a global average pooling vertex {@value #POOL} follows it and is the
     * output (one feature vector per image). The result has no loss layer: use it for {@code output()}.
     */
    public static ComputationGraph backbone(ComputationGraph graph, String featureVertex, boolean globalPool) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        requireVertex(conf, featureVertex);
        Set<String> keep = ancestors(conf, featureVertex);
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(graph)
                .validateOutputLayerConfig(false);
        for (String vertex : conf.getVertices().keySet()) {
            if (!keep.contains(vertex)) {
                builder.removeVertexAndConnections(vertex);
            }
        }
        if (globalPool) {
            builder.addLayer(POOL, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), featureVertex);
        }
        return Accelerators.apply(builder.setOutputs(globalPool ? POOL : featureVertex).build());
    }

    /** Everything but the classifier: the graph's output is what fed its output layer. */
    public static ComputationGraph headless(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        List<String> inputs = conf.getVertexInputs().get(outputLayer(conf));
        return backbone(graph, inputs.get(0), false);
    }

    /**
     * The same graph with a freshly initialised classifier of {@code numClasses} outputs (PyTorch's
     * {@code nn.Linear} initialisation, as the zoo's classifiers); every other weight is kept.
     */
    public static ComputationGraph replaceHead(ComputationGraph graph, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        String head = outputLayer(graph.getConfiguration());
        return Accelerators.apply(new TransferLearning.GraphBuilder(graph)
                .nOutReplace(head, numClasses, WeightInit.UNIFORM)
                .build());
    }

    /**
     * The same graph with {@code vertex} and every vertex it depends on frozen: their weights (and BN
     * statistics) no longer change in {@code fit}; the layers after it still train.
     */
    public static ComputationGraph freezeUpTo(ComputationGraph graph, String vertex) {
        requireVertex(graph.getConfiguration(), vertex);
        return Accelerators.apply(new TransferLearning.GraphBuilder(graph).setFeatureExtractor(vertex).build());
    }

    private static String outputLayer(ComputationGraphConfiguration conf) {
        List<String> outputs = conf.getNetworkOutputs();
        if (outputs.size() != 1) {
            throw new IllegalArgumentException("expected a graph with one output, got " + outputs);
        }
        return outputs.get(0);
    }

    private static void requireVertex(ComputationGraphConfiguration conf, String vertex) {
        if (!conf.getVertices().containsKey(vertex)) {
            throw new IllegalArgumentException("the graph has no vertex named '" + vertex + "'; its vertices: "
                    + String.join(", ", conf.getVertices().keySet()));
        }
    }

    /** {@code vertex} and every vertex on a path from an input to it. */
    private static Set<String> ancestors(ComputationGraphConfiguration conf, String vertex) {
        Set<String> found = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(vertex));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (found.add(next)) {
                todo.addAll(conf.getVertexInputs().getOrDefault(next, List.of()));
            }
        }
        return found;
    }
}
