package io.cnnzoo.data.fetch;

import io.cnnzoo.data.DatasetFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the entries of a tar stream (POSIX.1-1988 ustar, with GNU long names and pax {@code path} records, which
 * is what GNU tar writes): 512-byte headers holding an octal size and a checksum, each followed by the entry's
 * data padded to a multiple of 512 bytes, and two zero blocks at the end. Every header checksum is verified, and
 * a stream that ends inside an entry or without the end blocks is reported as truncated, naming the archive, the
 * entry and the offset in the uncompressed tar stream.
 */
final class TarReader {

    static final int BLOCK = 512;

    /** One entry: its path in the archive, size, type flag and the offset of its header. */
    record Entry(String name, long size, char type, long offset) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    private final InputStream in;
    private final Path archive;
    private long position;
    private Entry current;
    private long remaining;

    TarReader(InputStream in, Path archive) {
        this.in = in;
        this.archive = archive;
    }

    /** The next entry (skipping what is left of the current one), or {@code null} at the end-of-archive block. */
    Entry next() throws IOException {
        skipRest();
        String longName = null;
        while (true) {
            long offset = position;
            byte[] header = readBlock("a header");
            if (isZero(header)) {
                return null;
            }
            verifyChecksum(header, offset);
            String name = string(header, 0, 100);
            if (string(header, 257, 5).equals("ustar")) {
                String prefix = string(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            long size = octal(header, 124, 12, offset, "size");
            char type = (char) header[156];
            if (type == 'L' || type == 'x' || type == 'g') {
                String data = readMetadata(size, offset, type);
                if (type == 'L') {
                    longName = data;
                } else if (type == 'x') {
                    longName = paxPath(data, longName);
                }
                continue; // the metadata applies to the next header
            }
            current = new Entry(longName != null ? longName : name, size, type, offset);
            remaining = size;
            return current;
        }
    }

    /** Copies the current entry's data to {@code out}. */
    void copyEntry(OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw truncated();
            }
            out.write(buffer, 0, n);
            remaining -= n;
            position += n;
        }
        skipPadding(current.size());
    }

    private void skipRest() throws IOException {
        if (current == null) {
            return;
        }
        if (remaining > 0) {
            copyEntry(OutputStream.nullOutputStream());
        }
        current = null;
    }

    private void skipPadding(long size) throws IOException {
        int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
        int skipped = in.readNBytes(padding).length;
        position += skipped;
        if (skipped < padding) {
            throw truncated();
        }
    }

    private DatasetFormatException truncated() {
        return new DatasetFormatException(archive, "truncated: entry " + current.name() + " (header at offset "
                + current.offset() + ") announces " + current.size() + " bytes, the archive ends at offset " + position
                + " of the tar stream");
    }

    private String readMetadata(long size, long offset, char type) throws IOException {
        if (size > 1 << 20) {
            throw new DatasetFormatException(archive, "tar header at offset " + offset + ": type '" + type
                    + "' metadata of " + size + " bytes, expected at most 1 MiB");
        }
        byte[] data = in.readNBytes((int) size);
        position += data.length;
        if (data.length < size) {
            throw new DatasetFormatException(archive, "truncated: metadata at offset " + offset + " announces " + size
                    + " bytes, the archive ends at offset " + position);
        }
        current = new Entry("(metadata)", size, type, offset);
        skipPadding(size);
        current = null;
        return new String(data, StandardCharsets.UTF_8).replace("\0", "");
    }

    /** The {@code path} of pax extended-header records ({@code "<length> path=<value>\n"}), else {@code previous}. */
    private static String paxPath(String records, String previous) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return previous;
    }

    private byte[] readBlock(String what) throws IOException {
        byte[] block = in.readNBytes(BLOCK);
        position += block.length;
        if (block.length < BLOCK) {
            throw new DatasetFormatException(archive, "truncated: expected " + what + " (512 bytes) at offset "
                    + (position - block.length) + " of the tar stream, found " + block.length
                    + " bytes and no end-of-archive block");
        }
        return block;
    }

    private void verifyChecksum(byte[] header, long offset) throws IOException {
        long stored = octal(header, 148, 8, offset, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
        }
        if (sum != stored) {
            throw new DatasetFormatException(archive, "tar header at offset " + offset + " has checksum " + stored
                    + ", but its bytes sum to " + sum + ": the archive is corrupt");
        }
    }

    private long octal(byte[] header, int start, int length, long offset, String field) throws IOException {
        long value = 0;
        int i = start;
        int end = start + length;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            if (header[i] < '0' || header[i] > '7') {
                throw new DatasetFormatException(archive, "tar header at offset " + offset + ": " + field
                        + " field is not an octal number (byte " + (header[i] & 0xFF) + " at offset " + (offset + i) + ")");
            }
            value = value * 8 + (header[i] - '0');
        }
        return value;
    }

    private static String string(byte[] header, int start, int length) {
        int end = start;
        while (end < start + length && header[end] != 0) {
            end++;
        }
        return new String(header, start, end - start, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
