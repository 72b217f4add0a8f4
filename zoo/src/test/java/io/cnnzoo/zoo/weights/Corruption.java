package io.cnnzoo.zoo.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** The fuzz tests' one step: a mutated file either reads completely or is refused with the expected exception. */
final class Corruption {

    private Corruption() {
    }

    /**
     * Writes {@code bytes} to {@code file}, opens it and reads every floating-point tensor; true if that was
     * refused with a {@code refusal}, false if it all read. Any other exception or error fails the test.
     */
    static boolean refused(Path file, byte[] bytes, Class<? extends IOException> refusal, String what)
            throws IOException {
        Files.write(file, bytes);
        try (TensorFile t = TensorFile.open(file)) {
            for (TensorInfo info : t.tensors().values()) {
                if (info.dtype().isFloating()) {
                    float[] out = new float[(int) info.elements()];
                    t.readFloats(info.name(), 0, out, out.length);
                }
            }
            return false;
        } catch (IOException e) {
            if (refusal.isInstance(e)) {
                return true;
            }
            throw new AssertionError(what + " threw " + e, e);
        } catch (RuntimeException | Error e) {
            fail(what + " threw " + e, e);
            return false;
        }
    }
}
