package io.cnnzoo.data.idx;

import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IDX format as LeCun et al. describe it on the MNIST page. */
class IdxFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheSpecsLayoutRawAndGzipped() throws IOException {
        // The MNIST page's example header: 0x00000803, then 60000, 28, 28 as big-endian ints.
        byte[] header = {0, 0, 8, 3, 0, 0, (byte) 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28};
        byte[] data = new byte[60000 * 28 * 28];
        data[data.length - 1] = (byte) 0xFF;
        byte[] content = new byte[header.length + data.length];
        System.arraycopy(header, 0, content, 0, header.length);
        System.arraycopy(data, 0, content, header.length, data.length);

        for (String name : new String[]{"raw-idx3-ubyte", "zipped-idx3-ubyte.gz"}) {
            IdxFile file = IdxFile.read(IdxFiles.write(dir.resolve(name), content), 3);
            assertArrayEquals(new int[]{60000, 28, 28}, file.dims());
            assertTrue((file.data()[data.length - 1] & 0xFF) == 255);
        }
    }

    @Test
    void wrongMagicNumberNamesTheFileAndTheExpectedMagic() throws IOException {
        Path labels = IdxFiles.write(dir.resolve("labels-idx1-ubyte"), IdxFiles.idx(new int[]{3}, new byte[3]));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(labels, 3));
        assertMessage(e, labels.toString(), "magic", "0x00000801", "0x00000803");
    }

    @Test
    void truncatedDataSaysHowManyBytesWereExpected() throws IOException {
        byte[] full = IdxFiles.idx(new int[]{10, 28, 28}, new byte[10 * 28 * 28]);
        Path file = IdxFiles.write(dir.resolve("cut-idx3-ubyte"), Arrays.copyOf(full, full.length - 100));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(file, 3));
        assertMessage(e, file.toString(), "truncated", "7840", "7740");
    }

    @Test
    void truncatedHeaderAndTrailingBytesAreErrors() throws IOException {
        Path header = IdxFiles.write(dir.resolve("header-idx3-ubyte"), new byte[]{0, 0, 8, 3, 0, 0});
        assertMessage(assertThrows(DatasetFormatException.class, () -> IdxFile.read(header, 3)),
                header.toString(), "truncated header");

        byte[] full = IdxFiles.idx(new int[]{2}, new byte[]{1, 2});
        Path longer = IdxFiles.write(dir.resolve("long-idx1-ubyte"), Arrays.copyOf(full, full.length + 1));
        assertMessage(assertThrows(DatasetFormatException.class, () -> IdxFile.read(longer, 1)),
                longer.toString(), "more data");
    }

    @Test
    void truncatedGzipStreamIsAnErrorNamingTheFile() throws IOException {
        Path whole = IdxFiles.write(dir.resolve("whole-idx1-ubyte.gz"), IdxFiles.idx(new int[]{5000}, new byte[5000]));
        byte[] zipped = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut-idx1-ubyte.gz"), Arrays.copyOf(zipped, zipped.length / 2));
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(cut, 1));
        assertMessage(e, cut.toString());
    }

    @Test
    void writtenFilesHaveTheSpecsBytesAndLeaveNoTemporaryFile() throws IOException {
        byte[] data = {7, 8, 9, 10, 11, 12};
        Path file = dir.resolve("w-idx3-ubyte");
        new IdxFile(new int[]{1, 2, 3}, data).write(file);
        assertArrayEquals(IdxFiles.idx(new int[]{1, 2, 3}, data), Files.readAllBytes(file));
        assertArrayEquals(new String[]{"w-idx3-ubyte"}, Files.list(dir).map(p -> p.getFileName().toString())
                .toArray(String[]::new));
    }

    /** A header of {@code dims} (IDX, unsigned bytes) with {@code dataBytes} zero bytes after it. */
    private Path hostile(String name, int[] dims, int dataBytes) throws IOException {
        return IdxFiles.write(dir.resolve(name), IdxFiles.idx(dims, new byte[dataBytes]));
    }

    @Test
    void aSixteenByteFileAnnouncingGigabytesIsRefusedBeforeAllocating() throws IOException {
        // The probe: 2,739,137 images of 28x28 (2.1 GB) announced by a 16-byte file.
        for (String name : new String[]{"claims-idx3-ubyte", "claims-idx3-ubyte.gz"}) {
            Path file = hostile(name, new int[]{2_739_137, 28, 28}, 0);
            long before = allocatedBytes();
            DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(file, 3));
            assertMessage(e, file.toString(), "truncated", "2147483408");
            assertTrue(allocatedBytes() - before < 16 << 20, "allocated " + (allocatedBytes() - before) + " bytes");
        }
    }

    @Test
    void dimensionsWhoseProductWrapsAroundAreRefused() throws IOException {
        // 2^16 * 2^16 * 2^16 = 2^48; in 32-bit arithmetic 2^16 * 2^16 wraps to 0, and so would the product.
        for (int[] dims : new int[][]{{65536, 65536, 65536}, {Integer.MAX_VALUE, Integer.MAX_VALUE, 4},
                {65536, 65536, 1}}) {
            Path file = hostile("wrap-idx3-ubyte", dims, 16);
            assertMessage(assertThrows(DatasetFormatException.class, () -> IdxFile.read(file, 3)), file.toString(),
                    "more than " + (Integer.MAX_VALUE - 8) + " values");
        }
    }

    @Test
    void zeroAndNegativeSizesAreRefusedWithTheirOffset() throws IOException {
        Path zeroRows = hostile("zero-idx3-ubyte", new int[]{5, 0, 28}, 0);
        assertMessage(assertThrows(DatasetFormatException.class, () -> IdxFile.read(zeroRows, 3)),
                zeroRows.toString(), "dimension 1 at offset 8 is 0");
        // 0x80000000 read as a signed int is negative; the IDX page calls sizes 32-bit integers.
        Path huge = hostile("huge-idx1-ubyte", new int[]{Integer.MIN_VALUE}, 0);
        assertMessage(assertThrows(DatasetFormatException.class, () -> IdxFile.read(huge, 1)), huge.toString(),
                "dimension 0 at offset 4 is 2147483648");
    }

    @Test
    void theRegistrysCountAndShapeBoundTheHeaderBeforeAnythingIsRead() throws IOException {
        // MNIST's training split: 60,000 images of 28x28 (LeCun's page).
        Path more = hostile("more-idx3-ubyte", new int[]{60_001, 28, 28}, 0);
        assertMessage(assertThrows(DatasetFormatException.class, () -> IdxFile.read(more, 3, 60_000, 28, 28)),
                more.toString(), "60001 entries", "at most 60000");
        Path wide = hostile("wide-idx3-ubyte", new int[]{1, 28, 29}, 28 * 29);
        assertMessage(assertThrows(DatasetFormatException.class, () -> IdxFile.read(wide, 3, 60_000, 28, 28)),
                wide.toString(), "dimension 2 at offset 12 is 29", "28x28");
    }

    @Test
    void aGzipThatInflatesPastItsHeaderIsStoppedAtTheFirstExtraByte() throws IOException {
        // 10 MB of zeros compress to ~10 kB; the header announces 10 bytes.
        Path bomb = IdxFiles.write(dir.resolve("bomb-idx1-ubyte.gz"), IdxFiles.idx(new int[]{10}, new byte[10_000_000]));
        assertTrue(Files.size(bomb) < 100_000);
        assertMessage(assertThrows(DatasetFormatException.class, () -> IdxFile.read(bomb, 1)), bomb.toString(),
                "more bytes than the 10 data bytes");
    }

    @Test
    void corruptDeflateDataIsAFormatErrorNotAZipException() throws IOException {
        Path whole = IdxFiles.write(dir.resolve("ok-idx1-ubyte.gz"), IdxFiles.idx(new int[]{5000}, new byte[5000]));
        byte[] zipped = Files.readAllBytes(whole);
        for (int i = 12; i < zipped.length - 8; i++) {
            zipped[i] ^= (byte) 0x5A;
        }
        Path corrupt = Files.write(dir.resolve("corrupt-idx1-ubyte.gz"), zipped);
        assertMessage(assertThrows(DatasetFormatException.class, () -> IdxFile.read(corrupt, 1)), corrupt.toString());
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
