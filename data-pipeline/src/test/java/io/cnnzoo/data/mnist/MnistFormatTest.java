package io.cnnzoo.data.mnist;

import io.cnnzoo.data.Split;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.IdxFiles;
import io.cnnzoo.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MnistFormatTest {

    @TempDir
    Path dir;

    @Test
    void loadsASplitTheTestWrote() throws IOException {
        IdxFiles.writeSplit(dir, "train", 5, 28, 28, new int[]{3, 1, 4, 1, 5}, true);
        ImageDataset train = MnistFormat.load(Datasets.MNIST, dir, Split.TRAIN);
        assertEquals(5, train.size());
        assertEquals(28, train.height());
        assertEquals(4, train.label(2));
        assertEquals(2, train.pixel(2, 783)); // the writer encodes the image index in every pixel
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        IdxFiles.writeSplit(dir, "train", 5, 28, 28, new int[]{0, 1, 2, 3, 4}, false);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.idx(new int[]{4}, new byte[4]));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> MnistFormat.load(Datasets.MNIST, dir, Split.TRAIN));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte") && e.getMessage().contains("4 labels")
                && e.getMessage().contains("5 images"), e.getMessage());
    }

    @Test
    void labelsOutsideTheClassesAreRejectedWithTheirRecord() throws IOException {
        IdxFiles.writeSplit(dir, "t10k", 3, 28, 28, new int[]{0, 10, 2}, false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> MnistFormat.load(Datasets.MNIST, dir, Split.TEST));
        assertTrue(e.getMessage().contains("label 10 of record 1") && e.getMessage().contains("0..9"), e.getMessage());
    }

    /**
     * Fashion-MNIST (Xiao et al. 2017): 60,000 training and 10,000 test images of 28x28, balanced over
     * ten classes. Debian's dataset-fashion-mnist package provides the files; CI installs it.
     */
    @Test
    void realFashionMnistHasThePapersCounts() throws IOException {
        Optional<Path> found = new DataLocator(null, Map.of(), dir).find(Datasets.FASHION_MNIST);
        assumeTrue(found.isPresent(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");

        ImageDataset train = MnistFormat.load(Datasets.FASHION_MNIST, found.get(), Split.TRAIN);
        ImageDataset test = MnistFormat.load(Datasets.FASHION_MNIST, found.get(), Split.TEST);

        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        int[] sixThousand = new int[10];
        int[] oneThousand = new int[10];
        java.util.Arrays.fill(sixThousand, 6_000);
        java.util.Arrays.fill(oneThousand, 1_000);
        assertArrayEquals(sixThousand, train.classCounts());
        assertArrayEquals(oneThousand, test.classCounts());
    }
}
