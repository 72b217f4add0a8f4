package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.layers.Layers;
import org.openjdk.jmh.annotations.Param;

/**
 * Batch normalisation in training mode (batch statistics), memory-bound: a CIFAR ResNet stage and
 * ResNet-50's stage 1. Bytes are the least traffic: forward reads x and writes y; backward reads the
 * output gradient and x and writes the input gradient.
 */
public class BatchNormBenchmark extends LayerBenchmark {

    @Param({"16x32x32/128", "64x56x56/16"})
    public String shape;

    @Override
    protected LayerCase layerCase() {
        return sameSizeMemoryBound(Layers.batchNorm(), shape);
    }
}
