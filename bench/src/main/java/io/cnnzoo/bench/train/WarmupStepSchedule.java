package io.cnnzoo.bench.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * A learning rate that rises linearly from {@code warmupStart} to {@code base} over the first
 * {@code warmupIterations} iterations (or, with {@code constantWarmup}, stays at {@code warmupStart} for
 * them), then is multiplied by {@code gamma} at each milestone (PyTorch's {@code LinearLR} or
 * {@code ConstantLR}, followed by {@code MultiStepLR}):
 * <pre>
 *   lr(i) = warmupStart + (base - warmupStart) * i / warmupIterations     for i &lt; warmupIterations (linear)
 *   lr(i) = warmupStart                                                   for i &lt; warmupIterations (constant)
 *   lr(i) = base * gamma^(number of milestones &lt;= i)                      otherwise
 * </pre>
 * He et al. 2016 warm ResNet-110 up at a constant 0.01 for about 400 iterations (Sec. 4.2).
 * Iterations count from 0. Stored in the model's configuration (DL4J serialises it as JSON), so a
 * checkpoint resumes on the same schedule.
 */
public final class WarmupStepSchedule implements ISchedule {

    private final double warmupStart;
    private final double base;
    private final int warmupIterations;
    private final int[] milestones;
    private final double gamma;
    private final boolean constantWarmup;

    public WarmupStepSchedule(@JsonProperty("warmupStart") double warmupStart, @JsonProperty("base") double base,
                              @JsonProperty("warmupIterations") int warmupIterations,
                              @JsonProperty("milestones") int[] milestones, @JsonProperty("gamma") double gamma,
                              @JsonProperty("constantWarmup") boolean constantWarmup) {
        if (base <= 0 || warmupStart < 0 || warmupIterations < 0 || gamma <= 0) {
            throw new IllegalArgumentException("learning rates and gamma must be positive and the warm-up length >= 0"
                    + ", got base " + base + ", warm-up start " + warmupStart + " over " + warmupIterations
                    + " iterations, gamma " + gamma);
        }
        int[] sorted = milestones.clone();
        Arrays.sort(sorted);
        if (!Arrays.equals(sorted, milestones)) {
            throw new IllegalArgumentException("milestones must be increasing, got " + Arrays.toString(milestones));
        }
        this.warmupStart = warmupStart;
        this.base = base;
        this.warmupIterations = warmupIterations;
        this.milestones = milestones.clone();
        this.gamma = gamma;
        this.constantWarmup = constantWarmup;
    }

    /** A linear warm-up (configurations saved before the constant one existed read as linear). */
    public WarmupStepSchedule(double warmupStart, double base, int warmupIterations, int[] milestones, double gamma) {
        this(warmupStart, base, warmupIterations, milestones, gamma, false);
    }

    /** A constant {@code lr} divided by 10 at each milestone (He et al.'s recipe). */
    public static WarmupStepSchedule steps(double lr, int... milestones) {
        return new WarmupStepSchedule(lr, lr, 0, milestones, 0.1);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmupIterations) {
            return constantWarmup ? warmupStart : warmupStart + (base - warmupStart) * iteration / warmupIterations;
        }
        double lr = base;
        for (int milestone : milestones) {
            if (iteration >= milestone) {
                lr *= gamma;
            }
        }
        return lr;
    }

    @Override
    public ISchedule clone() {
        return new WarmupStepSchedule(warmupStart, base, warmupIterations, milestones, gamma, constantWarmup);
    }

    @JsonProperty("warmupStart")
    public double warmupStart() {
        return warmupStart;
    }

    @JsonProperty("base")
    public double base() {
        return base;
    }

    @JsonProperty("warmupIterations")
    public int warmupIterations() {
        return warmupIterations;
    }

    @JsonProperty("milestones")
    public int[] milestones() {
        return milestones.clone();
    }

    @JsonProperty("gamma")
    public double gamma() {
        return gamma;
    }

    @JsonProperty("constantWarmup")
    public boolean constantWarmup() {
        return constantWarmup;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupStepSchedule s && s.warmupStart == warmupStart && s.base == base
                && s.warmupIterations == warmupIterations && Arrays.equals(s.milestones, milestones)
                && s.gamma == gamma && s.constantWarmup == constantWarmup;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(new double[]{warmupStart, base, warmupIterations, gamma}) * 31
                + Arrays.hashCode(milestones)) * 2 + (constantWarmup ? 1 : 0);
    }

    @Override
    public String toString() {
        String steps = "x" + gamma + " at " + Arrays.toString(milestones);
        if (warmupIterations == 0) {
            return base + ", " + steps;
        }
        return (constantWarmup ? "constant warm-up at " + warmupStart + " for " + warmupIterations
                + " iterations, then " + base : "linear warm-up " + warmupStart + " -> " + base + " over "
                + warmupIterations + " iterations") + ", " + steps;
    }
}
