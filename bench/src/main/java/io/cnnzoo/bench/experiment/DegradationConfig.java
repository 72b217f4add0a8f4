package io.cnnzoo.bench.experiment;

import io.cnnzoo.bench.train.WarmupStepSchedule;
import org.deeplearning4j.nn.conf.CNN2DFormat;

import java.util.List;

/**
 * Everything that determines a degradation run's numbers; stored as the run folder's
 * {@code config.json}, and a run resumes only under the same configuration.
 *
 * @param preset           the preset it came from ({@code quick}), overrides included
 * @param dataset          the dataset registry name
 * @param models           zoo names, trained one after another on the same data order
 * @param iterations       mini-batch updates per model
 * @param batchSize        images per mini-batch
 * @param warmupStartLr    learning rate at iteration 0
 * @param baseLr           learning rate reached at the end of the warm-up
 * @param warmupIterations length of the linear warm-up
 * @param milestones       iterations at which the learning rate is multiplied by {@code gamma}
 * @param gamma            the step factor
 * @param momentum         SGD momentum
 * @param weightDecay      L2 weight decay
 * @param seed             seed of weights, data order and the training subset
 * @param evalEvery        iterations between evaluations (and checkpoints); the last iteration always evaluates
 * @param trainSubsetSize  images in the fixed training subset on which the training error is evaluated
 * @param dataFormat       the networks' activation layout, NCHW or NHWC (same function, different speed)
 */
public record DegradationConfig(String preset, String dataset, List<String> models, int iterations, int batchSize,
                                double warmupStartLr, double baseLr, int warmupIterations, List<Integer> milestones,
                                double gamma, double momentum, double weightDecay, long seed, int evalEvery,
                                int trainSubsetSize, CNN2DFormat dataFormat) {

    public DegradationConfig {
        models = List.copyOf(models);
        milestones = List.copyOf(milestones);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("at least one model is needed");
        }
        if (iterations < 1 || batchSize < 1 || evalEvery < 1 || trainSubsetSize < 1) {
            throw new IllegalArgumentException("iterations, batch size, evaluation interval and training subset must "
                    + "be positive, got " + iterations + ", " + batchSize + ", " + evalEvery + ", " + trainSubsetSize);
        }
    }

    /**
     * The quick preset: plain20, plain56, resnet20 and resnet56 on Fashion-MNIST for one epoch (469
     * iterations of 128). The learning rate rises linearly from 0.01 to 0.1 over iterations 0-149 (the
     * 56-layer nets sit at chance for ~150 iterations at a flat 0.1, as He et al. note for ResNet-110,
     * and a jump from 0.01 to 0.1 throws them back), then drops x0.1 at 234 and again at 351.
     * Evaluation and checkpoint after iteration 235 and at the end. NCHW: NHWC measured no faster here
     * (docs/performance.md).
     */
    public static DegradationConfig quick() {
        return new DegradationConfig("quick", "fashion-mnist", List.of("plain20", "plain56", "resnet20", "resnet56"),
                469, 128, 0.01, 0.1, 150, List.of(234, 351), 0.1, 0.9, 1e-4, 42, 235, 10_000, CNN2DFormat.NCHW);
    }

    public static DegradationConfig preset(String name) {
        if (name.equals("quick")) {
            return quick();
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; known presets: quick");
    }

    public WarmupStepSchedule schedule() {
        return new WarmupStepSchedule(warmupStartLr, baseLr, warmupIterations,
                milestones.stream().mapToInt(Integer::intValue).toArray(), gamma);
    }

    /** This configuration with the given fields replaced; null keeps a field. */
    public DegradationConfig withOverrides(Integer newIterations, List<String> newModels, Integer newEvalEvery,
                                           Long newSeed) {
        return new DegradationConfig(preset, dataset, newModels != null ? newModels : models,
                newIterations != null ? newIterations : iterations, batchSize, warmupStartLr, baseLr,
                warmupIterations, milestones, gamma, momentum, weightDecay, newSeed != null ? newSeed : seed,
                newEvalEvery != null ? newEvalEvery : evalEvery, trainSubsetSize, dataFormat);
    }

    /** Whether iteration {@code iteration} (0-based) ends with an evaluation and a checkpoint. */
    public boolean evaluatesAfter(int iteration) {
        return (iteration + 1) % evalEvery == 0 || iteration + 1 == iterations;
    }
}
