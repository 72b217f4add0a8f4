package io.cnnzoo.data.transform;

import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.synthetic.SyntheticDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentedBatchesTest {

    private static final ImageDataset DATA = SyntheticDataset.of("cifar-like", 50, 3, 8, 8, 10, 3);

    private static ImageBatchIterator augmented(long seed) {
        return ImageBatchIterator.shuffled(DATA, 16, seed).augment(Augmentation.cifar(seed))
                .normalize(ChannelStats.of(DATA));
    }

    /** {@code batches} batches, crossing epochs as a training loop does. */
    private static List<INDArray> take(ImageBatchIterator it, int batches) {
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            if (!it.hasNext()) {
                it.reset();
            }
            out.add(it.next().getFeatures());
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndAnotherSeedOthers() {
        List<INDArray> a = take(augmented(1), 9);
        assertEquals(a, take(augmented(1), 9));
        assertNotEquals(a, take(augmented(2), 9));
        // the same order with another augmentation seed also differs: the crops alone change the batches
        List<INDArray> otherCrops = take(ImageBatchIterator.shuffled(DATA, 16, 1).augment(Augmentation.cifar(99))
                .normalize(ChannelStats.of(DATA)), 9);
        for (int i = 0; i < 9; i++) {
            assertNotEquals(a.get(i), otherCrops.get(i));
        }
    }

    @Test
    void seekIterationReproducesTheUninterruptedSequence() {
        List<INDArray> straight = take(augmented(5), 11); // 4 batches per epoch: crosses two epoch boundaries
        for (int start : new int[]{0, 3, 4, 6, 10}) {
            ImageBatchIterator resumed = augmented(5);
            resumed.seekIteration(start);
            assertEquals(straight.subList(start, 11), take(resumed, 11 - start), "resumed at iteration " + start);
        }
    }

    @Test
    void anImagesAugmentationDoesNotDependOnTheBatchSize() {
        ImageBatchIterator whole = ImageBatchIterator.inOrder(DATA, 50).augment(Augmentation.cifar(8));
        INDArray all = whole.next().getFeatures();
        ImageBatchIterator small = ImageBatchIterator.inOrder(DATA, 7).augment(Augmentation.cifar(8));
        int from = 0;
        while (small.hasNext()) {
            INDArray batch = small.next().getFeatures();
            for (int i = 0; i < batch.size(0); i++) {
                assertEquals(all.slice(from + i), batch.slice(i));
            }
            from += (int) batch.size(0);
        }
    }

    @Test
    void augmentationChangesImagesAndEveryEpochDrawsAnew() {
        ImageBatchIterator plain = ImageBatchIterator.inOrder(DATA, 50);
        ImageBatchIterator it = ImageBatchIterator.inOrder(DATA, 50).augment(Augmentation.cifar(4));
        INDArray original = plain.next().getFeatures();
        INDArray epoch0 = it.next().getFeatures();
        it.reset();
        INDArray epoch1 = it.next().getFeatures();
        int unchanged = 0;
        int sameInBothEpochs = 0;
        for (int i = 0; i < 50; i++) {
            unchanged += epoch0.slice(i).equals(original.slice(i)) ? 1 : 0;
            sameInBothEpochs += epoch0.slice(i).equals(epoch1.slice(i)) ? 1 : 0;
        }
        // an image is unchanged only for the centre crop without flip, p = 1/81 * 1/2 per image
        assertTrue(unchanged < 5, unchanged + " of 50 images unchanged");
        assertTrue(sameInBothEpochs < 5, sameInBothEpochs + " of 50 images placed alike in two epochs");
    }

    @Test
    void batchesStayValidWhileLaterOnesAreMade() {
        ImageBatchIterator it = augmented(6);
        DataSet first = it.next();
        INDArray copy = first.getFeatures().dup();
        it.next();
        it.next();
        assertEquals(copy, first.getFeatures());
    }

    @Test
    void channelsLastBatchesArePermutedChannelsFirstOnes() {
        INDArray nchw = augmented(9).next().getFeatures();
        INDArray nhwc = augmented(9).channelsLast(true).next().getFeatures();
        assertEquals(nchw.permute(0, 2, 3, 1), nhwc);
    }
}
