package io.cnnzoo.data.idx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.fuzz.FuzzFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Any bytes, raw or behind gzip, end in an {@link IdxFile} whose sizes multiply to its data length, or in a
 * {@link DatasetFormatException} naming the file: never another exception, an OutOfMemoryError or a hang.
 * Replays {@code IdxFuzzTestInputs/} in every build; {@code -Djazzer.fuzz=1 -Dtest=IdxFuzzTest} fuzzes.
 */
class IdxFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void idxFiles(byte[] input) throws IOException {
        if (input.length < 2) {
            return;
        }
        int rank = Math.floorMod(input[1], 3) + 1;
        Path file = FuzzFiles.write("fuzz-idx" + rank + "-ubyte", input, 2, FuzzFiles.Layer.of(input[0]));
        IdxFile idx;
        try {
            // MNIST's limits (60,000 images of 28x28) for rank 3; none for the others.
            idx = rank == 3 ? IdxFile.read(file, 3, 60_000, 28, 28) : IdxFile.read(file, rank);
        } catch (DatasetFormatException e) {
            FuzzFiles.requireNamed(e, file);
            return;
        }
        long product = 1;
        for (int d : idx.dims()) {
            if (d < 1) {
                throw new AssertionError("accepted a size " + d);
            }
            product *= d;
        }
        if (product != idx.data().length) {
            throw new AssertionError("sizes multiply to " + product + ", data holds " + idx.data().length);
        }
    }
}
