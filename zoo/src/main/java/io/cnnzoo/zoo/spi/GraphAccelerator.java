package io.cnnzoo.zoo.spi;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Something that makes an initialised graph run faster without changing what it computes or how it is
 * saved: typically by giving its layers faster helpers. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.cnnzoo.zoo.spi.GraphAccelerator}); the
 * zoo's builders apply every one found to each graph they build (see {@link Accelerators}).
 */
public interface GraphAccelerator {

    /** Applies to {@code graph} whatever fits this machine and backend; returns how many layers changed. */
    int accelerate(ComputationGraph graph);
}
