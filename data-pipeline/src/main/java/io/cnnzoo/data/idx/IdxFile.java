package io.cnnzoo.data.idx;

import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.io.BoundedReads;
import io.cnnzoo.io.AtomicFiles;

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
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

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
        return read(file, expectedDims, 0);
    }

    /**
     * Reads {@code file}, checking its header before anything is allocated: exactly {@code rank} dimensions, each
     * at least 1; at most {@code maxItems} entries along the first (when positive: what the registry publishes);
     * the other dimensions equal to {@code itemDims} when given ({@code 28, 28}); and, for a raw file, header
     * plus data exactly the file's size. A compressed file's data is allocated as it inflates, and refused at the
     * first byte past what the header announces.
     */
    public static IdxFile read(Path file, int rank, int maxItems, int... itemDims) throws IOException {
        if (itemDims.length != 0 && itemDims.length != rank - 1) {
            throw new IllegalArgumentException("itemDims must give the " + (rank - 1) + " inner sizes, got "
                    + Arrays.toString(itemDims));
        }
        boolean compressed = isGzip(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(open(file), 1 << 16))) {
            int magic = readHeaderInt(in, file, "the magic number");
            int expectedMagic = (UNSIGNED_BYTE << 8) | rank;
            if (magic != expectedMagic) {
                throw new DatasetFormatException(file, String.format(
                        "wrong magic number 0x%08X at offset 0, expected 0x%08X (IDX, unsigned bytes, %d dimensions)",
                        magic, expectedMagic, rank));
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = readHeaderInt(in, file, "dimension " + i);
                checkDimension(file, dims, i, maxItems, itemDims);
            }
            int headerBytes = 4 + 4 * rank;
            long count = valueCount(file, dims);
            if (!compressed) {
                long size = Files.size(file);
                if (size != headerBytes + count) {
                    throw new DatasetFormatException(file, (size < headerBytes + count ? "truncated: " : "more data "
                            + "than the header announces: ") + "the header " + Arrays.toString(dims) + " announces "
                            + count + " data bytes after the " + headerBytes + "-byte header (" + (headerBytes + count)
                            + " bytes in all), the file holds " + (size - headerBytes) + " data bytes (" + size
                            + " bytes in all)");
                }
            }
            String announced = "the " + count + " data bytes the header " + Arrays.toString(dims) + " announces";
            // A raw file's size was checked above, so its data array is allocated at once; a compressed one grows.
            byte[] data = compressed ? BoundedReads.readAtMost(in, count, file, announced)
                    : in.readNBytes((int) count);
            if (data.length < count) {
                throw new DatasetFormatException(file, "truncated: the header " + Arrays.toString(dims)
                        + " announces " + count + " data bytes after the " + headerBytes + "-byte header, found "
                        + data.length);
            }
            return new IdxFile(dims, data);
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated compressed stream: " + e.getMessage(), e);
        } catch (ZipException e) {
            throw new DatasetFormatException(file, "corrupt compressed stream: " + e.getMessage(), e);
        }
    }

    private static void checkDimension(Path file, int[] dims, int i, int maxItems, int[] itemDims)
            throws DatasetFormatException {
        long offset = 4 + 4L * i;
        if (dims[i] <= 0) {
            // Sizes are 32-bit big-endian; cnnzoo reads them as signed, so 2^31 and above show as negative.
            throw new DatasetFormatException(file, "dimension " + i + " at offset " + offset + " is "
                    + Integer.toUnsignedString(dims[i]) + "; expected a size from 1 to " + Integer.MAX_VALUE);
        }
        if (i == 0 && maxItems > 0 && dims[0] > maxItems) {
            throw new DatasetFormatException(file, "the header announces " + dims[0] + " entries (offset 4); this "
                    + "dataset has at most " + maxItems);
        }
        if (i > 0 && itemDims.length > 0 && dims[i] != itemDims[i - 1]) {
            throw new DatasetFormatException(file, "dimension " + i + " at offset " + offset + " is " + dims[i]
                    + "; this dataset's entries are " + joinSizes(itemDims));
        }
    }

    /** The product of the sizes, refused when it overflows or exceeds one Java array. */
    private static long valueCount(Path file, int[] dims) throws DatasetFormatException {
        long count = 1;
        for (int d : dims) {
            count = Math.multiplyExact(count, (long) d); // both factors below 2^31: exact in a long
            if (count > BoundedReads.MAX_ARRAY) {
                throw new DatasetFormatException(file, "sizes " + Arrays.toString(dims) + " hold more than "
                        + BoundedReads.MAX_ARRAY + " values, more than one array can");
            }
        }
        return count;
    }

    private static String joinSizes(int[] sizes) {
        StringBuilder s = new StringBuilder();
        for (int size : sizes) {
            s.append(s.length() == 0 ? "" : "x").append(size);
        }
        return s.toString();
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /**
     * Writes this array as an IDX file (gzipped when the name ends in {@code .gz}) through a temporary
     * file, so that {@code file} is either absent or complete.
     */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            OutputStream target = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target, 1 << 16));
            out.writeInt((UNSIGNED_BYTE << 8) | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            out.flush();
            if (target instanceof GZIPOutputStream gz) {
                gz.finish();
            }
        });
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (isGzip(file)) {
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
