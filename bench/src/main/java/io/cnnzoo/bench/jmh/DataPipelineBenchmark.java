package io.cnnzoo.bench.jmh;

import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.synthetic.SyntheticDataset;
import io.cnnzoo.data.transform.Augmentation;
import io.cnnzoo.data.transform.ChannelStats;
import io.cnnzoo.data.transform.MeanImage;
import org.nd4j.linalg.dataset.DataSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The training data pipeline on one thread: CIFAR-shaped batches (128 x 3 x 32 x 32, from 50,000 synthetic
 * images of bytes, as many as CIFAR-10's training set) assembled by {@link ImageBatchIterator} on the
 * benchmark thread itself, without prefetching. The images counter gives images/s; issue 5 asks for at
 * least 20,000 with augmentation, while a resnet56 training step here consumes well under 1,000.
 *
 * <p>Each batch is a new 1.5 MB off-heap ND4J array. A fresh process on a VM pays a page fault per page
 * for its first few GB of off-heap memory (measured here: ~8 ms per batch for the first ~3,500 batches,
 * then ~1 ms), so the warm-up is long enough to reach the steady state a training run lives in.
 */
@State(Scope.Benchmark)
@Threads(1)
@Warmup(iterations = 3, time = 10)
public class DataPipelineBenchmark extends BenchmarkDefaults {

    /** "on": He et al.'s pad 4, random crop, flip p=0.5 ({@link Augmentation#cifar}); "off": none. */
    @Param({"off", "on"})
    public String augmentation;

    /** "channel" (per-channel mean/std), "pixel" (per-pixel mean subtraction) or "none" ([0, 1] only). */
    @Param({"channel"})
    public String normalization;

    private ImageBatchIterator batches;

    @Setup
    public void setUp() {
        ImageDataset train = SyntheticDataset.of("cifar-shaped", 50_000, 3, 32, 32, 10, 42);
        batches = ImageBatchIterator.shuffled(train, 128, 42);
        if (augmentation.equals("on")) {
            batches.augment(Augmentation.cifar(42));
        } else if (!augmentation.equals("off")) {
            throw new IllegalArgumentException("augmentation is on or off, not " + augmentation);
        }
        switch (normalization) {
            case "channel" -> batches.normalize(ChannelStats.of(train));
            case "pixel" -> batches.normalize(MeanImage.of(train));
            case "none" -> batches.normalize(null);
            default -> throw new IllegalArgumentException("normalization is channel, pixel or none, not " + normalization);
        }
    }

    /**
     * One batch as a training loop asks for it: shuffled order, transforms, the float batch and one-hot
     * labels as ND4J arrays; at the end of an epoch, the next epoch's permutation.
     */
    @Benchmark
    public DataSet nextBatch(Counters.Images images) {
        if (!batches.hasNext()) {
            batches.reset();
        }
        DataSet batch = batches.next();
        images.images += batch.numExamples();
        return batch;
    }
}
