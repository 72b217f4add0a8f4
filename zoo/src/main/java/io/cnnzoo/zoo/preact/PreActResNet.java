package io.cnnzoo.zoo.preact;

/**
 * Pre-activation residual networks (He, Zhang, Ren and Sun, "Identity Mappings in Deep Residual
 * Networks", ECCV 2016): units of BN-ReLU-conv with a clean identity path, no ReLU after the addition.
 *
 * <pre>{@code
 * ComputationGraph preact110 = PreActResNet.cifar(110).build();            // basic units, 6n+2
 * ComputationGraph preact164 = PreActResNet.cifarBottleneck(164).build();  // bottleneck units, 9n+2
 * }</pre>
 *
 * The unit type is chosen by the factory, not inferred from the depth: 110 and 164 are each both of the
 * form 6n+2 and 9n+2.
 */
public final class PreActResNet {

    private PreActResNet() {
    }

    /** The CIFAR network with basic units and {@code depth} = 6n + 2 layers (Table 3: ResNet-110). */
    public static PreActResNetBuilder cifar(int depth) {
        return new PreActResNetBuilder(depth, false);
    }

    /** The CIFAR network with bottleneck units and {@code depth} = 9n + 2 layers (Table 3: ResNet-164, -1001). */
    public static PreActResNetBuilder cifarBottleneck(int depth) {
        return new PreActResNetBuilder(depth, true);
    }
}
