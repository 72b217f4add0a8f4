package io.cnnzoo.spark;

import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.Split;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns batch numbers into batches on an executor: batch b of epoch e of the seeded shuffle
 * {@link ImageBatchIterator} makes on one machine (epoch -1: the split in file order, for evaluation). The images
 * are read from the shared folder once per executor JVM.
 */
final class ShuffledBatches implements FlatMapFunction<Iterator<Integer>, DataSet> {

    private static final Map<String, ImageDataset> LOADED = new ConcurrentHashMap<>();

    private final String dataDir;
    private final String dataset;
    private final Split split;
    private final int images;
    private final long seed;
    private final int batchSize;
    private final int epoch;

    ShuffledBatches(String dataDir, String dataset, Split split, int images, long seed, int batchSize, int epoch) {
        this.dataDir = dataDir;
        this.dataset = dataset;
        this.split = split;
        this.images = images;
        this.seed = seed;
        this.batchSize = batchSize;
        this.epoch = epoch;
    }

    /** The split of {@code dataset} in {@code dataDir}, or a seeded subset of {@code images} of it (0: all). */
    static ImageDataset images(String dataDir, String dataset, Split split, int images, long seed) {
        return LOADED.computeIfAbsent(dataDir + "|" + dataset + "|" + split + "|" + images + "|" + seed, key -> {
            try {
                ImageDataset all = Datasets.byName(dataset).load(Path.of(dataDir), split);
                return images == 0 || images >= all.size() ? all
                        : all.randomSubset(all.name() + "-" + images, images, seed);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dataset + " from " + dataDir + " on this executor: "
                        + "the folder must hold the same files on every machine (shared storage)", e);
            }
        });
    }

    @Override
    public Iterator<DataSet> call(Iterator<Integer> numbers) {
        ImageDataset data = images(dataDir, dataset, split, images, seed);
        ImageBatchIterator batches = epoch < 0 ? ImageBatchIterator.inOrder(data, batchSize)
                : ImageBatchIterator.shuffled(data, batchSize, seed);
        List<DataSet> made = new ArrayList<>();
        int next = -1;
        while (numbers.hasNext()) {
            int number = numbers.next();
            if (number != next) {
                batches.seek(Math.max(epoch, 0), number); // a partition's numbers are consecutive: one seek
            }
            made.add(batches.next());
            next = number + 1;
        }
        return made.iterator();
    }
}
