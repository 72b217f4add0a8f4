package io.cnnzoo.zoo.spi;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link GraphAccelerator}s on the classpath (cnnzoo-onednn provides one for the CPU). Zoo builders
 * call {@link #apply} on every graph they build. DL4J recreates layers when it restores or clones a
 * graph, so call {@link #apply} again on a graph from {@code ModelSerializer} or {@code clone()}.
 */
public final class Accelerators {

    private static final List<GraphAccelerator> FOUND = ServiceLoader.load(GraphAccelerator.class).stream()
            .map(ServiceLoader.Provider::get).toList();

    private Accelerators() {
    }

    /** Applies every accelerator found to {@code graph}; returns {@code graph}. */
    public static ComputationGraph apply(ComputationGraph graph) {
        for (GraphAccelerator accelerator : FOUND) {
            accelerator.accelerate(graph);
        }
        return graph;
    }

    public static List<GraphAccelerator> found() {
        return FOUND;
    }
}
