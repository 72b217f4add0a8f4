package io.cnnzoo.zoo.vgg;

import io.cnnzoo.zoo.InputShape;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;

import java.util.function.IntUnaryOperator;

/**
 * torchvision's {@code nn.AdaptiveAvgPool2d((t, t))} (VGG's {@code avgpool} to 7x7, AlexNet's to 6x6) for
 * the map sizes where one of DL4J's stock layers computes it exactly. DL4J has no adaptive pooling.
 *
 * <p>PyTorch averages, for output row {@code i} of a map with H rows, the input rows
 * {@code floor(i*H/t)} to {@code ceil((i+1)*H/t) - 1} (columns likewise). Two cases reduce to one layer:
 * <ul>
 *   <li>H a multiple of t: the windows are disjoint blocks of H/t rows, an average pool with
 *       kernel = stride = H/t (H = t: kernel 1, the identity);</li>
 *   <li>t a multiple of H: every window holds the single row {@code floor(i*H/t)}, so each row is
 *       repeated t/H times: {@link Upsampling2D} with size t/H (a 1x1 map becomes t x t copies of its
 *       value, what VGG does with a 32x32 input).</li>
 * </ul>
 * Height and width may differ but must fall in the same case. Any other size (a 3x3 map for t = 7) needs
 * windows of unequal, overlapping sizes that no stock layer has; the builders reject those inputs.
 */
public final class AdaptiveAvgPool {

    private AdaptiveAvgPool() {
    }

    /** Whether a {@code height} x {@code width} map pools to {@code target} x {@code target} with one stock layer. */
    public static boolean isExact(int height, int width, int target) {
        return pools(height, width, target) || repeats(height, width, target);
    }

    /** The layer computing the adaptive average pool of a {@code height} x {@code width} map to {@code target}. */
    public static Layer layer(int height, int width, int target) {
        if (pools(height, width, target)) {
            int kh = height / target;
            int kw = width / target;
            return new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(kh, kw).stride(kh, kw)
                    .convolutionMode(ConvolutionMode.Truncate).build();
        }
        if (repeats(height, width, target)) {
            return new Upsampling2D.Builder().size(new int[]{target / height, target / width}).build();
        }
        throw new IllegalArgumentException("no stock DL4J layer pools a " + height + "x" + width + " map to "
                + target + "x" + target + " exactly");
    }

    /**
     * Rejects an input whose feature map the pool cannot handle, naming the input sides that work.
     *
     * @param model      the model's name, for the message
     * @param featureMap the side of the feature map for an input side (0 if the input is too small)
     * @param minInput   the smallest input side the features accept
     */
    public static void requireExact(String model, InputShape input, IntUnaryOperator featureMap, int minInput,
                                    int target) {
        int height = featureMap.applyAsInt(input.height());
        int width = featureMap.applyAsInt(input.width());
        if (!isExact(height, width, target)) {
            throw new IllegalArgumentException(model + " turns a " + input + " input into a " + height + "x" + width
                    + " feature map, which its adaptive average pool to " + target + "x" + target
                    + " computes exactly in DL4J only when both sides of the map divide " + target
                    + " or both are multiples of " + target + "; square inputs that work have sides "
                    + exactInputSides(featureMap, minInput, target) + " pixels");
        }
    }

    /** The input sides with an exact map, as ranges ("32-63, 224-255, ..."), up to a map of 3 x target. */
    static String exactInputSides(IntUnaryOperator featureMap, int minInput, int target) {
        StringBuilder ranges = new StringBuilder();
        int start = -1;
        int side = minInput;
        for (; featureMap.applyAsInt(side) <= 3 * target; side++) {
            int map = featureMap.applyAsInt(side);
            boolean exact = isExact(map, map, target);
            if (exact && start < 0) {
                start = side;
            } else if (!exact && start >= 0) {
                ranges.append(start).append('-').append(side - 1).append(", ");
                start = -1;
            }
        }
        if (start >= 0) {
            ranges.append(start).append('-').append(side - 1).append(", ");
        }
        return ranges.append("...").toString();
    }

    private static boolean pools(int height, int width, int target) {
        return height > 0 && width > 0 && height % target == 0 && width % target == 0;
    }

    private static boolean repeats(int height, int width, int target) {
        return height > 0 && width > 0 && target % height == 0 && target % width == 0;
    }
}
