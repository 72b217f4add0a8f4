package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.experiment.DegradationConfig;
import io.cnnzoo.bench.experiment.DegradationExperiment;
import io.cnnzoo.bench.train.Parallelism;
import io.cnnzoo.bench.experiment.DegradationPresets;
import io.cnnzoo.bench.experiment.ModelProgress;
import io.cnnzoo.bench.experiment.RunFolder;
import io.cnnzoo.bench.gpu.CudaDevices;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.zoo.weights.Weights;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train any zoo model on any registered dataset by He et al.'s CIFAR recipe: SGD with classical "
                + "momentum 0.9, weight decay 1e-4, the learning rate divided by 10 at 50%% and 75%% of the iterations, "
                + "the per-pixel mean subtracted, and on colour images 4-pixel padding, random crops and flips.",
                "Evaluates after every epoch, checkpoints there (the same command resumes), and writes the curves, "
                        + "summary.md, the trained model as MODEL.zip (DL4J) and MODEL.safetensors (torchvision's "
                        + "names and layout, for PyTorch's load_state_dict) into the run folder."})
final class TrainCommand implements Callable<Integer> {

    private static final int DEFAULT_BATCH = 128;
    private static final double DEFAULT_LR = 0.1;
    private static final long DEFAULT_SEED = 1;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A zoo model (./cnnzoo models lists them).")
    private String model;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "cifar-10", description = "The dataset: "
            + "cifar-10, cifar-100, fashion-mnist, mnist, kmnist. Default: ${DEFAULT-VALUE}.")
    private String dataset;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training images. Default: 1.")
    private Integer epochs;

    @Option(names = "--iterations", paramLabel = "N", description = "Train this many mini-batches instead of "
            + "--epochs (for smoke runs).")
    private Integer iterations;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "" + DEFAULT_BATCH,
            description = "Images per mini-batch. Default: ${DEFAULT-VALUE}.")
    private int batch;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "" + DEFAULT_LR,
            description = "The learning rate before its drops. Default: ${DEFAULT-VALUE}.")
    private double lr;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + DEFAULT_SEED,
            description = "Seed of the weights, data order and augmentation. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--weights", paramLabel = "FILE", description = "Start from these weights (.safetensors or "
            + ".pth, torchvision's names) instead of the initialisation; a classifier for another class count is "
            + "replaced by a new one (fine-tuning).")
    private Path weights;

    @Option(names = "--set", paramLabel = "FIELD=VALUE", description = "Override any field of the recipe "
            + "(./cnnzoo degradation --print-preset lists them), e.g. --set weightDecay=5e-4.")
    private Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder. Default: "
            + "runs/<date>-train-<model>-<dataset>, followed by the options given (e.g. -e10-lr0.05).")
    private Path out;

    @Mixin
    private DataOptions data;

    @Mixin
    private WorkerOptions workers;

    @Override
    public Integer call() throws Exception {
        CudaDevices.requireSupported(); // on a CUDA build, before ND4J meets a GPU it has no kernels for
        String name = Names.model(model);
        Parallelism parallelism = workers.parallelism(); // bad --workers or --parallel-mode: fail before any work
        DatasetSpec spec = Names.dataset(dataset);
        DegradationConfig recipe = recipe(name, spec);
        // Loaded once: an epoch's iterations are counted on the images the run then trains on.
        DegradationExperiment.Data images = DegradationExperiment.prepare(recipe, data.locator(), data.policy(false),
                System.out);
        DegradationConfig config = scheduled(recipe, images.train().size());
        Path folder = out != null ? out : Path.of("runs", defaultFolderName(name, spec.name()));
        RunFolder run = new RunFolder(folder);
        List<ModelProgress> results = new DegradationExperiment(config, run, data.locator(), data.policy(false),
                System.out).parallelism(parallelism).run(images);
        ModelProgress last = results.get(0);
        if (last.hasDiverged()) {
            System.out.println(name + " " + last.diverged() + "; no model exported (its last checkpoint is in "
                    + folder.resolve("checkpoints") + ")");
            return 1;
        }
        ComputationGraph trained = run.loadCheckpoint(last);
        Path dl4j = folder.resolve(name + ".zip");
        Path safetensors = folder.resolve(name + ".safetensors");
        AtomicFiles.write(dl4j, stream -> ModelSerializer.writeModel(trained, stream, true));
        Weights.save(trained, safetensors);
        System.out.printf(Locale.ROOT, "%s on %s after %d iterations: %s accuracy %.2f%% (error %.2f%%), "
                        + "training-subset error %.2f%%%nSaved %s (DL4J, with updater state) and %s (safetensors)%n",
                name, spec.name(), last.completedIterations(), config.heldOut(), 100 * (1 - last.testError()),
                100 * last.testError(), 100 * last.trainError(), dl4j, safetensors);
        return 0;
    }

    /** The train recipe for {@code name} on {@code spec}, the options and overrides applied, before its schedule. */
    DegradationConfig recipe(String name, DatasetSpec spec) {
        if (epochs != null && iterations != null) {
            throw new IllegalArgumentException("give --epochs or --iterations, not both");
        }
        if (passes() < 1 || batch < 1 || (iterations != null && iterations < 1)) {
            throw new IllegalArgumentException("--epochs, --iterations and --batch must be positive");
        }
        for (String field : List.of("models", "dataset", "seeds")) {
            if (set.containsKey(field)) {
                throw new IllegalArgumentException("train takes one model, one dataset and one seed: give MODEL, "
                        + "--dataset and --seed instead of --set " + field);
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("description", "cnnzoo train " + name + " --dataset " + spec.name());
        fields.put("dataset", spec.name());
        fields.put("models", name);
        fields.put("seeds", String.valueOf(seed));
        fields.put("batchSize", String.valueOf(batch));
        fields.put("baseLr", String.valueOf(lr));
        fields.put("warmupStartLr", String.valueOf(lr));
        if (spec.shape() != null && spec.shape().channels() == 1) {
            // Crops and flips are CIFAR's augmentation; a flipped digit or letter is another class, or none.
            fields.put("cropPadding", "0");
            fields.put("flipProbability", "0");
        }
        if (weights != null) {
            if (!Files.isRegularFile(weights)) {
                throw new IllegalArgumentException("--weights " + weights + ": no such file");
            }
            fields.put("initialWeights", weights.toAbsolutePath().toString());
        }
        fields.putAll(set);
        return DegradationPresets.override(DegradationPresets.trainRecipe(), fields);
    }

    /**
     * {@code recipe} with, unless {@code --set} gives them, the iterations from the epochs over
     * {@code trainImages}, the learning-rate drops at 50% and 75% of them, and an evaluation after every epoch.
     */
    DegradationConfig scheduled(DegradationConfig recipe, int trainImages) {
        Integer fixed = iterations != null ? iterations : set.containsKey("iterations") ? recipe.iterations() : null;
        int perEpoch = (trainImages + recipe.batchSize() - 1) / recipe.batchSize();
        int total = fixed != null ? fixed : passes() * perEpoch;
        Map<String, String> schedule = new LinkedHashMap<>();
        schedule.put("iterations", String.valueOf(total));
        schedule.put("milestones", Math.max(1, total / 2) + "," + Math.max(1, total * 3 / 4));
        schedule.put("evalEvery", String.valueOf(fixed != null ? total : Math.min(perEpoch, total)));
        schedule.keySet().removeAll(set.keySet());
        return DegradationPresets.override(recipe, schedule);
    }

    private int passes() {
        return epochs == null ? 1 : epochs;
    }

    /** {@code <date>-train-<model>-<dataset>}, then each option given, so that another recipe gets another folder. */
    String defaultFolderName(String name, String datasetName) {
        StringBuilder folder = new StringBuilder(LocalDate.now() + "-train-" + name + "-" + datasetName);
        if (epochs != null) {
            folder.append("-e").append(epochs);
        }
        if (iterations != null) {
            folder.append("-it").append(iterations);
        }
        if (batch != DEFAULT_BATCH) {
            folder.append("-b").append(batch);
        }
        if (lr != DEFAULT_LR) {
            folder.append("-lr").append(lr);
        }
        if (seed != DEFAULT_SEED) {
            folder.append("-seed").append(seed);
        }
        if (weights != null) {
            folder.append("-from-").append(weights.getFileName().toString().replaceAll("[^A-Za-z0-9.]+", "_"));
        }
        set.forEach((field, value) -> folder.append('-').append(field).append(value.replaceAll("[^A-Za-z0-9.]+", "_")));
        return folder.toString();
    }
}
