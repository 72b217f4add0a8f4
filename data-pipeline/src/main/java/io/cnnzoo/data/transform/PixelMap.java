package io.cnnzoo.data.transform;

import java.util.Arrays;

/**
 * The value a pixel byte becomes in the batch: {@code b * scale[c] + offset[c*H*W + y*W + x]} for a byte
 * b (0..255) at channel c, row y, column x of the source image. One multiply-add covers [0, 1] scaling
 * (scale 1/255, offset 0), per-channel normalisation (scale 1/(255 std_c), offset -mean_c/std_c) and
 * per-pixel mean subtraction (scale 1/255, offset -mean(c, y, x)). The arrays are not copied: treat them
 * as read-only.
 */
public final class PixelMap {

    private final int channels;
    private final int height;
    private final int width;
    private final float[] scale;
    private final float[] offset;

    public PixelMap(int channels, int height, int width, float[] scale, float[] offset) {
        if (scale.length != channels || offset.length != channels * height * width) {
            throw new IllegalArgumentException("a pixel map of " + channels + "x" + height + "x" + width
                    + " needs " + channels + " scales and " + channels * height * width + " offsets, got "
                    + scale.length + " and " + offset.length);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.scale = scale;
        this.offset = offset;
    }

    /** Bytes to [0, 1]: b / 255. */
    public static PixelMap unit(int channels, int height, int width) {
        float[] scale = new float[channels];
        Arrays.fill(scale, 1f / 255f);
        return new PixelMap(channels, height, width, scale, new float[channels * height * width]);
    }

    public boolean fits(int c, int h, int w) {
        return c == channels && h == height && w == width;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    float[] scale() {
        return scale;
    }

    float[] offset() {
        return offset;
    }

    /** The value of byte {@code b} at channel c, row y, column x. */
    public float apply(int b, int c, int y, int x) {
        return b * scale[c] + offset[(c * height + y) * width + x];
    }
}
