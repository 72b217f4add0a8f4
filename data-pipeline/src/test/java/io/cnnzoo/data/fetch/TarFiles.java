package io.cnnzoo.data.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes tar archives byte by byte from POSIX.1-1988's ustar description, for tests: a 512-byte header per
 * entry (name at 0, octal mode/uid/gid/size/mtime at 100/108/116/124/136, checksum at 148 = the sum of the
 * header's bytes with the checksum field read as spaces, type flag at 156, {@code "ustar\0" "00"} at 257),
 * the data padded with zeros to 512 bytes, and two zero blocks at the end.
 */
final class TarFiles {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    TarFiles directory(String name) {
        return entry(name, '5', new byte[0]);
    }

    TarFiles file(String name, byte[] data) {
        return entry(name, '0', data);
    }

    TarFiles entry(String name, char type, byte[] data) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, octal(0644, 7));
        put(header, 108, octal(0, 7));
        put(header, 116, octal(0, 7));
        put(header, 124, octal(data.length, 11));
        put(header, 136, octal(1_300_000_000L, 11));
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(header, 148, octal(sum, 6)); // six digits, NUL, space: what GNU tar writes
        header[155] = ' ';
        tar.writeBytes(header);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    /** The archive with its two end-of-archive blocks. */
    byte[] tar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(tar.toByteArray());
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    byte[] tarGz() throws IOException {
        return gzip(tar());
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static String octal(long value, int digits) {
        StringBuilder s = new StringBuilder(Long.toOctalString(value));
        while (s.length() < digits) {
            s.insert(0, '0');
        }
        return s.toString();
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
