package io.cnnzoo.data.transform;

import io.cnnzoo.data.ImageDataset;

import java.util.Arrays;

/**
 * Mean and standard deviation of each channel of [0, 1]-scaled pixels, over all images and positions;
 * normalising maps x to (x - mean_c) / std_c, so the training set has mean 0 and standard deviation 1 per
 * channel (torchvision's {@code Normalize(mean, std)}). The deviation is the population one (divide by
 * the number of values N, not N - 1), which is what "std 1 after normalisation" needs.
 */
public final class ChannelStats implements Normalization {

    private final double[] mean;
    private final double[] std;

    private ChannelStats(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("need one mean and one std per channel, got " + mean.length + " and "
                    + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("channel " + c + " has standard deviation " + std[c]
                        + "; cannot normalise a constant channel");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Statistics given in [0, 1] units, e.g. published ones. */
    public static ChannelStats of(double[] mean, double[] std) {
        return new ChannelStats(mean, std);
    }

    /** The statistics of {@code data} (use the training split only). */
    public static ChannelStats of(ImageDataset data) {
        int channels = data.channels();
        int plane = data.height() * data.width();
        // Integer sums are exact: 50,000 CIFAR images give at most 50,000 * 1,024 * 255^2 ~ 3.3e12 per channel.
        long[] sum = new long[channels];
        long[] sumOfSquares = new long[channels];
        for (int i = 0; i < data.size(); i++) {
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long q = 0;
                for (int p = c * plane, end = p + plane; p < end; p++) {
                    int b = data.pixel(i, p);
                    s += b;
                    q += b * b;
                }
                sum[c] += s;
                sumOfSquares[c] += q;
            }
        }
        double n = (double) data.size() * plane;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            mean[c] = m / 255;
            std[c] = Math.sqrt(Math.max(0, sumOfSquares[c] / n - m * m)) / 255;
        }
        return new ChannelStats(mean, std);
    }

    public int channels() {
        return mean.length;
    }

    public double mean(int channel) {
        return mean[channel];
    }

    public double std(int channel) {
        return std[channel];
    }

    @Override
    public PixelMap pixelMap(int channels, int height, int width) {
        if (channels != mean.length) {
            throw new IllegalArgumentException("statistics of " + mean.length + " channels cannot normalise images of "
                    + channels);
        }
        float[] scale = new float[channels];
        float[] offset = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            scale[c] = (float) (1 / (255 * std[c]));
            Arrays.fill(offset, c * height * width, (c + 1) * height * width, (float) (-mean[c] / std[c]));
        }
        return new PixelMap(channels, height, width, scale, offset);
    }

    @Override
    public String toString() {
        return "per-channel mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }
}
