package io.cnnzoo.data.transform;

import io.cnnzoo.data.ImageDataset;

import java.util.Arrays;

/**
 * The mean image of a training set, of [0, 1]-scaled pixels: He et al. 2016, Sec. 4.2, feed CIFAR-10
 * images "with the per-pixel mean subtracted" (as Krizhevsky et al. 2012 did for ImageNet). Normalising
 * maps pixel x at (c, y, x) to x - mean(c, y, x), so the mean image of the training set becomes zero.
 */
public final class MeanImage implements Normalization {

    private final int channels;
    private final int height;
    private final int width;
    private final double[] mean;

    private MeanImage(int channels, int height, int width, double[] mean) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.mean = mean;
    }

    /** The mean of every pixel position over {@code data} (use the training split only). */
    public static MeanImage of(ImageDataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException(data.name() + " holds no images; it has no mean image");
        }
        int n = data.imageSize();
        long[] sum = new long[n];
        for (int i = 0; i < data.size(); i++) {
            for (int p = 0; p < n; p++) {
                sum[p] += data.pixel(i, p);
            }
        }
        double[] mean = new double[n];
        for (int p = 0; p < n; p++) {
            mean[p] = sum[p] / (255.0 * data.size());
        }
        return new MeanImage(data.channels(), data.height(), data.width(), mean);
    }

    /** The mean in [0, 1] units at {@code offset} = (c * H + y) * W + x. */
    public double mean(int offset) {
        return mean[offset];
    }

    @Override
    public PixelMap pixelMap(int c, int h, int w) {
        if (c != channels || h != height || w != width) {
            throw new IllegalArgumentException("a mean image of " + channels + "x" + height + "x" + width
                    + " cannot normalise images of " + c + "x" + h + "x" + w);
        }
        float[] scale = new float[c];
        Arrays.fill(scale, 1f / 255f);
        float[] offset = new float[mean.length];
        for (int p = 0; p < mean.length; p++) {
            offset[p] = (float) -mean[p];
        }
        return new PixelMap(c, h, w, scale, offset);
    }

    @Override
    public String toString() {
        return "mean image " + channels + "x" + height + "x" + width;
    }
}
