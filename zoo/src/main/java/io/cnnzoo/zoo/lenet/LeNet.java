package io.cnnzoo.zoo.lenet;

/**
 * LeNet-5 (LeCun, Bottou, Bengio and Haffner, "Gradient-Based Learning Applied to Document Recognition",
 * Proc. IEEE 1998).
 *
 * <pre>{@code
 * ComputationGraph lenet   = LeNet.lenet5().build();
 * ComputationGraph classic = LeNet.lenet5Classic().build();
 * }</pre>
 */
public final class LeNet {

    private LeNet() {
    }

    /** The modern LeNet-5: full C3 connections, max-pooling, ReLU, 28x28 input by default. */
    public static LeNet5Builder lenet5() {
        return new LeNet5Builder();
    }

    /**
     * LeNet-5 as published: C3's connection table, trainable subsampling, scaled tanh, 32x32 input, with a
     * softmax classifier for the RBF output layer.
     */
    public static LeNet5ClassicBuilder lenet5Classic() {
        return new LeNet5ClassicBuilder();
    }
}
