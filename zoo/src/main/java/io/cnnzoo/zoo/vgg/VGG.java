package io.cnnzoo.zoo.vgg;

/**
 * VGG networks (Simonyan and Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
 * Recognition", ICLR 2015), as torchvision builds them.
 *
 * <pre>{@code
 * ComputationGraph vgg16   = VGG.vgg(16).build();
 * ComputationGraph vgg19bn = VGG.vgg(19).batchNorm().numClasses(200).build();
 * ComputationGraph small   = VGG.vgg(11).inputShape(3, 32, 32).numClasses(10).build();
 * }</pre>
 */
public final class VGG {

    private VGG() {
    }

    /** VGG with {@code depth} weight layers: 11, 13, 16 or 19 (Table 1, configurations A, B, D, E). */
    public static VggBuilder vgg(int depth) {
        return new VggBuilder(depth);
    }
}
