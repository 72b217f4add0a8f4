package io.cnnzoo.zoo.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Objects;

/**
 * SGD with classical (heavy-ball) momentum, as PyTorch's {@code torch.optim.SGD(momentum=m)} and Torch's
 * {@code optim.sgd} compute it, for each parameter p with gradient g:
 * <pre>
 *   buf = m * buf + g      (buf starts at 0, so the first step takes buf = g, as PyTorch's clone does)
 *   p   = p - lr * buf
 * </pre>
 * The learning rate scales the buffer at every step instead of being folded into it, so a learning-rate
 * drop (He et al.'s /10 at 32k and 48k iterations) takes effect at once, at the same step as in PyTorch.
 * DL4J 1.0.0-M2.1 ships only Nesterov's variant ({@code Nesterovs}, with the rate folded into its velocity).
 * <p>
 * Weight decay is not an updater's business in DL4J: the model's L2 regularisation adds {@code wd * p} to g
 * before this updater runs, which is what PyTorch's {@code weight_decay} does ({@code ModelBuilder#weightDecay}).
 */
public final class Momentum implements IUpdater {

    @JsonProperty
    private double learningRate;
    @JsonProperty
    private ISchedule learningRateSchedule;
    @JsonProperty
    private final double momentum;

    /** A fixed learning rate. */
    public Momentum(double learningRate, double momentum) {
        this(learningRate, null, momentum);
    }

    /** A learning rate that follows {@code schedule} (by iteration or epoch, as the schedule says). */
    public Momentum(ISchedule schedule, double momentum) {
        this(Double.NaN, Objects.requireNonNull(schedule, "schedule"), momentum);
    }

    @JsonCreator
    private Momentum(@JsonProperty("learningRate") double learningRate,
                     @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                     @JsonProperty("momentum") double momentum) {
        if (learningRateSchedule == null && !(learningRate >= 0)) {
            throw new IllegalArgumentException("learning rate must be >= 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.momentum = momentum;
    }

    public double momentum() {
        return momentum;
    }

    /** One momentum buffer value per parameter. */
    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater<Momentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
        MomentumUpdater updater = new MomentumUpdater(this);
        updater.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<Momentum> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        MomentumUpdater updater = new MomentumUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public Momentum clone() {
        return new Momentum(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(), momentum);
    }

    // DL4J gives parameters whose updater configurations are equal one shared updater block.
    @Override
    public boolean equals(Object o) {
        return o instanceof Momentum m && Double.compare(m.learningRate, learningRate) == 0
                && Double.compare(m.momentum, momentum) == 0
                && Objects.equals(m.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "Momentum(lr=" + (learningRateSchedule != null ? learningRateSchedule : learningRate)
                + ", momentum=" + momentum + ")";
    }
}
