package io.cnnzoo.bench.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Random 32x32 colour images in CIFAR-10's binary layout (https://www.cs.toronto.edu/~kriz/cifar.html: per
 * record one label byte, then 3,072 pixel bytes), {@code perBatch} records in each of data_batch_1..5.bin and
 * {@code test} in test_batch.bin: a CIFAR-10 folder a run trains on in seconds.
 */
public final class TinyCifar10 {

    private TinyCifar10() {
    }

    /** Writes the six files into {@code dir} (created); returns {@code dir}. */
    public static Path write(Path dir, int perBatch, int test) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(3);
        for (int b = 1; b <= 6; b++) {
            int n = b <= 5 ? perBatch : test;
            byte[] records = new byte[n * 3073];
            random.nextBytes(records);
            for (int r = 0; r < n; r++) {
                records[r * 3073] = (byte) ((r + b) % 10); // every class in every file
            }
            Files.write(dir.resolve(b <= 5 ? "data_batch_" + b + ".bin" : "test_batch.bin"), records);
        }
        return dir;
    }
}
