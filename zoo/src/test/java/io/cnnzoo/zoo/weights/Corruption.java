package io.cnnzoo.zoo.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** The fuzz tests' one step: a mutated file either reads completely or is refused with the expected exception. */
final class Corruption {

    private Corruption() {
    }

    /** Every element of tensor {@code name} as float32 (the file's header has been checked against its size). */
    static float[] read(TensorFile file, String name) throws IOException {
        float[] out = new float[(int) file.tensors().get(name).elements()];
        file.readFloats(name, 0, out, out.length);
        return out;
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
                    read(t, info.name());
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
