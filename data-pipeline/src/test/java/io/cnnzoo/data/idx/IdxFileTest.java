package io.cnnzoo.data.idx;

import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

    static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
