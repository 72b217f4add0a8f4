package io.cnnzoo.data.synthetic;

import io.cnnzoo.data.ImageDataset;

import java.util.SplittableRandom;

/**
 * Images of any shape with uniformly random pixel bytes (0..255) and uniformly random labels, the same
 * for the same seed: for benchmarks and tests that need data of a given shape but not its content.
 */
public final class SyntheticDataset {

    private SyntheticDataset() {
    }

    /** {@code n} images of {@code channels x height x width} in {@code numClasses} classes. */
    public static ImageDataset of(String name, int n, int channels, int height, int width, int numClasses,
                                  long seed) {
        if (n < 0 || channels < 1 || height < 1 || width < 1 || numClasses < 1) {
            throw new IllegalArgumentException("a synthetic dataset needs n >= 0 and positive channels, height, width"
                    + " and classes; got n=" + n + ", " + channels + "x" + height + "x" + width + ", "
                    + numClasses + " classes");
        }
        long bytes = (long) n * channels * height * width;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": " + bytes + " pixel bytes exceed one Java array");
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[(int) bytes];
        int i = 0;
        for (; i + 8 <= pixels.length; i += 8) { // eight bytes per draw
            long r = random.nextLong();
            for (int k = 0; k < 8; k++) {
                pixels[i + k] = (byte) (r >>> (8 * k));
            }
        }
        for (long r = random.nextLong(); i < pixels.length; i++, r >>>= 8) {
            pixels[i] = (byte) r;
        }
        int[] labels = new int[n];
        for (int j = 0; j < n; j++) {
            labels[j] = random.nextInt(numClasses);
        }
        return new ImageDataset(name, pixels, labels, channels, height, width, numClasses);
    }
}
