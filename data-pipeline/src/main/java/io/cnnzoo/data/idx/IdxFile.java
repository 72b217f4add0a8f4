package io.cnnzoo.data.idx;

import io.cnnzoo.data.DatasetFormatException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An IDX file of unsigned bytes, the format of MNIST and its family (LeCun et al.,
 * http://yann.lecun.com/exdb/mnist/): a 4-byte magic number {@code 0x00 0x00 0x08 d} (type 0x08 =
 * unsigned byte, d = number of dimensions), d big-endian 32-bit sizes, then the data in row-major
 * order. Files ending in {@code .gz} are decompressed on the fly.
 *
 * @param dims the sizes, outermost first ({@code [60000, 28, 28]})
 * @param data the values, row-major, as stored (read them with {@code & 0xFF})
 */
public record IdxFile(int[] dims, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;

    /** Reads {@code file}, which must hold exactly {@code expectedDims} dimensions of unsigned bytes. */
    public static IdxFile read(Path file, int expectedDims) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(open(file), 1 << 16))) {
            int magic = readHeaderInt(in, file, "the magic number");
            int expectedMagic = (UNSIGNED_BYTE << 8) | expectedDims;
            if (magic != expectedMagic) {
                throw new DatasetFormatException(file, String.format(
                        "wrong magic number 0x%08X at offset 0, expected 0x%08X (IDX, unsigned bytes, %d dimensions)",
                        magic, expectedMagic, expectedDims));
            }
            int[] dims = new int[expectedDims];
            long count = 1;
            for (int i = 0; i < expectedDims; i++) {
                dims[i] = readHeaderInt(in, file, "dimension " + i);
                if (dims[i] < 0) {
                    throw new DatasetFormatException(file, "negative size " + dims[i] + " of dimension " + i
                            + " at offset " + (4 + 4 * i));
                }
                count *= dims[i];
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new DatasetFormatException(file, "sizes " + Arrays.toString(dims) + " hold " + count
                        + " values, more than one array can");
            }
            int headerBytes = 4 + 4 * expectedDims;
            byte[] data = new byte[(int) count];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new DatasetFormatException(file, "truncated: the header " + Arrays.toString(dims)
                        + " announces " + data.length + " data bytes after the " + headerBytes
                        + "-byte header, found " + read);
            }
            if (in.read() != -1) {
                throw new DatasetFormatException(file, "more data than the header " + Arrays.toString(dims)
                        + " announces: expected the file to end at data byte " + data.length);
            }
            return new IdxFile(dims, data);
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated compressed stream: " + e.getMessage(), e);
        }
    }

    /**
     * Writes this array as an IDX file (gzipped when the name ends in {@code .gz}) through a temporary
     * file, so that {@code file} is either absent or complete.
     */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                         file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw, 1 << 16))) {
                out.writeInt((UNSIGNED_BYTE << 8) | dims.length);
                for (int d : dims) {
                    out.writeInt(d);
                }
                out.write(data);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                return new GZIPInputStream(raw, 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw new DatasetFormatException(file, "not a gzip file: " + e.getMessage(), e);
            }
        }
        return raw;
    }

    private static int readHeaderInt(DataInputStream in, Path file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated header: the file ends before " + what);
        }
    }
}
