package io.cnnzoo.bench.jmh;

import io.cnnzoo.onednn.OneDnnRuntime;

/**
 * Which code computes DL4J's layers in a benchmark fork: the {@code path} parameter of the benchmarks,
 * so that one JMH run can put the paths side by side. Set before any graph is built.
 */
enum ComputePath {
    /** DL4J 1.0.0-M2.1 as shipped: no layer helpers (im2col + BLAS convolution, Java batch norm). */
    DL4J,
    /** DL4J's own oneDNN helpers (libnd4j's conv2d, batchnorm and pooling ops), attached by cnnzoo-onednn. */
    DL4J_ONEDNN,
    /** cnnzoo's helpers over oneDNN (cnnzoo-onednn): the default. */
    CNNZOO;

    static ComputePath of(String name) {
        return valueOf(name.toUpperCase().replace('-', '_'));
    }

    void select() {
        System.setProperty(OneDnnRuntime.PROPERTY, switch (this) {
            case DL4J -> "false";
            case DL4J_ONEDNN -> "dl4j";
            case CNNZOO -> "true";
        });
    }
}
