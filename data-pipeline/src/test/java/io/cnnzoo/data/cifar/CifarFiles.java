package io.cnnzoo.data.cifar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes CIFAR binary files byte by byte from the dataset page's description
 * (https://www.cs.toronto.edu/~kriz/cifar.html): per record the label byte(s), then 1,024 red, 1,024
 * green and 1,024 blue values, each plane row-major over 32x32, so pixel (c, y, x) is the byte at
 * {@code labelBytes + 1024 c + 32 y + x} of its record.
 */
public final class CifarFiles {

    /** Record size of CIFAR-10 (1 label byte + 3,072 pixels) and CIFAR-100 (2 label bytes + 3,072 pixels). */
    public static final int CIFAR10_RECORD = 3073;
    public static final int CIFAR100_RECORD = 3074;

    @FunctionalInterface
    public interface Pixels {
        int value(int record, int c, int y, int x);
    }

    /** The test pattern: a value that differs between records, channels, rows and columns. */
    public static final Pixels PATTERN = (r, c, y, x) -> (r + 3 * c + 5 * y + 7 * x) % 256;

    private CifarFiles() {
    }

    /** One record per row of {@code labels} (one byte, or coarse and fine for CIFAR-100). */
    public static byte[] records(int[][] labels, Pixels pixels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int r = 0; r < labels.length; r++) {
            for (int label : labels[r]) {
                out.write(label);
            }
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        out.write(pixels.value(r, c, y, x));
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** CIFAR-10 records with these labels and the {@link #PATTERN}. */
    public static byte[] cifar10(int... labels) {
        int[][] rows = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            rows[i] = new int[]{labels[i]};
        }
        return records(rows, PATTERN);
    }

    public static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }
}
