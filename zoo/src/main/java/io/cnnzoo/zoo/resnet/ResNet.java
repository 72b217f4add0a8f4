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
 * ComputationGraph resnext  = ResNet.resnext(50, 32, 4).build();      // torchvision's resnext50_32x4d
 * ComputationGraph wide     = ResNet.wide(50, 2).build();             // torchvision's wide_resnet50_2
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

    /**
     * ResNeXt-{@code depth} {@code groups}x{@code widthPerGroup}d (Xie et al., CVPR 2017) as torchvision builds
     * it: the ImageNet ResNet whose bottlenecks have a grouped 3x3 convolution (depth 50, 101 or 152).
     */
    public static ImageNetResNetBuilder resnext(int depth, int groups, int widthPerGroup) {
        return imagenet(depth).groups(groups).widthPerGroup(widthPerGroup);
    }

    /**
     * Wide ResNet-{@code depth}-{@code factor} as torchvision builds it ({@code wide_resnet50_2}): the ImageNet
     * ResNet whose bottlenecks are {@code factor} times wider inside; the outer 1x1 convolutions keep their
     * width. (The CIFAR wide ResNets of the WRN paper are {@code WideResNet.wrn}.)
     */
    public static ImageNetResNetBuilder wide(int depth, int factor) {
        return imagenet(depth).widthPerGroup(Bottleneck.BASE_WIDTH * factor);
    }
}
