package io.cnnzoo.zoo.lenet;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * LeNet-5's squashing function f(a) = A tanh(S a) with A = 1.7159 and S = 2/3 (LeCun et al. 1998,
 * Sec. II-B and Appendix A): f(1) = 1 and f(-1) = -1, the asymptotes are +-A, and the gain is largest
 * around 0. DL4J's {@code RATIONALTANH} only approximates this function; this is the exact one.
 *
 * <p>Stored by class name in a graph's JSON configuration, so a saved LeNet loads back with it.
 */
public final class ScaledTanh extends BaseActivationFunction {

    /** The paper's amplitude A. */
    public static final double AMPLITUDE = 1.7159;
    /** The paper's slope S. */
    public static final double SLOPE = 2.0 / 3.0;

    @JsonProperty("amplitude")
    private final double amplitude;
    @JsonProperty("slope")
    private final double slope;

    /** The paper's function, A = 1.7159, S = 2/3. */
    public ScaledTanh() {
        this(AMPLITUDE, SLOPE);
    }

    @JsonCreator
    public ScaledTanh(@JsonProperty("amplitude") double amplitude, @JsonProperty("slope") double slope) {
        this.amplitude = amplitude;
        this.slope = slope;
    }

    public double amplitude() {
        return amplitude;
    }

    public double slope() {
        return slope;
    }

    /** A tanh(S a), in place. */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return Transforms.tanh(in.muli(slope), false).muli(amplitude);
    }

    /** dL/da = dL/df * A S (1 - tanh^2(S a)), computed in place of {@code in} as DL4J's activations do. */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray t = Transforms.tanh(in.muli(slope), false);
        INDArray dLda = t.muli(t).rsubi(1).muli(amplitude * slope).muli(epsilon);
        return new Pair<>(dLda, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledTanh other && amplitude == other.amplitude && slope == other.slope;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(amplitude) * 31 + Double.hashCode(slope);
    }

    @Override
    public String toString() {
        return "scaledtanh(" + amplitude + ", " + slope + ")";
    }
}
