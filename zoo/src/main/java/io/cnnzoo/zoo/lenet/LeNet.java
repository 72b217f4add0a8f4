package io.cnnzoo.zoo.lenet;

/**
 * LeNet-5 (LeCun, Bottou, Bengio and Haffner, "Gradient-Based Learning Applied to Document Recognition",
 * Proc. IEEE 1998).
 *
 * <pre>{@code
 * ComputationGraph lenet = LeNet.lenet5().build();
 * }</pre>
 */
public final class LeNet {

    private LeNet() {
    }

    /** The modern LeNet-5: full C3 connections, max-pooling, ReLU, 28x28 input by default. */
    public static LeNet5Builder lenet5() {
        return new LeNet5Builder();
    }
}
