package io.cnnzoo.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ImageBatchIteratorTest {

    /** Ten 1x2x2 images; image i has pixels (i, 255, 0, 25i) and label i % 3. */
    private static ImageDataset tenImages() {
        byte[] pixels = new byte[10 * 4];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            pixels[4 * i] = (byte) i;
            pixels[4 * i + 1] = (byte) 255;
            pixels[4 * i + 3] = (byte) (25 * i);
            labels[i] = i % 3;
        }
        return new ImageDataset("ten", pixels, labels, 1, 2, 2, 3);
    }

    private static List<Integer> epochOrder(ImageBatchIterator it) {
        List<Integer> order = new ArrayList<>();
        while (it.hasNext()) {
            DataSet batch = it.next();
            for (int i = 0; i < batch.numExamples(); i++) {
                order.add(Math.round(batch.getFeatures().getFloat(i, 0, 0, 0) * 255));
            }
        }
        return order;
    }

    @Test
    void batchesCoverEveryImageOnceWithASmallerLastBatch() {
        ImageBatchIterator it = ImageBatchIterator.shuffled(tenImages(), 4, 1);
        assertEquals(3, it.batchesPerEpoch());
        assertEquals(4, it.next().numExamples());
        assertEquals(4, it.next().numExamples());
        assertEquals(2, it.next().numExamples());
        assertFalse(it.hasNext());

        List<Integer> order = epochOrder(ImageBatchIterator.shuffled(tenImages(), 4, 1));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order.stream().sorted().toList());
    }

    @Test
    void scalesBytesToUnitIntervalAndOneHotEncodesLabels() {
        DataSet batch = ImageBatchIterator.inOrder(tenImages(), 10).next();
        assertArrayEquals(new long[]{10, 1, 2, 2}, batch.getFeatures().shape());
        assertEquals(1.0f, batch.getFeatures().getFloat(7, 0, 0, 1));
        assertEquals(0.0f, batch.getFeatures().getFloat(7, 0, 1, 0));
        assertEquals(175f / 255f, batch.getFeatures().getFloat(7, 0, 1, 1), 1e-7);
        assertArrayEquals(new float[]{0, 1, 0}, batch.getLabels().getRow(7).toFloatVector());
    }

    @Test
    void channelsLastTransposesEachImage() {
        // two 2x1x2 RGB-like images: pixel (c, y, x) = 100 * image + 10 * c + x
        byte[] pixels = new byte[2 * 3 * 2];
        for (int image = 0; image < 2; image++) {
            for (int c = 0; c < 3; c++) {
                for (int x = 0; x < 2; x++) {
                    pixels[image * 6 + c * 2 + x] = (byte) (100 * image + 10 * c + x);
                }
            }
        }
        ImageDataset rgb = new ImageDataset("rgb", pixels, new int[]{0, 1}, 3, 1, 2, 2);
        DataSet nchw = ImageBatchIterator.inOrder(rgb, 2).next();
        DataSet nhwc = ImageBatchIterator.inOrder(rgb, 2).channelsLast(true).next();
        assertArrayEquals(new long[]{2, 1, 2, 3}, nhwc.getFeatures().shape());
        assertEquals(nchw.getFeatures().permute(0, 2, 3, 1), nhwc.getFeatures());
        assertEquals(121f / 255f, nhwc.getFeatures().getFloat(1, 0, 1, 2), 1e-7);
    }

    @Test
    void sameSeedSameBatchesAndEachEpochReshuffles() {
        ImageBatchIterator a = ImageBatchIterator.shuffled(tenImages(), 3, 42);
        ImageBatchIterator b = ImageBatchIterator.shuffled(tenImages(), 3, 42);
        List<Integer> first = epochOrder(a);
        assertEquals(first, epochOrder(b));
        a.reset();
        assertNotEquals(first, epochOrder(a));
        assertNotEquals(first, epochOrder(ImageBatchIterator.shuffled(tenImages(), 3, 43)));
    }

    @Test
    void seekingResumesExactlyWhereAnUninterruptedRunWouldBe() {
        ImageBatchIterator straight = ImageBatchIterator.shuffled(tenImages(), 3, 5);
        for (int i = 0; i < 4; i++) {
            straight.next(); // epoch 0: batches 0..3
        }
        straight.reset();
        straight.next(); // epoch 1, batch 0
        DataSet expected = straight.next();

        ImageBatchIterator resumed = ImageBatchIterator.shuffled(tenImages(), 3, 5);
        resumed.seekIteration(5); // 4 batches per epoch: iteration 5 = epoch 1, batch 1
        assertEquals(expected.getFeatures(), resumed.next().getFeatures());
    }
}
