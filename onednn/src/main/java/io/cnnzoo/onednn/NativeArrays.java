package io.cnnzoo.onednn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Raw addresses of ND4J arrays, for handing them to oneDNN without copying. */
final class NativeArrays {

    private NativeArrays() {
    }

    /**
     * Whether oneDNN can read {@code array} in place as a dense row-major float32 tensor: each
     * dimension's stride is the product of the sizes after it (dimensions of size 1 may have any
     * stride; ND4J gives them various ones, and DL4J's [1, C] views of its 'f'-ordered flat buffers are
     * such arrays).
     */
    static boolean dense(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            return false;
        }
        long[] shape = array.shape();
        long[] stride = array.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** {@code array} itself if {@link #dense}, else a dense copy. */
    static INDArray densified(INDArray array) {
        return dense(array) ? array : array.castTo(DataType.FLOAT).dup('c');
    }

    /**
     * The address of the first element of a dense float array. (For a view, ND4J's data buffer already
     * starts at the view's first element: {@code offset()} must not be added again.)
     */
    static long address(INDArray array) {
        if (!dense(array)) {
            throw new IllegalArgumentException("oneDNN needs a dense row-major float array, got "
                    + array.shapeInfoToString());
        }
        return array.data().addressPointer().address();
    }
}
