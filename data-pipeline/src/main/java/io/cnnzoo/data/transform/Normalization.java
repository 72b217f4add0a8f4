package io.cnnzoo.data.transform;

/**
 * A fixed affine map of [0, 1]-scaled pixels, computed once on the training set and applied to every
 * split: {@link ChannelStats} (per-channel mean and standard deviation) or {@link MeanImage} (He et al.'s
 * per-pixel mean subtraction).
 */
public interface Normalization {

    /** The map for images of this shape; fails when the statistics were computed on another shape. */
    PixelMap pixelMap(int channels, int height, int width);
}
