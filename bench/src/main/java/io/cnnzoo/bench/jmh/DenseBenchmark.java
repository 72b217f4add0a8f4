package io.cnnzoo.bench.jmh;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;
import org.openjdk.jmh.annotations.Param;

/**
 * Fully connected layers (with bias, identity activation): LeNet-5's first, AlexNet's fc6 and ResNet's
 * classifier. 2 FLOP per multiply-add; the backward pass computes the input and weight gradients, twice
 * the forward. Shape "IN>OUT/N".
 */
public class DenseBenchmark extends LayerBenchmark {

    @Param({"400>120/64", "9216>4096/16", "2048>1000/16"})
    public String shape;

    @Override
    protected LayerCase layerCase() {
        String[] batch = shape.split("/");
        String[] io = batch.length == 2 ? batch[0].split(">") : new String[0];
        if (io.length != 2) {
            throw new IllegalArgumentException("a dense shape is IN>OUT/N (e.g. 400>120/64), got '" + shape + "'");
        }
        int in = Integer.parseInt(io[0].trim());
        int out = Integer.parseInt(io[1].trim());
        int n = Integer.parseInt(batch[1].trim());
        DenseLayer dense = new DenseLayer.Builder().nIn(in).nOut(out).activation(Activation.IDENTITY).build();
        long flop = 2L * n * in * out;
        return new LayerCase(dense, true, in, 1, 1, n, flop, 2 * flop, 0, 0);
    }
}
