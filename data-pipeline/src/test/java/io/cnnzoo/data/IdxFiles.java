package io.cnnzoo.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files byte by byte from the format's description, for tests. */
public final class IdxFiles {

    private IdxFiles() {
    }

    /** Magic 0x00 0x00 0x08 dims.length, the sizes big-endian, then {@code data}. */
    public static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[]{0, 0, 0x08, (byte) dims.length});
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    public static Path write(Path file, byte[] content) throws IOException {
        if (file.getFileName().toString().endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content);
            }
        } else {
            Files.write(file, content);
        }
        return file;
    }

    /** A complete MNIST-style split in {@code dir}: n images of h x w whose pixels encode their index. */
    public static void writeSplit(Path dir, String prefix, int n, int h, int w, int[] labels, boolean gzip)
            throws IOException {
        byte[] pixels = new byte[n * h * w];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i / (h * w));
        }
        byte[] labelBytes = new byte[n];
        for (int i = 0; i < n; i++) {
            labelBytes[i] = (byte) labels[i];
        }
        String gz = gzip ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + gz), idx(new int[]{n, h, w}, pixels));
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + gz), idx(new int[]{n}, labelBytes));
    }
}
