package io.cnnzoo.bench.experiment;

import io.cnnzoo.data.idx.IdxFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Random 28x28 images in the MNIST IDX layout, 96 training and 32 test: a dataset a run trains on in seconds. */
public final class TinyFashionMnist {

    private TinyFashionMnist() {
    }

    /** Writes the four files into {@code dir} (created), labels gzipped; returns {@code dir}. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(1);
        for (String split : new String[]{"train", "t10k"}) {
            int n = split.equals("train") ? 96 : 32;
            byte[] pixels = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            random.nextBytes(pixels);
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) random.nextInt(10);
            }
            new IdxFile(new int[]{n, 28, 28}, pixels).write(dir.resolve(split + "-images-idx3-ubyte"));
            new IdxFile(new int[]{n}, labels).write(dir.resolve(split + "-labels-idx1-ubyte.gz"));
        }
        return dir;
    }
}
