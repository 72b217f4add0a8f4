package io.cnnzoo.onednn;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;

/**
 * Plain ReLU through oneDNN's element-wise primitive, for DL4J activation layers. ND4J's ReLU gradient
 * ({@code relu_bp}) calls a std::function per element and took 3-4x the time of a memory-bound pass.
 *
 * <p>Used only by layers {@link OneDnnAccelerator} gives it to, on a copy of the layer's configuration:
 * a saved graph still says {@code ActivationReLU}. Computes in place, as DL4J's activation layer
 * expects (it hands over a copy of its input). Arrays oneDNN cannot read in place take ND4J's path.
 */
public final class OneDnnReLU extends ActivationReLU {

    private final transient Map<Long, Relu> primitives = new HashMap<>();
    private final transient PassCounter passes = new PassCounter();

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        if (!NativeArrays.dense(in)) {
            return super.getActivation(in, training);
        }
        long address = NativeArrays.address(in);
        relu(in.length()).forward(address, address);
        passes.forward();
        return in;
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        if (!NativeArrays.dense(in) || !NativeArrays.dense(epsilon) || in.length() != epsilon.length()) {
            return super.backprop(in, epsilon);
        }
        long address = NativeArrays.address(in);
        relu(in.length()).backward(address, NativeArrays.address(epsilon), address);
        passes.backward();
        return new Pair<>(in, null);
    }

    public PassCounter passes() {
        return passes;
    }

    private Relu relu(long length) {
        return primitives.computeIfAbsent(length, Relu::new);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "relu (oneDNN)";
    }
}
