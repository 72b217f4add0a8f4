package io.cnnzoo.zoo.weights;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file of named tensors (a PyTorch state dict): safetensors or a {@code .pth} archive. Opening it reads
 * and checks the header only; values are read tensor by tensor, in pieces, so that a 550 MB VGG file never
 * sits on the Java heap.
 */
public interface TensorFile extends Closeable {

    Path path();

    /** Every tensor by name, in the file's order. */
    Map<String, TensorInfo> tensors();

    /** String metadata ({@code __metadata__} of safetensors; empty for {@code .pth}). */
    Map<String, String> metadata();

    /**
     * Reads elements {@code [from, from + count)} of tensor {@code name}, in row-major order, as float32
     * into {@code out[0..count)}.
     *
     * @throws WeightFormatException if the tensor's type is not a floating one, or its bytes cannot be read
     */
    void readFloats(String name, long from, float[] out, int count) throws IOException;

    /** Opens {@code file} by its content: a zip archive or legacy pickle is a {@code .pth}, else safetensors. */
    static TensorFile open(Path file) throws IOException {
        return TensorFiles.open(file);
    }
}
