package io.cnnzoo.zoo.resnet;

/**
 * Residual networks (He, Zhang, Ren and Sun, "Deep Residual Learning for Image Recognition", CVPR 2016)
 * and their plain twins.
 *
 * <pre>{@code
 * ComputationGraph resnet56 = ResNet.cifar(56).build();
 * ComputationGraph plain20  = ResNet.cifar(20).plain().inputShape(1, 28, 28).build();
 * ComputationGraph optionB  = ResNet.cifar(32).shortcut(Shortcut.B).build();
 * }</pre>
 */
public final class ResNet {

    private ResNet() {
    }

    /** The CIFAR-10 network of Sec. 4.2 with {@code depth} = 6n + 2 layers (20, 32, 44, 56, 110, 1202). */
    public static CifarResNetBuilder cifar(int depth) {
        return new CifarResNetBuilder(depth);
    }
}
