package io.cnnzoo.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DatasetSplitTest {

    /**
     * CIFAR-10's training set as far as splitting is concerned: 50,000 images, 5,000 of each of 10
     * classes (Krizhevsky 2009; the CIFAR-10 page). Image i is one pixel holding i mod 256, label i mod 10.
     */
    private static ImageDataset cifar10Sized() {
        int n = 50_000;
        byte[] pixels = new byte[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = (byte) i;
            labels[i] = i % 10;
        }
        return new ImageDataset("cifar10-sized", pixels, labels, 1, 1, 1, 10);
    }

    @Test
    void thePapers45kTo5kSplitIsDisjointCompleteAndStratified() {
        ImageDataset data = cifar10Sized();
        DatasetSplit split = data.split(5_000, 42);
        assertEquals(45_000, split.train().size());
        assertEquals(5_000, split.validation().size());

        boolean[] seen = new boolean[data.size()];
        for (int i : split.trainIndices()) {
            assertFalse(seen[i], "index " + i + " twice");
            seen[i] = true;
        }
        for (int i : split.validationIndices()) {
            assertFalse(seen[i], "index " + i + " in both parts");
            seen[i] = true;
        }
        for (int i = 0; i < seen.length; i++) {
            assertEquals(true, seen[i], "index " + i + " in neither part");
        }
        // 5,000 of 50,000 from 10 balanced classes: 500 of each
        assertArrayEquals(new int[]{500, 500, 500, 500, 500, 500, 500, 500, 500, 500}, split.validation().classCounts());
        // the subsets hold the images at their indices
        for (int j = 0; j < 100; j++) {
            int i = split.validationIndices()[j];
            assertEquals(data.label(i), split.validation().label(j));
            assertEquals(data.pixel(i, 0), split.validation().pixel(j, 0));
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        ImageDataset data = cifar10Sized();
        DatasetSplit a = data.split(5_000, 1);
        assertArrayEquals(a.validationIndices(), data.split(5_000, 1).validationIndices());
        assertFalse(Arrays.equals(a.validationIndices(), data.split(5_000, 2).validationIndices()));
    }

    @Test
    void unevenSharesAreRoundedByLargestRemainder() {
        // classes of 5, 3 and 2 images; holding 3 out: shares 1.5, 0.9, 0.6 -> 1, 1, 1
        int[] labels = {0, 0, 0, 0, 0, 1, 1, 1, 2, 2};
        ImageDataset data = new ImageDataset("uneven", new byte[10], labels, 1, 1, 1, 3);
        assertArrayEquals(new int[]{1, 1, 1}, data.split(3, 7).validation().classCounts());
        // holding 5 out: 2.5, 1.5, 1.0 -> 2 + 1 + 1 = 4, the remaining one to the class listed first of the
        // two tied remainders of 0.5: class 0
        assertArrayEquals(new int[]{3, 1, 1}, data.split(5, 7).validation().classCounts());
        assertEquals(0, data.split(0, 7).validation().size());
        assertEquals(10, data.split(10, 7).validation().size());
        assertArrayEquals(IntStream.range(0, 10).toArray(), data.split(0, 7).trainIndices());
    }

    @Test
    void tooLargeAValidationSetIsRejected() {
        ImageDataset data = new ImageDataset("three", new byte[3], new int[3], 1, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> data.split(4, 0));
        assertThrows(IllegalArgumentException.class, () -> data.split(-1, 0));
    }
}
