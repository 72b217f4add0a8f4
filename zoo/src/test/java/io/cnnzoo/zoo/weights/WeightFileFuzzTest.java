package io.cnnzoo.zoo.weights;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Any bytes opened as safetensors or as a {@code .pth} file end in tensors that read completely, or in a
 * {@link WeightFormatException} naming the file: never another exception, an OutOfMemoryError or a hang. The
 * {@code .pth} target also puts its bytes, as {@code data.pkl}, inside a well-formed torch.save archive, so the
 * fuzzer reaches the restricted unpickler rather than only the zip reader. Replays
 * {@code WeightFileFuzzTestInputs/} in every build; {@code -Djazzer.fuzz=1 -Dtest=WeightFileFuzzTest#pth} fuzzes.
 */
class WeightFileFuzzTest {

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("cnnzoo-weights-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void safetensors(byte[] input) throws IOException {
        Path file = Files.write(DIR.resolve("fuzz.safetensors"), input);
        readAll(file);
    }

    @FuzzTest(maxDuration = "10m")
    void pth(byte[] input) throws IOException {
        if (input.length < 1) {
            return;
        }
        Path file = DIR.resolve("fuzz.pth");
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 0) {
            Files.write(file, rest);
        } else {
            Pickles.zip(file, rest, new byte[64], new byte[64]);
        }
        readAll(file);
    }

    /** Opens {@code file} and reads every floating-point tensor, or checks the refusal names the file. */
    private static void readAll(Path file) throws IOException {
        try (TensorFile t = TensorFile.open(file)) {
            for (TensorInfo info : t.tensors().values()) {
                if (info.dtype().isFloating()) {
                    Corruption.read(t, info.name());
                }
            }
        } catch (WeightFormatException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(file.toString())) {
                throw new AssertionError("a format error that does not name " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
