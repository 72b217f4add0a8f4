package io.cnnzoo.bench.experiment;

import java.util.Map;
import java.util.Optional;

/**
 * The published numbers of He, Zhang, Ren and Sun, "Deep Residual Learning for Image Recognition", CVPR 2016,
 * Table 6: CIFAR-10 test error (%) of the CIFAR ResNets trained by the recipe of Sec. 4.2 (the paper gives no
 * numbers for the plain nets, only the curves of Fig. 6).
 */
public final class HeEtAl2016 {

    /** Table 6, "error (%)", by depth; ResNet-110's is the best of 5 runs. */
    private static final Map<Integer, Double> RESNET_TEST_ERROR = Map.of(
            20, 8.75, 32, 7.51, 44, 7.17, 56, 6.97, 110, 6.43, 1202, 7.93);

    /** Table 6's note for ResNet-110: the mean and standard deviation of its 5 runs. */
    public static final String RESNET110_NOTE = "best of 5; mean 6.61 ± 0.16";

    private HeEtAl2016() {
    }

    /** The zoo family Table 6 is about: the CIFAR ResNets with option A shortcuts. */
    public static final String FAMILY = "resnet-cifar";

    /** Table 6's CIFAR-10 test error (%) for a model of the zoo {@code family} and {@code depth}, if it lists it. */
    public static Optional<Double> cifar10TestError(String family, int depth) {
        return FAMILY.equals(family) ? Optional.ofNullable(RESNET_TEST_ERROR.get(depth)) : Optional.empty();
    }
}
