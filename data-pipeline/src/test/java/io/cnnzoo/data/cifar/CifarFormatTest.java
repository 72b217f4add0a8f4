package io.cnnzoo.data.cifar;

import io.cnnzoo.data.Split;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.cnnzoo.data.cifar.CifarFiles.CIFAR10_RECORD;
import static io.cnnzoo.data.cifar.CifarFiles.CIFAR100_RECORD;
import static io.cnnzoo.data.cifar.CifarFiles.PATTERN;
import static io.cnnzoo.data.cifar.CifarFiles.cifar10;
import static io.cnnzoo.data.cifar.CifarFiles.records;
import static io.cnnzoo.data.cifar.CifarFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CifarFormatTest {

    private static final CifarFormat TINY_CIFAR10 = CifarFormat.cifar10().withoutRecordCountCheck();

    @TempDir
    Path dir;

    private static int[] labels(ImageDataset data) {
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(i);
        }
        return labels;
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void threeHandMadeRecordsKeepTheirLabelsAndPlanarPixels() throws IOException {
        write(dir.resolve("test_batch.bin"), cifar10(3, 0, 9));

        ImageDataset test = TINY_CIFAR10.load(dir, Split.TEST);

        assertEquals(3, test.size());
        assertEquals(3, test.channels());
        assertEquals(32, test.height());
        assertEquals(32, test.width());
        assertEquals(10, test.numClasses());
        assertArrayEquals(new int[]{3, 0, 9}, labels(test));
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        assertEquals(PATTERN.value(r, c, y, x), test.pixel(r, c * 1024 + y * 32 + x));
                    }
                }
            }
        }
        // by hand: record 2, blue (c=2), last row and column: 2 + 6 + 155 + 217 = 380 = 124 mod 256
        assertEquals(124, test.pixel(2, 2 * 1024 + 31 * 32 + 31));
    }

    @Test
    void theGreenValueOfRowZeroColumnTwoIsRecordByte1027() throws IOException {
        // The page: 1 label byte, 1,024 red values, then green, row-major; so byte 1 + 1024 + 2 of a record.
        byte[] file = new byte[2 * CIFAR10_RECORD];
        file[CIFAR10_RECORD + 1027] = (byte) 200;
        write(dir.resolve("test_batch.bin"), file);

        ImageDataset test = TINY_CIFAR10.load(dir, Split.TEST);

        int nonZero = 0;
        for (int i = 0; i < test.imageSize(); i++) {
            nonZero += test.pixel(0, i) + test.pixel(1, i) == 0 ? 0 : 1;
        }
        assertEquals(1, nonZero);
        assertEquals(200, test.pixel(1, 1 * 32 * 32 + 0 * 32 + 2)); // NCHW: c=1, y=0, x=2
    }

    @Test
    void cifar100ReadsFineOrCoarseLabels() throws IOException {
        write(dir.resolve("train.bin"), records(new int[][]{{19, 99}, {4, 42}, {0, 0}}, PATTERN));

        ImageDataset fine = CifarFormat.cifar100(CifarFormat.Labels.FINE).withoutRecordCountCheck()
                .load(dir, Split.TRAIN);
        ImageDataset coarse = CifarFormat.cifar100(CifarFormat.Labels.COARSE).withoutRecordCountCheck()
                .load(dir, Split.TRAIN);

        assertArrayEquals(new int[]{99, 42, 0}, labels(fine));
        assertEquals(100, fine.numClasses());
        assertArrayEquals(new int[]{19, 4, 0}, labels(coarse));
        assertEquals(20, coarse.numClasses());
        assertEquals(PATTERN.value(1, 1, 0, 2), fine.pixel(1, 1024 + 2)); // two label bytes, then the planes
        assertEquals(CIFAR100_RECORD, CifarFormat.cifar100(CifarFormat.Labels.FINE).recordSize());
    }

    @Test
    void trainingIsTheFiveBatchesInOrderAndTestOnlyTheTestBatch() throws IOException {
        for (int b = 1; b <= 5; b++) {
            write(dir.resolve("data_batch_" + b + ".bin"), cifar10(b, b));
        }
        write(dir.resolve("test_batch.bin"), cifar10(0, 0, 0));
        write(dir.resolve("batches.meta.txt"), "airplane\n".getBytes());

        ImageDataset train = TINY_CIFAR10.load(dir, Split.TRAIN);
        ImageDataset test = TINY_CIFAR10.load(dir, Split.TEST);

        assertArrayEquals(new int[]{1, 1, 2, 2, 3, 3, 4, 4, 5, 5}, labels(train));
        assertArrayEquals(new int[]{0, 0, 0}, labels(test));
        assertEquals(PATTERN.value(1, 0, 0, 0), train.pixel(9, 0)); // record 1 of data_batch_5.bin
    }

    @Test
    void gzippedBatchesAreDecompressed() throws IOException {
        IdxFiles.write(dir.resolve("test_batch.bin.gz"), cifar10(7, 1));
        assertArrayEquals(new int[]{7, 1}, labels(TINY_CIFAR10.load(dir, Split.TEST)));
    }

    /**
     * The probe: a small .gz that inflates to far more than a CIFAR-10 test batch (10,000 records of 3,073
     * bytes, 30,730,000 bytes [cifar page]) is stopped at the first byte past that, not inflated whole.
     */
    @Test
    void aGzipBombIsStoppedAtThePublishedSize() throws IOException {
        byte[] bomb = new byte[10_001 * CIFAR10_RECORD]; // all zeros: label 0, black pixels; ~30 kB compressed
        Path file = IdxFiles.write(dir.resolve("test_batch.bin.gz"), bomb);
        assertTrue(Files.size(file) < 200_000);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> CifarFormat.cifar10().load(dir, Split.TEST));
        assertMessage(e, file.toString(), "10000 records of a cifar-10 test file (30730000 bytes)", "past byte 30730000");
        // Without the count check, the limit is the whole test split: 10,000 records in one file.
        e = assertThrows(DatasetFormatException.class, () -> TINY_CIFAR10.load(dir, Split.TEST));
        assertMessage(e, file.toString(), "10000 records of the whole cifar-10 test split");
    }

    @Test
    void aRawFileLargerThanTheWholeSplitIsRefusedWithoutTheCountCheck() throws IOException {
        Path file = write(dir.resolve("test_batch.bin"), new byte[10_001 * CIFAR10_RECORD]);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> TINY_CIFAR10.load(dir, Split.TEST));
        assertMessage(e, file.toString(), "holds 10001 records", "at most the 10000 records");
    }

    @Test
    void aCorruptGzipIsAFormatErrorNamingTheFile() throws IOException {
        byte[] zipped = Files.readAllBytes(IdxFiles.write(dir.resolve("x.gz"), cifar10(1, 2, 3)));
        for (int i = 12; i < zipped.length - 8; i++) {
            zipped[i] ^= (byte) 0x33;
        }
        Path file = Files.write(dir.resolve("test_batch.bin.gz"), zipped);
        assertMessage(assertThrows(DatasetFormatException.class, () -> TINY_CIFAR10.load(dir, Split.TEST)),
                file.toString());
    }

    @Test
    void aMissingBatchIsNamedWithWhatWasFound() throws IOException {
        for (int b = 1; b <= 4; b++) {
            write(dir.resolve("data_batch_" + b + ".bin"), cifar10(b));
        }
        write(dir.resolve("test_batch.bin"), cifar10(0));

        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> TINY_CIFAR10.load(dir, Split.TRAIN));
        assertMessage(e, dir.resolve("data_batch_5.bin").toString(), "missing",
                "[data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, test_batch.bin]");
    }

    @Test
    void aSizeThatIsNotAWholeNumberOfRecordsIsRejected() throws IOException {
        write(dir.resolve("test_batch.bin"), Arrays.copyOf(cifar10(1, 2), 2 * CIFAR10_RECORD + 100));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> TINY_CIFAR10.load(dir, Split.TEST));
        assertMessage(e, "test_batch.bin", "not a multiple of the 3073-byte", "record 2 at offset 6146", "100 bytes");

        write(dir.resolve("test.bin"), Arrays.copyOf(records(new int[][]{{1, 1}}, PATTERN), CIFAR100_RECORD + 1));
        e = assertThrows(DatasetFormatException.class, () -> CifarFormat.cifar100(CifarFormat.Labels.FINE)
                .withoutRecordCountCheck().load(dir, Split.TEST));
        assertMessage(e, "test.bin", "not a multiple of the 3074-byte", "record 1 at offset 3074");
    }

    @Test
    void labelsOutOfRangeAreRejectedWithRecordAndOffset() throws IOException {
        write(dir.resolve("test_batch.bin"), cifar10(9, 10));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> TINY_CIFAR10.load(dir, Split.TEST));
        assertMessage(e, "test_batch.bin", "label 10 of record 1 (offset 3073)", "0..9");

        CifarFormat fine = CifarFormat.cifar100(CifarFormat.Labels.FINE).withoutRecordCountCheck();
        CifarFormat coarse = CifarFormat.cifar100(CifarFormat.Labels.COARSE).withoutRecordCountCheck();
        write(dir.resolve("test.bin"), records(new int[][]{{3, 5}, {19, 100}}, PATTERN));
        e = assertThrows(DatasetFormatException.class, () -> fine.load(dir, Split.TEST));
        assertMessage(e, "test.bin", "fine label 100 of record 1 (offset 3075)", "0..99");

        // A bad byte is bad whichever label is used.
        write(dir.resolve("test.bin"), records(new int[][]{{20, 5}}, PATTERN));
        for (CifarFormat format : new CifarFormat[]{fine, coarse}) {
            e = assertThrows(DatasetFormatException.class, () -> format.load(dir, Split.TEST));
            assertMessage(e, "test.bin", "coarse label 20 of record 0 (offset 0)", "0..19");
        }
    }

    /** The page: each CIFAR-10 batch holds 10,000 records (30,730,000 bytes); CIFAR-100 test.bin 10,000. */
    @Test
    void recordCountsAreCheckedUnlessRelaxed() throws IOException {
        write(dir.resolve("test_batch.bin"), cifar10(1, 2, 3));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> CifarFormat.cifar10().load(dir, Split.TEST));
        assertMessage(e, "test_batch.bin", "holds 3 records", "expected 10000 records (30730000 bytes)",
                "ends at offset 9219 after record 2");

        write(dir.resolve("test.bin"), records(new int[][]{{1, 1}}, PATTERN));
        e = assertThrows(DatasetFormatException.class, () -> CifarFormat.cifar100(CifarFormat.Labels.COARSE)
                .load(dir, Split.TEST));
        assertMessage(e, "test.bin", "holds 1 records", "expected 10000 records (30740000 bytes)");

        assertEquals(50_000, CifarFormat.cifar100(CifarFormat.Labels.FINE).recordsPerFile(Split.TRAIN));
        assertEquals(3, TINY_CIFAR10.load(dir, Split.TEST).size());
    }

    @Test
    void aFailedLoadLeavesTheFilesAsTheyWere() throws IOException {
        Path file = write(dir.resolve("test_batch.bin"), cifar10(11));
        byte[] before = Files.readAllBytes(file);
        assertThrows(DatasetFormatException.class, () -> TINY_CIFAR10.load(dir, Split.TEST));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
    }
}
