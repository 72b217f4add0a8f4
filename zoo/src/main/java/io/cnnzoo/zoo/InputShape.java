package io.cnnzoo.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * The shape of one input image, channels first (NCHW without the batch dimension), as torchvision
 * and DL4J's default {@code CNN2DFormat.NCHW} lay it out.
 */
public record InputShape(int channels, int height, int width) {

    public InputShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "input shape must be positive in every dimension, got " + channels + "x" + height + "x" + width
                            + " (channels x height x width)");
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            // ND4J indexes an image's values with ints in places; no zoo model needs more than 2^31 per image.
            throw new IllegalArgumentException("input shape " + channels + "x" + height + "x" + width + " holds "
                    + (long) channels * height * width + " values per image, more than " + Integer.MAX_VALUE);
        }
    }

    public static InputShape of(int channels, int height, int width) {
        return new InputShape(channels, height, width);
    }

    /**
     * A shape as people write it: {@code 1x28x28} (as {@link #toString()} and the CLI print it) or {@code 1,28,28};
     * three positive whole numbers, channels first.
     */
    public static InputShape parse(String text) {
        String[] parts = text.trim().split("\\s*[xX,]\\s*");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a shape is CxHxW or C,H,W (channels, height, width; e.g. 1x28x28), "
                    + "got '" + text + "'");
        }
        int[] sizes = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a shape is CxHxW or C,H,W with whole numbers from 1 to "
                        + Integer.MAX_VALUE + ", got '" + parts[i] + "' in '" + text + "'");
            }
        }
        return new InputShape(sizes[0], sizes[1], sizes[2]);
    }

    /** DL4J's description of this shape, channels first (NCHW), for {@code GraphBuilder.setInputTypes}. */
    public InputType toInputType() {
        return toInputType(CNN2DFormat.NCHW);
    }

    /** DL4J's description of this shape with the given memory layout of a batch. */
    public InputType toInputType(CNN2DFormat format) {
        return InputType.convolutional(height, width, channels, format);
    }

    /** The number of values in one image. */
    public long size() {
        return (long) channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
