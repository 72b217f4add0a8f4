package io.cnnzoo.zoo.resnet;

/**
 * Residual networks (He, Zhang, Ren and Sun, "Deep Residual Learning for Image Recognition", CVPR 2016)
 * and their plain twins.
 *
 * <pre>{@code
 * ComputationGraph resnet56 = ResNet.cifar(56).build();
 * ComputationGraph plain20  = ResNet.cifar(20).plain().inputShape(1, 28, 28).build();
 * ComputationGraph optionB  = ResNet.cifar(32).shortcut(Shortcut.B).build();
 * ComputationGraph resnet50 = ResNet.imagenet(50).numClasses(200).build();
 * ComputationGraph plain34  = ResNet.imagenet(34).plain().build();
 * }</pre>
 */
public final class ResNet {

    private ResNet() {
    }

    /** The CIFAR-10 network of Sec. 4.2 with {@code depth} = 6n + 2 layers (20, 32, 44, 56, 110, 1202). */
    public static CifarResNetBuilder cifar(int depth) {
        return new CifarResNetBuilder(depth);
    }

    /**
     * The ImageNet network of Table 1 as torchvision builds it, {@code depth} = 18, 34, 50, 101 or 152;
     * {@code .plain()} gives the plain-18/34 nets of Table 2.
     */
    public static ImageNetResNetBuilder imagenet(int depth) {
        return new ImageNetResNetBuilder(depth);
    }
}
