package io.cnnzoo.zoo.weights;

import java.util.Arrays;

/**
 * One tensor of a weights file, as its header describes it: name, element type and shape (PyTorch's, row
 * major: the last dimension varies fastest).
 */
public record TensorInfo(String name, DType dtype, long[] shape) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements: the product of the shape (1 for a scalar). The reader has checked it fits. */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape as PyTorch prints it: {@code [64, 3, 7, 7]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.name.equals(name) && t.dtype == dtype && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + shapeString();
    }
}
