package io.cnnzoo.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Assembles the batches of another iterator on a background daemon thread, up to {@code depth} ahead,
 * so that a training step finds its next batch ready. The batches and their order are exactly the
 * backing iterator's: prefetching changes when a batch is made, never what it holds.
 *
 * <ul>
 *   <li>A failure of the backing iterator is delivered in order: the batches made before it are returned,
 *       then {@link #next()} throws an {@link IllegalStateException} whose cause is the original throwable
 *       ({@link #hasNext()} returns true while a failure is pending, so a {@code while (hasNext()) next()}
 *       loop sees it).</li>
 *   <li>{@link #reset()} stops the thread, discards prefetched batches, resets the backing iterator and
 *       starts again; {@link #restart(Runnable)} does the same with any repositioning in place of the
 *       reset (e.g. {@code it.restart(() -> batches.seekIteration(n))}). Never touch the backing iterator
 *       otherwise while this one is open: the background thread owns it.</li>
 *   <li>{@link #close()} stops the thread; nothing runs after it returns.</li>
 * </ul>
 *
 * <p>Why not ND4J's {@code AsyncDataSetIterator}: in 1.0.0-M2.1 its producer thread stores a failure
 * without queueing an end marker, so a consumer already waiting in {@code hasNext()} blocks for ever; and
 * by default it allocates batches in a cyclic workspace that later batches overwrite, so a batch must not
 * be kept past the next few. This class queues the failure itself and hands out ordinary arrays.
 * {@link ImageBatchIterator} still reports {@code asyncSupported()}, so DL4J's {@code fit(iterator)} may
 * wrap it in its own prefetcher; this one reports false, as it prefetches already.
 */
public final class PrefetchingIterator implements DataSetIterator, AutoCloseable {

    /** What the queue carries: a batch, the end of the epoch, or the producer's failure. */
    private record Item(DataSet batch, Throwable failure) {
        static final Item END = new Item(null, null);
    }

    private final DataSetIterator backing;
    private final int depth;
    private final Integer device;
    private BlockingQueue<Item> queue;
    private Thread producer;
    private Item pending;
    private long produced;

    /** Prefetches up to {@code depth} batches of {@code backing}, starting now. */
    public PrefetchingIterator(DataSetIterator backing, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("prefetch depth must be at least 1, got " + depth);
        }
        this.backing = backing;
        this.depth = depth;
        // batches made on the producer thread belong to the consumer's device (matters for CUDA)
        this.device = Nd4j.getAffinityManager().getDeviceForCurrentThread();
        start();
    }

    private void start() {
        BlockingQueue<Item> q = new ArrayBlockingQueue<>(depth);
        queue = q;
        pending = null;
        produced = 0;
        producer = new Thread(() -> produce(q), "cnnzoo-prefetch");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(BlockingQueue<Item> q) {
        try {
            Item last;
            try {
                Nd4j.getAffinityManager().unsafeSetDevice(device); // as ND4J's AsyncDataSetIterator does
                while (backing.hasNext()) {
                    DataSet batch = backing.next();
                    Nd4j.getExecutioner().commit(); // the batch is complete before the consumer sees it
                    q.put(new Item(batch, null));
                }
                last = Item.END;
            } catch (InterruptedException e) {
                throw e;
            } catch (Throwable t) {
                last = new Item(null, t);
            }
            q.put(last);
        } catch (InterruptedException e) {
            // stopped by reset(), restart() or close(): nothing more to deliver
        }
    }

    private void stop() {
        Thread t = producer;
        if (t == null) {
            return;
        }
        t.interrupt();
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish stopping, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        producer = null;
        queue.clear();
        pending = null;
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            if (producer == null) {
                return false; // closed
            }
            try {
                pending = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a prefetched batch", e);
            }
        }
        return pending != Item.END;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the prefetched iterator is exhausted; call reset()");
        }
        Item item = pending;
        if (item.failure() != null) {
            // keep the failure pending: every later call reports it too, until reset() or restart()
            throw new IllegalStateException("making batch " + produced + " (counted from the last start) on the prefetch thread failed: "
                    + item.failure(), item.failure());
        }
        pending = null;
        produced++;
        return item.batch();
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("a prefetched iterator yields the backing iterator's batches;"
                + " set the batch size there");
    }

    /** Resets the backing iterator (for {@link ImageBatchIterator}: the next epoch) and prefetches anew. */
    @Override
    public void reset() {
        restart(backing::reset);
    }

    /**
     * Stops prefetching, discards the batches made ahead, runs {@code reposition} (which may move the
     * backing iterator anywhere) and prefetches from there.
     */
    public void restart(Runnable reposition) {
        stop();
        reposition.run();
        start();
    }

    /** Stops the background thread; the iterator has no more batches afterwards. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public int inputColumns() {
        return backing.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return backing.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return backing.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return backing.batch();
    }

    /**
     * Sets the backing iterator's preprocessor, which runs on the background thread; set it before
     * wrapping (or before a restart), as batches already made ahead keep the old one.
     */
    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        backing.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return backing.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return backing.getLabels();
    }
}
