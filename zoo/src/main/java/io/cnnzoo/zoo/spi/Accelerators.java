package io.cnnzoo.zoo.spi;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link GraphAccelerator}s on the classpath (cnnzoo-onednn provides one for the CPU). Zoo builders
 * call {@link #apply} on every graph they build, and {@code Zoo.restore}/{@code Zoo.copy} on every graph
 * they restore or copy. DL4J recreates layers when it restores or clones a graph, so code that calls
 * {@code ModelSerializer} or {@code clone()} itself must call {@link #apply} again.
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
