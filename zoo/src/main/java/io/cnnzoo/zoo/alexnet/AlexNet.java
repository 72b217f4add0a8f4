package io.cnnzoo.zoo.alexnet;

/**
 * AlexNet variants.
 *
 * <pre>{@code
 * ComputationGraph alexnet = AlexNet.torchvision().build();
 * ComputationGraph small   = AlexNet.torchvision().inputShape(3, 64, 64).numClasses(200).build();
 * ComputationGraph paper   = AlexNet.krizhevsky2012().build();
 * }</pre>
 */
public final class AlexNet {

    private AlexNet() {
    }

    /**
     * torchvision's {@code alexnet}: the single-tower network of Krizhevsky, "One weird trick for
     * parallelizing convolutional neural networks", 2014 (61,100,840 parameters).
     */
    public static TorchvisionAlexNetBuilder torchvision() {
        return new TorchvisionAlexNetBuilder();
    }

    /**
     * AlexNet as published (Krizhevsky, Sutskever, Hinton, NIPS 2012): two towers as grouped conv2/4/5,
     * local response normalisation, 224x224 input (60,965,224 parameters).
     */
    public static Krizhevsky2012Builder krizhevsky2012() {
        return new Krizhevsky2012Builder();
    }
}
