package io.cnnzoo.zoo.weights;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.util.Arrays;

/**
 * Moves values between a file's tensor and a view of a graph parameter, a piece of {@value #CHUNK} elements
 * at a time, so that a 400 MB tensor needs 4 MB of heap. A view whose elements are contiguous in row-major
 * order is written in place; any other view (a permuted one) goes through one row-major copy.
 */
final class ArrayTransfer {

    static final int CHUNK = 1 << 20;

    private ArrayTransfer() {
    }

    /** Copies tensor {@code name} of {@code file} (row-major) into {@code view}, element for element. */
    static void load(TensorFile file, String name, INDArray view) throws IOException {
        long n = view.length();
        INDArray flat = Shape.newShapeNoCopy(view, new long[]{n}, false);
        INDArray target = flat != null ? flat : Nd4j.createUninitialized(view.dataType(), n);
        float[] chunk = new float[(int) Math.min(CHUNK, Math.max(n, 1))];
        for (long from = 0; from < n; from += CHUNK) {
            int count = (int) Math.min(CHUNK, n - from);
            file.readFloats(name, from, chunk, count);
            float[] values = count == chunk.length ? chunk : Arrays.copyOf(chunk, count);
            target.get(NDArrayIndex.interval(from, from + count)).assign(Nd4j.createFromArray(values));
        }
        if (flat == null) {
            view.assign(target.reshape('c', view.shape()));
        }
    }

    /** A source of {@code view}'s elements in row-major order, for writing. */
    static SafetensorsWriter.FloatSource source(INDArray view) {
        long n = view.length();
        INDArray flat = Shape.newShapeNoCopy(view, new long[]{n}, false);
        INDArray values = flat != null ? flat : view.dup('c').reshape(n);
        return (from, out, count) -> {
            float[] part = values.get(NDArrayIndex.interval(from, from + count)).castTo(DataType.FLOAT).toFloatVector();
            System.arraycopy(part, 0, out, 0, count);
        };
    }
}
