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
    }

    public static InputShape of(int channels, int height, int width) {
        return new InputShape(channels, height, width);
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
