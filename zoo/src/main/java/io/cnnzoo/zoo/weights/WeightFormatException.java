package io.cnnzoo.zoo.weights;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A weights file that cannot be read as what it claims to be: the message names the file, the tensor or
 * record where reading stopped (when there is one) and what was expected there.
 */
public class WeightFormatException extends IOException {

    private final Path file;
    private final String tensor;

    /**
     * @param tensor the tensor (or pickle record) at fault, or null when the fault is the file's own
     *               (its header, its size)
     */
    public WeightFormatException(Path file, String tensor, String expected) {
        super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + expected);
        this.file = file;
        this.tensor = tensor;
    }

    public WeightFormatException(Path file, String tensor, String expected, Throwable cause) {
        this(file, tensor, expected);
        initCause(cause);
    }

    public Path file() {
        return file;
    }

    /** The tensor at fault, or null. */
    public String tensor() {
        return tensor;
    }
}
