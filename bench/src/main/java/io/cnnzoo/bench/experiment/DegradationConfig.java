package io.cnnzoo.bench.experiment;

import io.cnnzoo.bench.train.WarmupStepSchedule;
import io.cnnzoo.zoo.optim.Momentum;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that determines a degradation run's numbers. A preset file ({@code presets/quick.json}, a
 * user's copy given with {@code --preset-file}) holds exactly these fields; the run folder stores the
 * configuration, overrides applied, as {@code config.json}, and a run resumes only under the same one.
 *
 * @param preset           the preset it came from ({@code quick}); overrides do not change it
 * @param description      one line for {@code --help} and the summary
 * @param dataset          the dataset registry name ({@code cifar-10}, {@code fashion-mnist})
 * @param models           zoo names, trained one after another on the same data order
 * @param seeds            one training of every model per seed (weights, data order, augmentation)
 * @param iterations       mini-batch updates per model
 * @param batchSize        images per mini-batch
 * @param updater          {@code momentum} (classical, as He et al. and PyTorch) or {@code nesterov}
 * @param momentum         the momentum coefficient
 * @param weightDecay      L2 weight decay on every weight, bias and batch norm gamma and beta (PyTorch's
 *                         {@code weight_decay} on all of {@code model.parameters()})
 * @param baseLr           the learning rate after the warm-up
 * @param warmupStartLr    the learning rate at iteration 0
 * @param warmupIterations length of the warm-up (0: none)
 * @param constantWarmup   whether the warm-up holds {@code warmupStartLr} (He et al.'s ResNet-110) rather than
 *                         rising linearly to {@code baseLr}
 * @param milestones       iterations at which the learning rate is multiplied by {@code gamma}
 * @param gamma            the step factor
 * @param modelWarmups     a warm-up replacing the default one for some models (He et al.: resnet110)
 * @param validationSize   training images held out as a validation set, evaluated in place of the test set
 *                         (He et al.: 5,000 of 50,000 for choosing; 0 for the reported run)
 * @param cropPadding      pixels of zero padding before a random crop of the original size (0: no crop)
 * @param flipProbability  probability of a horizontal flip (0: none)
 * @param meanImage        whether the per-pixel mean of the training images is subtracted (He et al.)
 * @param evalEvery        iterations between evaluations (and checkpoints); the last iteration always evaluates
 * @param trainSubsetSize  images in the fixed training subset on which the training error is evaluated
 * @param dataFormat       the networks' activation layout, NCHW or NHWC (same function, different speed)
 * @param verdict          the margins of the verdict's checks
 * @param initialWeights   a safetensors or .pth file (torchvision's layout) every model starts from instead of
 *                         its initialisation, with a new classifier when the file's has another class count
 *                         (fine-tuning); empty for none. Optional in a preset file.
 */
public record DegradationConfig(String preset, String description, String dataset, List<String> models,
                                List<Long> seeds, int iterations, int batchSize, String updater, double momentum,
                                double weightDecay, double baseLr, double warmupStartLr, int warmupIterations,
                                boolean constantWarmup, List<Integer> milestones, double gamma,
                                Map<String, Warmup> modelWarmups, int validationSize, int cropPadding,
                                double flipProbability, boolean meanImage, int evalEvery, int trainSubsetSize,
                                CNN2DFormat dataFormat, VerdictMargins verdict, String initialWeights) {

    /**
     * A warm-up for one model.
     *
     * @param lr         the learning rate it starts at (and holds, when {@code constant})
     * @param iterations its length
     * @param constant   whether it holds {@code lr} rather than rising linearly to the base rate
     */
    public record Warmup(double lr, int iterations, boolean constant) {
    }

    /**
     * @param margin    points by which the deeper plain net must exceed the shallower, and the plain net the
     *                  residual one of the same depth
     * @param tolerance points by which a deeper residual net may exceed a shallower one and still "not degrade"
     */
    public record VerdictMargins(double margin, double tolerance) {
    }

    public static final List<String> UPDATERS = List.of("momentum", "nesterov");

    public DegradationConfig {
        require(preset != null && !preset.isBlank(), "'preset' must name the preset");
        description = description == null ? "" : description;
        require(dataset != null, "'dataset' is missing");
        dataset = dataset.toLowerCase(java.util.Locale.ROOT);
        updater = updater == null ? null : updater.toLowerCase(java.util.Locale.ROOT);
        require(models != null && !models.isEmpty() && !models.contains(null),
                "'models' must list at least one model, and no null");
        models = List.copyOf(models);
        require(models.stream().distinct().count() == models.size(), "'models' lists a model twice: " + models);
        require(seeds != null && !seeds.isEmpty() && !seeds.contains(null),
                "'seeds' must list at least one seed, and no null");
        seeds = List.copyOf(seeds);
        require(seeds.stream().distinct().count() == seeds.size(), "'seeds' lists a seed twice: " + seeds);
        require(iterations >= 1 && batchSize >= 1 && evalEvery >= 1 && trainSubsetSize >= 1, "'iterations', "
                + "'batchSize', 'evalEvery' and 'trainSubsetSize' must be positive, got " + iterations + ", "
                + batchSize + ", " + evalEvery + ", " + trainSubsetSize);
        require(UPDATERS.contains(updater), "'updater' must be one of " + UPDATERS + ", got " + updater);
        require(momentum >= 0 && momentum < 1, "'momentum' must be in [0, 1), got " + momentum);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "'weightDecay' must be >= 0, got " + weightDecay);
        require(Double.isFinite(baseLr) && Double.isFinite(warmupStartLr) && Double.isFinite(gamma),
                "'baseLr', 'warmupStartLr' and 'gamma' must be finite numbers, got " + baseLr + ", " + warmupStartLr
                        + ", " + gamma);
        require(milestones != null && !milestones.contains(null), "'milestones' must be a list of iterations (use [] "
                + "for none)");
        milestones = List.copyOf(milestones);
        require(modelWarmups == null || !modelWarmups.containsValue(null), "'modelWarmups' maps a model to null");
        modelWarmups = modelWarmups == null ? Map.of() : Map.copyOf(new TreeMap<>(modelWarmups));
        require(validationSize >= 0, "'validationSize' must be >= 0, got " + validationSize);
        require(cropPadding >= 0, "'cropPadding' must be >= 0, got " + cropPadding);
        require(flipProbability >= 0 && flipProbability <= 1, "'flipProbability' must be in [0, 1], got "
                + flipProbability);
        require(dataFormat != null, "'dataFormat' must be NCHW or NHWC");
        require(verdict != null, "'verdict' is missing ({\"margin\": 5.0, \"tolerance\": 2.0})");
        require(Double.isFinite(verdict.margin()) && Double.isFinite(verdict.tolerance()),
                "'verdict' margins must be finite numbers, got " + verdict);
        initialWeights = initialWeights == null ? "" : initialWeights;
        // The schedules check the learning rates, warm-ups and milestones.
        schedule(baseLr, warmupStartLr, warmupIterations, constantWarmup, milestones, gamma);
        for (Map.Entry<String, Warmup> w : modelWarmups.entrySet()) {
            require(Double.isFinite(w.getValue().lr()), "'modelWarmups' of " + w.getKey() + ": lr must be finite");
            require(models.contains(w.getKey()), "'modelWarmups' names " + w.getKey() + ", which is not in 'models' "
                    + models);
            schedule(baseLr, w.getValue().lr(), w.getValue().iterations(), w.getValue().constant(), milestones, gamma);
        }
    }

    /** Every run of the configuration: each seed trains every model, seed by seed. */
    public List<RunKey> runs() {
        List<RunKey> runs = new ArrayList<>();
        for (long seed : seeds) {
            for (String model : models) {
                runs.add(new RunKey(model, seed, seeds.size() > 1));
            }
        }
        return runs;
    }

    /** The learning rate schedule of {@code model}: its own warm-up if it has one, else the default. */
    public WarmupStepSchedule schedule(String model) {
        Warmup warmup = modelWarmups.get(model);
        return warmup == null ? schedule(baseLr, warmupStartLr, warmupIterations, constantWarmup, milestones, gamma)
                : schedule(baseLr, warmup.lr(), warmup.iterations(), warmup.constant(), milestones, gamma);
    }

    /** The updater of {@code model}, on its schedule. */
    public IUpdater updater(String model) {
        return updater.equals("momentum") ? new Momentum(schedule(model), momentum)
                : new Nesterovs(schedule(model), momentum);
    }

    /** What the held-out error is measured on: {@code validation} images or the {@code test} split. */
    public String heldOut() {
        return validationSize > 0 ? "validation" : "test";
    }

    /** Whether iteration {@code iteration} (0-based) ends with an evaluation and a checkpoint. */
    public boolean evaluatesAfter(int iteration) {
        return (iteration + 1) % evalEvery == 0 || iteration + 1 == iterations;
    }

    private static WarmupStepSchedule schedule(double baseLr, double warmupStartLr, int warmupIterations,
                                               boolean constant, List<Integer> milestones, double gamma) {
        return new WarmupStepSchedule(warmupStartLr, baseLr, warmupIterations,
                milestones.stream().mapToInt(Integer::intValue).toArray(), gamma, constant);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
