package io.cnnzoo.data;

import java.util.Objects;

/**
 * Images of unsigned bytes and their labels, held in memory: image {@code i} occupies
 * {@code pixels[i * imageSize() .. (i + 1) * imageSize())} in channel, row, column order (NCHW).
 */
public final class ImageDataset {

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;

    public ImageDataset(String name, byte[] pixels, int[] labels, int channels, int height, int width,
                        int numClasses) {
        this.name = Objects.requireNonNull(name, "name");
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
        if ((long) labels.length * imageSize() != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need "
                    + (long) labels.length * imageSize() + " pixel bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of record " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
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

    public int numClasses() {
        return numClasses;
    }

    /** Values per image: channels x height x width. */
    public int imageSize() {
        return channels * height * width;
    }

    public int label(int index) {
        return labels[index];
    }

    /** The backing array (NCHW bytes of every image), for the batch writer; never modified. */
    byte[] pixelArray() {
        return pixels;
    }

    /** Pixel {@code offset} (0 .. imageSize()-1) of image {@code index}, as 0..255. */
    public int pixel(int index, int offset) {
        return pixels[index * imageSize() + offset] & 0xFF;
    }

    /** Copies image {@code index} into {@code dest} at {@code destOffset}, scaled to [0, 1]. */
    public void copyScaled(int index, float[] dest, int destOffset) {
        int n = imageSize();
        int base = index * n;
        for (int i = 0; i < n; i++) {
            dest[destOffset + i] = (pixels[base + i] & 0xFF) * (1f / 255f);
        }
    }

    /** How many images carry each label. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The images at {@code indices}, in that order (copied). */
    public ImageDataset subset(String subsetName, int[] indices) {
        int n = imageSize();
        byte[] subPixels = new byte[indices.length * n];
        int[] subLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * n, subPixels, i * n, n);
            subLabels[i] = labels[indices[i]];
        }
        return new ImageDataset(subsetName, subPixels, subLabels, channels, height, width, numClasses);
    }

    /** {@code n} distinct images drawn without replacement, the same ones for the same seed. */
    public ImageDataset randomSubset(String subsetName, int n, long seed) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException(name + " has " + size() + " images; cannot draw " + n);
        }
        int[] indices = java.util.stream.IntStream.range(0, size()).toArray();
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(size() - i);
            int t = indices[i];
            indices[i] = indices[j];
            indices[j] = t;
        }
        return subset(subsetName, java.util.Arrays.copyOf(indices, n));
    }

    /**
     * Holds {@code validationSize} images out, stratified by class, the same ones for the same seed (He et
     * al. 2016 hold 5,000 of CIFAR-10's 50,000 training images out); see {@link DatasetSplit}.
     */
    public DatasetSplit split(int validationSize, long seed) {
        return DatasetSplit.of(this, validationSize, seed);
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images, " + channels + "x" + height + "x" + width + ", " + numClasses
                + " classes)";
    }
}
