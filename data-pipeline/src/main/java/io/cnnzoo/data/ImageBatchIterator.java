package io.cnnzoo.data;

import io.cnnzoo.data.transform.Augmentation;
import io.cnnzoo.data.transform.ImageWriter;
import io.cnnzoo.data.transform.Normalization;
import io.cnnzoo.data.transform.PixelMap;
import io.cnnzoo.data.transform.Placement;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Mini-batches of an {@link ImageDataset}: features {@code [batch, C, H, W]} (or channels last, see
 * {@link #channelsLast}) scaled to [0, 1], one-hot
 * labels {@code [batch, classes]}. An epoch covers every image once; the last batch is smaller when
 * the batch size does not divide the dataset (PyTorch's {@code drop_last=False}).
 *
 * <p>A shuffled iterator draws a new permutation for every epoch from the seed and the epoch number
 * alone, so the same seed gives the same batches, and a run resumed at epoch e, batch b sees what an
 * uninterrupted run would have ({@link #seek}). {@link #reset()} moves on to the next epoch.
 *
 * <p>Transforms apply while the batch is assembled, in one pass from the bytes (see {@link ImageWriter}):
 * <pre>{@code
 * ImageBatchIterator.shuffled(train, 128, seed)
 *         .augment(Augmentation.cifar(seed))     // pad 4, random 32x32 crop, flip with p = 0.5
 *         .normalize(ChannelStats.of(train));    // or MeanImage.of(train): He et al.'s per-pixel mean
 * }</pre>
 * The augmentation of the image at position k of epoch e depends only on (its seed, e, k), so batches
 * stay reproducible and {@link #seekIteration} still resumes exactly. Wrap the iterator in a
 * {@link PrefetchingIterator} to assemble batches on a background thread.
 */
public final class ImageBatchIterator implements DataSetIterator {

    private final ImageDataset data;
    private final int batchSize;
    private final Long seed;
    private final int[] order;
    private int epoch;
    private int cursor;
    private DataSetPreProcessor preProcessor;
    private boolean channelsLast;
    private Augmentation augmentation;
    private PixelMap pixelMap;
    private float[] features = new float[0]; // reused across batches: Nd4j.create copies it

    private ImageBatchIterator(ImageDataset data, int batchSize, Long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(data.name() + " holds no images");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.order = IntStream.range(0, data.size()).toArray();
        this.pixelMap = PixelMap.unit(data.channels(), data.height(), data.width());
        seek(0, 0);
    }

    /** Every image once per epoch, in a fresh seeded order each epoch. */
    public static ImageBatchIterator shuffled(ImageDataset data, int batchSize, long seed) {
        return new ImageBatchIterator(data, batchSize, seed);
    }

    /** Every image in stored order (for evaluation). */
    public static ImageBatchIterator inOrder(ImageDataset data, int batchSize) {
        return new ImageBatchIterator(data, batchSize, null);
    }

    /**
     * Features as {@code [batch, H, W, C]} (DL4J's NHWC) instead of {@code [batch, C, H, W]}, for
     * networks built channels-last.
     */
    public ImageBatchIterator channelsLast(boolean channelsLast) {
        this.channelsLast = channelsLast;
        return this;
    }

    /** Random crops and flips of every image ({@code null}: none, the default). */
    public ImageBatchIterator augment(Augmentation augmentation) {
        this.augmentation = augmentation;
        return this;
    }

    /**
     * Normalises the [0, 1]-scaled pixels with statistics of the training set ({@code null}: [0, 1]
     * scaling only, the default). Padding added by {@link #augment} stays zero after normalisation.
     */
    public ImageBatchIterator normalize(Normalization normalization) {
        this.pixelMap = normalization == null ? PixelMap.unit(data.channels(), data.height(), data.width())
                : normalization.pixelMap(data.channels(), data.height(), data.width());
        return this;
    }

    /** Batches in one epoch: ceil(size / batchSize). */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    public int epoch() {
        return epoch;
    }

    /** Positions the iterator before batch {@code batch} of epoch {@code epoch}. */
    public void seek(int epoch, int batch) {
        if (epoch < 0 || batch < 0 || batch > batchesPerEpoch()) {
            throw new IllegalArgumentException("no batch " + batch + " in epoch " + epoch + " (" + batchesPerEpoch()
                    + " batches per epoch)");
        }
        this.epoch = epoch;
        this.cursor = Math.min(batch * batchSize, data.size());
        if (seed != null) {
            shuffle(epoch);
        }
    }

    /** Positions the iterator before the {@code iteration}-th batch counted across epochs from 0. */
    public void seekIteration(long iteration) {
        seek((int) (iteration / batchesPerEpoch()), (int) (iteration % batchesPerEpoch()));
    }

    private void shuffle(int epochNumber) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Fisher-Yates with a generator that depends only on (seed, epoch).
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + epochNumber);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    @Override
    public boolean hasNext() {
        return cursor < data.size();
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " of " + data.name() + " is exhausted; call reset()");
        }
        int n = Math.min(num, data.size() - cursor);
        int imageSize = data.imageSize();
        if (features.length != n * imageSize) {
            features = new float[n * imageSize]; // first batch, and around a smaller last batch
        }
        float[] labels = new float[n * data.numClasses()];
        byte[] pixels = data.pixelArray();
        for (int i = 0; i < n; i++) {
            int index = order[cursor + i];
            Placement placement = augmentation == null ? Placement.IDENTITY
                    : augmentation.placement(epoch, cursor + i);
            ImageWriter.write(pixels, index * imageSize, placement, pixelMap, features, i * imageSize, channelsLast);
            labels[i * data.numClasses() + data.label(index)] = 1f;
        }
        cursor += n;
        long[] shape = channelsLast ? new long[]{n, data.height(), data.width(), data.channels()}
                : new long[]{n, data.channels(), data.height(), data.width()};
        DataSet batch = new DataSet(Nd4j.create(features, shape, DataType.FLOAT),
                Nd4j.create(labels, new long[]{n, data.numClasses()}, DataType.FLOAT));
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Starts the next epoch (a new permutation when shuffled). */
    @Override
    public void reset() {
        seek(epoch + 1, 0);
    }

    @Override
    public int inputColumns() {
        return data.imageSize();
    }

    @Override
    public int totalOutcomes() {
        return data.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /**
     * True: each batch is a new array whose content depends only on (seeds, epoch, position), never on
     * when {@code next()} runs, so DL4J's {@code fit(iterator)} may prefetch it with its
     * {@code AsyncDataSetIterator}. For a training loop of its own, see {@link PrefetchingIterator}.
     */
    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
