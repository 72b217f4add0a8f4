package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.layers.Layers;
import org.openjdk.jmh.annotations.Param;

/**
 * Convolution layers (no bias, as the zoo configures them) at the zoo's real shapes: LeNet-5's C1, the
 * CIFAR ResNet stages (16/32/64 channels at 32/16/8), ResNet-50's stem and stage-1 1x1 and 3x3
 * convolutions, VGG's 256- and 512-channel 3x3, AlexNet's 11x11/4, and two earlier reference shapes.
 * 2 FLOP per multiply-add; the backward pass computes the input and weight gradients, twice the forward.
 */
public class ConvolutionBenchmark extends LayerBenchmark {

    /** See {@link LayerShape}: "CxHxW/N" is a 3x3, stride 1, padding 1 convolution with C out = C in. */
    @Param({"1x28x28/64:6/k5/s1/p2", "16x32x32/128", "32x16x16/128", "64x8x8/128", "64x32x32/32", "256x28x28/4",
            "3x224x224/16:64/k7/s2/p3", "64x56x56/16:64/k1/s1/p0", "64x56x56/16:256/k1/s1/p0",
            "64x56x56/16:64/k3/s1/p1", "256x56x56/16", "512x28x28/16", "3x224x224/16:64/k11/s4/p2"})
    public String shape;

    @Override
    protected LayerCase layerCase() {
        LayerShape s = LayerShape.parse(shape);
        MapShape in = s.input();
        long flop = s.convolutionFlop();
        return new LayerCase(Layers.conv(s.kernel(), s.outChannels(), s.stride(), s.padding()), false,
                in.channels(), in.height(), in.width(), in.batch(), flop, 2 * flop, 0, 0);
    }
}
