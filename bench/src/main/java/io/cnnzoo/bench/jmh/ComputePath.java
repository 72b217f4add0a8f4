package io.cnnzoo.bench.jmh;

import io.cnnzoo.onednn.OneDnnRuntime;
import io.cnnzoo.zoo.helpers.OneDnnHelpers;

/**
 * Which code computes DL4J's layers in a benchmark fork: the {@code path} parameter of the benchmarks,
 * so that one JMH run can put the paths side by side. Set before any layer is created.
 */
enum ComputePath {
    /** DL4J 1.0.0-M2.1 as shipped: no layer helpers (im2col + BLAS convolution, Java batch norm). */
    DL4J,
    /** DL4J's own oneDNN helpers (libnd4j's conv2d/batchnorm ops), made to engage by cnnzoo's shim. */
    DL4J_ONEDNN,
    /** cnnzoo's helpers over oneDNN (cnnzoo-onednn): the default. */
    CNNZOO;

    static ComputePath of(String name) {
        return valueOf(name.toUpperCase().replace('-', '_'));
    }

    void select() {
        System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, this == DL4J ? "true" : "false");
        System.setProperty(OneDnnRuntime.PROPERTY, this == CNNZOO ? "true" : "false");
    }
}
