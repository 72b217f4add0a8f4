package io.cnnzoo.data;

import io.cnnzoo.data.cifar.CifarFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every registered dataset reads itself: {@code Datasets.byName(name).load(dir, split)}. */
class RegistryReadersTest {

    private static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void everyRegisteredDatasetHasAReader() {
        for (DatasetSpec spec : Datasets.all()) {
            assertNotNull(spec.format(), spec.name());
        }
    }

    /** Zalando's README: 10,000 test images of 28x28, 1,000 per class. */
    @Test
    void fashionMnistReadsDebiansFilesByName() throws IOException {
        assumeTrue(Files.isDirectory(DEBIAN_FASHION_MNIST), "Debian's dataset-fashion-mnist is not installed");
        ImageDataset test = Datasets.byName("fashion-mnist").load(DEBIAN_FASHION_MNIST, Split.TEST);
        assertEquals(10_000, test.size());
        assertEquals(28, test.height());
        assertArrayEquals(new int[]{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.classCounts());
    }

    /**
     * A user's own CIFAR-10-format folder with fewer records than the published files (here 3 per training file,
     * 2 in the test file) reads in file order: training is data_batch_1 .. data_batch_5, the test split only
     * test_batch (the CIFAR page's layout).
     */
    @Test
    void cifar10ReadsASmallFolderOfItsFormat(@TempDir Path dir) throws IOException {
        for (int b = 1; b <= 5; b++) {
            CifarFiles.write(dir.resolve("data_batch_" + b + ".bin"), CifarFiles.cifar10(b, b + 1, 0));
        }
        CifarFiles.write(dir.resolve("test_batch.bin"), CifarFiles.cifar10(9, 8));
        ImageDataset train = Datasets.byName("cifar-10").load(dir, Split.TRAIN);
        ImageDataset test = Datasets.byName("cifar-10").load(dir, Split.TEST);
        assertEquals(15, train.size());
        assertEquals(2, test.size());
        assertEquals(2, train.label(3)); // data_batch_2's first record (labels 2, 3, 0)
        assertEquals(8, test.label(1));
        // record 1 of a file, channel 2, row 4, column 5: the pattern's value (1 + 3*2 + 5*4 + 7*5) % 256
        assertEquals(62, test.pixel(1, 2 * 1024 + 4 * 32 + 5));
    }

    /** A file larger than the whole published split is refused before it is read (3,073-byte records). */
    @Test
    void cifar10RefusesMoreThanTheSplitHolds(@TempDir Path dir) throws IOException {
        CifarFiles.write(dir.resolve("test_batch.bin"), new byte[10_001 * CifarFiles.CIFAR10_RECORD]);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Datasets.byName("cifar-10").load(dir, Split.TEST));
        assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
    }

    @Test
    void aDatasetKnownOnlyByItsFilesSaysItCannotBeRead(@TempDir Path dir) {
        DatasetSpec files = new DatasetSpec("toy", java.util.List.of("a"), java.util.List.of(), java.util.List.of("x"));
        assertThrows(IllegalStateException.class, () -> files.load(dir, Split.TRAIN));
    }
}
