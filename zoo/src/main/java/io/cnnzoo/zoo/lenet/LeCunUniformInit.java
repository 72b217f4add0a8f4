package io.cnnzoo.zoo.lenet;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * LeNet-5's weight initialisation (LeCun et al. 1998, Appendix A): uniform in (-2.4/F, 2.4/F), where F is
 * the fan-in, "the number of inputs of the unit which the connection belongs to".
 *
 * <p>F is given explicitly rather than taken from DL4J, whose fan-in is right for convolution and dense
 * layers but counts all input channels for a depthwise convolution, not the four inputs that an S2/S4
 * unit sums.
 */
public final class LeCunUniformInit implements IWeightInit {

    /** The paper's numerator. */
    public static final double SCALE = 2.4;

    @JsonProperty("fanIn")
    private final double fanIn;

    @JsonCreator
    public LeCunUniformInit(@JsonProperty("fanIn") double fanIn) {
        if (!(fanIn > 0)) {
            throw new IllegalArgumentException("fan-in must be positive, got " + fanIn);
        }
        this.fanIn = fanIn;
    }

    public double fanIn() {
        return fanIn;
    }

    /** The half-width of the interval, 2.4 / F. */
    public double bound() {
        return SCALE / fanIn;
    }

    @Override
    public INDArray init(double dl4jFanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        Nd4j.rand(paramView, Nd4j.getDistributions().createUniform(-bound(), bound()));
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeCunUniformInit other && fanIn == other.fanIn;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(fanIn);
    }

    @Override
    public String toString() {
        return "LeCunUniformInit(fanIn=" + fanIn + ")";
    }
}
