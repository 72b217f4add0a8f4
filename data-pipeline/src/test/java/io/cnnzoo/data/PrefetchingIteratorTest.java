package io.cnnzoo.data;

import io.cnnzoo.data.synthetic.SyntheticDataset;
import io.cnnzoo.data.transform.Augmentation;
import io.cnnzoo.data.transform.ChannelStats;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefetchingIteratorTest {

    private static final ImageDataset DATA = SyntheticDataset.of("cifar-like", 70, 3, 8, 8, 10, 3);

    private static ImageBatchIterator pipeline() {
        return ImageBatchIterator.shuffled(DATA, 16, 12).augment(Augmentation.cifar(12)).normalize(ChannelStats.of(DATA));
    }

    private static List<INDArray> epoch(DataSetIterator it) {
        List<INDArray> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next().getFeatures());
        }
        return out;
    }

    @Test
    void prefetchedBatchesAreTheBatchesWithoutPrefetch() {
        ImageBatchIterator direct = pipeline();
        List<INDArray> expected = new ArrayList<>(epoch(direct));
        direct.reset();
        expected.addAll(epoch(direct));

        try (PrefetchingIterator prefetched = new PrefetchingIterator(pipeline(), 2)) {
            List<INDArray> got = new ArrayList<>(epoch(prefetched));
            assertThrows(NoSuchElementException.class, prefetched::next);
            prefetched.reset(); // the next epoch, as ImageBatchIterator.reset() does
            got.addAll(epoch(prefetched));
            assertEquals(5 * 2, got.size());
            assertEquals(expected, got);
        }
    }

    @Test
    void restartRepositionsLikeSeekIteration() {
        List<INDArray> straight = new ArrayList<>();
        ImageBatchIterator direct = pipeline();
        straight.addAll(epoch(direct));
        direct.reset();
        straight.addAll(epoch(direct));

        ImageBatchIterator backing = pipeline();
        try (PrefetchingIterator prefetched = new PrefetchingIterator(backing, 3)) {
            prefetched.next(); // the thread has run ahead of this by now
            prefetched.restart(() -> backing.seekIteration(7));
            assertEquals(straight.subList(7, 10), epoch(prefetched));
        }
    }

    /** Yields {@code good} one-image batches, then fails. */
    private static DataSetIterator failingAfter(int good, RuntimeException failure) {
        ImageBatchIterator it = ImageBatchIterator.inOrder(DATA, 1);
        it.setPreProcessor(new DataSetPreProcessor() {
            private int made;

            @Override
            public void preProcess(org.nd4j.linalg.dataset.api.DataSet batch) {
                if (made++ == good) {
                    throw failure;
                }
            }
        });
        return it;
    }

    @Test
    void aFailureOfTheProducerSurfacesInNextWithItsCause() {
        IllegalArgumentException failure = new IllegalArgumentException("record 2 is broken");
        try (PrefetchingIterator prefetched = new PrefetchingIterator(failingAfter(2, failure), 4)) {
            prefetched.next();
            prefetched.next();
            assertTrue(prefetched.hasNext(), "a pending failure counts as a next element");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, prefetched::next);
            assertSame(failure, thrown.getCause());
            assertTrue(thrown.getMessage().contains("record 2 is broken"), thrown.getMessage());
            assertThrows(IllegalStateException.class, prefetched::next); // and again, until reset
        }
    }

    @Test
    void aConsumerWaitingForTheFailingBatchIsWokenByTheFailure() {
        IllegalStateException failure = new IllegalStateException("late failure");
        ImageBatchIterator it = ImageBatchIterator.inOrder(DATA, 1);
        it.setPreProcessor(batch -> {
            try {
                Thread.sleep(200); // the consumer is already waiting when this fails
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw failure;
        });
        try (PrefetchingIterator prefetched = new PrefetchingIterator(it, 2)) {
            assertSame(failure, assertThrows(IllegalStateException.class, prefetched::next).getCause());
        }
    }

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("cnnzoo-prefetch") && t.isAlive()).count();
    }

    @Test
    void closeStopsTheThreadAndEndsIteration() {
        long before = prefetchThreads();
        PrefetchingIterator prefetched = new PrefetchingIterator(pipeline(), 1);
        prefetched.next(); // the thread is now blocked on the full queue
        assertEquals(before + 1, prefetchThreads());
        prefetched.close();
        assertEquals(before, prefetchThreads());
        assertFalse(prefetched.hasNext());
        prefetched.close(); // twice is harmless
    }

    @Test
    void nd4jsAsyncIteratorYieldsTheSameBatchesWhenEachIsUsedAtOnce() {
        List<INDArray> expected = epoch(pipeline());
        ImageBatchIterator backing = pipeline();
        assertTrue(backing.asyncSupported());
        AsyncDataSetIterator async = new AsyncDataSetIterator(backing, 2);
        try {
            int i = 0;
            while (async.hasNext()) {
                DataSet batch = async.next();
                // compared before the next batch: the async iterator recycles its workspace memory
                assertEquals(expected.get(i++), batch.getFeatures());
            }
            assertEquals(expected.size(), i);
        } finally {
            async.shutdown();
        }
    }
}
