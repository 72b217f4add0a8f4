package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.layers.Layers;
import org.openjdk.jmh.annotations.Param;

/**
 * ReLU as the zoo's activation layer, memory-bound, on the same shapes as {@link BatchNormBenchmark}.
 * Bytes are the least traffic: forward reads x and writes y; backward reads the output gradient and x
 * and writes the input gradient.
 */
public class ReluBenchmark extends LayerBenchmark {

    @Param({"16x32x32/128", "64x56x56/16"})
    public String shape;

    @Override
    protected LayerCase layerCase() {
        return sameSizeMemoryBound(Layers.relu(), shape);
    }
}
