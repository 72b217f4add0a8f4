package io.cnnzoo.zoo.vgg;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Chains layers one after another under the names torchvision's {@code nn.Sequential} gives its modules:
 * {@code prefix.0}, {@code prefix.1}, ... Every module counts, parameter-free ones too (ReLU, max-pool,
 * dropout), so the vertex of a torchvision state-dict key such as {@code features.28.weight} is
 * {@code features.28}.
 */
public final class Sequential {

    private final GraphBuilder graph;
    private final String prefix;
    private String output;
    private int next;

    /** A sequence named {@code prefix} whose first layer reads vertex {@code input}. */
    public Sequential(GraphBuilder graph, String prefix, String input) {
        this.graph = graph;
        this.prefix = prefix;
        this.output = input;
    }

    /** Appends {@code layer} as vertex {@code prefix.N}, N being the next index. */
    public Sequential add(Layer layer) {
        String name = prefix + "." + next++;
        graph.addLayer(name, layer, output);
        output = name;
        return this;
    }

    /** The name of the last vertex added (the input vertex while the sequence is empty). */
    public String output() {
        return output;
    }
}
