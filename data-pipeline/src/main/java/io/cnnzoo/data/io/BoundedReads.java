package io.cnnzoo.data.io;

import io.cnnzoo.data.DatasetFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reading a stream whose length only a header (or a registry) claims, without trusting the claim with
 * memory: the buffer grows as bytes actually arrive, so a 16-byte file announcing two gigabytes costs a few
 * kilobytes before it is refused, and a stream that runs past its limit (a gzip bomb) is refused as soon as
 * the first byte too many is inflated.
 */
public final class BoundedReads {

    /** The largest byte array the JVM allocates (a few header words below {@code Integer.MAX_VALUE}). */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final int FIRST_CHUNK = 1 << 16;

    private BoundedReads() {
    }

    /**
     * Everything left in {@code in}, which must be at most {@code limit} bytes.
     *
     * @param what what the limit is, for the message ("the 7,840 data bytes the header announces")
     * @throws DatasetFormatException naming {@code file} once byte {@code limit + 1} arrives
     */
    public static byte[] readAtMost(InputStream in, long limit, Path file, String what) throws IOException {
        if (limit < 0 || limit > MAX_ARRAY) {
            throw new DatasetFormatException(file, what + " (" + limit + " bytes) cannot be held in one array of at "
                    + "most " + MAX_ARRAY + " bytes");
        }
        byte[] buffer = new byte[(int) Math.min(limit + 1, FIRST_CHUNK)];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size > limit) {
                    throw new DatasetFormatException(file, "more bytes than " + what + ": the stream goes on past "
                            + "byte " + limit);
                }
                // One byte past the limit is enough to tell "too long" from "exactly right".
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit + 1, Math.max(FIRST_CHUNK, 2L * size)));
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) {
                return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
            }
            size += n;
        }
    }
}
