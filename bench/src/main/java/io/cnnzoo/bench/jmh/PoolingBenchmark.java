package io.cnnzoo.bench.jmh;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.openjdk.jmh.annotations.Param;

/**
 * Max pooling, memory-bound: LeNet-5's 2x2/2 pools and ResNet's 3x3/2 stem pool. Bytes are the least
 * traffic: forward reads the input and writes the output; backward reads the output gradient and the
 * input and writes the input gradient.
 */
public class PoolingBenchmark extends LayerBenchmark {

    /** See {@link LayerShape}; the output channels equal the input's. */
    @Param({"6x28x28/64:6/k2/s2/p0", "16x10x10/64:16/k2/s2/p0", "64x112x112/16:64/k3/s2/p1"})
    public String shape;

    @Override
    protected LayerCase layerCase() {
        LayerShape s = LayerShape.parse(shape);
        MapShape in = s.input();
        SubsamplingLayer pool = new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(s.kernel(), s.kernel()).stride(s.stride(), s.stride()).padding(s.padding(), s.padding())
                .convolutionMode(ConvolutionMode.Truncate).build();
        return new LayerCase(pool, false, in.channels(), in.height(), in.width(), in.batch(), 0, 0,
                floats(s.inputSize() + s.outputSize()), floats(s.outputSize() + 2 * s.inputSize()));
    }
}
