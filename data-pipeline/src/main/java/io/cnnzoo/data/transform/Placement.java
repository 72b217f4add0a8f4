package io.cnnzoo.data.transform;

/**
 * Where one output image comes from: output pixel (y, x) shows source pixel
 * (y + rowShift, x' + colShift) with x' = W - 1 - x when flipped, else x; a source position outside the
 * image is zero padding. The crop is taken first, then the crop is mirrored.
 *
 * <p>In the terms of He et al. 2016, Sec. 4.2 ("4 pixels are padded on each side, and a 32x32 crop is
 * randomly sampled from the padded image or its horizontal flip"): a crop at (top, left) of the image
 * padded by p has shifts (top - p, left - p) — see {@link #inPadded}. Flipping the padded image and
 * cropping at left is the same as cropping at 2p - left and flipping the crop, so with a uniform left
 * both readings give the same distribution.
 *
 * @param rowShift how far down the source the crop starts (negative: into the top padding)
 * @param colShift how far right the source the crop starts (negative: into the left padding)
 * @param flip     whether the crop is mirrored left to right
 */
public record Placement(int rowShift, int colShift, boolean flip) {

    /** The image itself. */
    public static final Placement IDENTITY = new Placement(0, 0, false);

    /**
     * The crop whose top-left corner is at ({@code top}, {@code left}) of the image zero-padded by
     * {@code padding} on each side; (padding, padding) is the unshifted image.
     */
    public static Placement inPadded(int padding, int top, int left, boolean flip) {
        if (top < 0 || left < 0 || top > 2 * padding || left > 2 * padding) {
            throw new IllegalArgumentException("a crop at (" + top + ", " + left + ") of an image padded by "
                    + padding + " must lie within 0.." + 2 * padding + " on each axis");
        }
        return new Placement(top - padding, left - padding, flip);
    }
}
