package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.experiment.DegradationConfig;
import io.cnnzoo.bench.experiment.DegradationExperiment;
import io.cnnzoo.bench.experiment.DegradationPresets;
import io.cnnzoo.bench.experiment.DryRun;
import io.cnnzoo.bench.experiment.RunFolder;
import io.cnnzoo.bench.gpu.CudaDevices;
import io.cnnzoo.bench.train.Parallelism;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "degradation", mixinStandardHelpOptions = true,
        description = {"Train plain and residual nets of several depths with the same recipe, seed and data order, "
                + "and check He et al. 2016's degradation result: the deeper plain net trains to a higher "
                + "error, the deeper residual net does not.",
                "Presets: quick (Fashion-MNIST, one epoch, ~20 min on 2 cores), medium (Fashion-MNIST, four epochs), paper "
                        + "(CIFAR-10 by Sec. 4.2, 64k iterations per model: days on a CPU; see docs/reproduce.md). "
                        + "A preset is a JSON file: --print-preset shows it, --preset-file runs your edited copy, and "
                        + "--set FIELD=VALUE overrides any field.",
                "Writes run.json, environment.json, config.json, curves.csv, checkpoints/, report.html (open it "
                        + "in a browser), summary.md, table6.md, fig6.png/.svg and training-error.png/.svg into the "
                        + "run folder; running the same command again resumes from the last checkpoints."})
final class DegradationCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "quick", description = "A built-in recipe: quick, medium or paper. "
            + "Default: ${DEFAULT-VALUE}.")
    private String preset;

    @Option(names = "--preset-file", paramLabel = "FILE", description = "A preset file of your own (start from "
            + "--print-preset's output); replaces --preset.")
    private Path presetFile;

    @Option(names = "--print-preset", description = "Print the preset, overrides applied, as JSON and exit.")
    private boolean printPreset;

    @Option(names = "--dry-run", description = "Print the full configuration, every model's learning-rate schedule, "
            + "the iteration count and the wall time estimated from a few timed steps on this machine, and exit.")
    private boolean dryRun;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Override the dataset (cifar-10, cifar-100, "
            + "fashion-mnist, mnist, kmnist).")
    private String dataset;

    @Option(names = "--models", paramLabel = "NAME", split = ",", description = "Override the preset's models.")
    private List<String> models;

    @Option(names = "--depths", paramLabel = "D", split = ",", description = "With --nets: train these depths "
            + "(e.g. 20,32,44,56,110) of each net in place of the preset's models.")
    private List<Integer> depths;

    @Option(names = "--nets", paramLabel = "NET", split = ",", description = "With --depths: plain, resnet or "
            + "both. Default: plain,resnet.")
    private List<String> nets;

    @Option(names = "--iterations", paramLabel = "N", description = "Override the iterations per model (for smoke "
            + "runs; the learning-rate schedule stays the preset's).")
    private Integer iterations;

    @Option(names = "--seeds", paramLabel = "S", split = ",", description = "Train every model once per seed "
            + "(tables show mean ± sd, charts the spread).")
    private List<Long> seeds;

    @Option(names = "--batch", paramLabel = "B", description = "Override the mini-batch size.")
    private Integer batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Override the base learning rate.")
    private Double lr;

    @Option(names = "--eval-every", paramLabel = "N", description = "Override the iterations between "
            + "evaluations and checkpoints (the last iteration always evaluates).")
    private Integer evalEvery;

    @Option(names = "--validation", paramLabel = "N", description = "Hold N training images out and report the "
            + "error on them instead of the test split (the paper's 45k/5k split: 5000); 0 trains on all.")
    private Integer validation;

    @Option(names = "--set", paramLabel = "FIELD=VALUE", description = "Override any preset field, e.g. --set "
            + "weightDecay=5e-4 --set milestones=16000,24000 (--print-preset lists the fields).")
    private Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder. Default: "
            + "runs/<date>-degradation-<preset>, followed by the overrides (e.g. -it20-plain20-resnet20), so a smoke "
            + "run never meets the full run's folder.")
    private Path out;

    @Mixin
    private DataOptions data;

    @Mixin
    private WorkerOptions workers;

    @Override
    public Integer call() throws Exception {
        CudaDevices.requireSupported(); // on a CUDA build, before ND4J meets a GPU it has no kernels for
        DegradationConfig config = configuration();
        Parallelism parallelism = workers.parallelism(); // bad --workers or --parallel-mode: fail before any work
        if (printPreset) {
            System.out.print(DegradationPresets.toJson(config));
            return 0;
        }
        if (dryRun) {
            DryRun.print(config, System.out);
            return 0;
        }
        String presetName = presetFile == null ? config.preset()
                : "file-" + presetFile.getFileName().toString().replaceFirst("\\.json$", "");
        Path folder = out != null ? out : Path.of("runs", defaultFolderName(presetName, modelOverride()));
        new DegradationExperiment(config, new RunFolder(folder), data.locator(), data.policy(false), System.out)
                .parallelism(parallelism).run();
        System.out.print(Files.readString(folder.resolve("summary.md")));
        return 0;
    }

    /** The preset with every override applied. */
    DegradationConfig configuration() throws java.io.IOException {
        DegradationConfig base = presetFile != null ? DegradationPresets.read(presetFile)
                : DegradationPresets.builtIn(Names.resolve("preset", preset, DegradationPresets.BUILT_IN, ""));
        Map<String, String> fields = new LinkedHashMap<>();
        if (dataset != null) {
            fields.put("dataset", Names.dataset(dataset).name());
        }
        List<String> modelNames = modelOverride();
        if (modelNames != null) {
            fields.put("models", String.join(",", modelNames));
        }
        put(fields, "iterations", iterations);
        put(fields, "batchSize", batch);
        put(fields, "baseLr", lr);
        put(fields, "evalEvery", evalEvery);
        put(fields, "validationSize", validation);
        if (seeds != null) {
            fields.put("seeds", seeds.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""));
        }
        fields.putAll(set);
        return DegradationPresets.override(base, fields);
    }

    /** {@code --models}, or the nets of {@code --depths}/{@code --nets}, as registry names; null when neither. */
    private List<String> modelOverride() {
        if (depths != null) {
            if (models != null) {
                throw new IllegalArgumentException("give either --models or --depths/--nets, not both");
            }
            List<String> names = new ArrayList<>();
            for (String net : nets != null ? nets : List.of("plain", "resnet")) {
                String family = Names.resolve("net", net, List.of("plain", "resnet"), "");
                for (int depth : depths) {
                    names.add(Names.model(family + depth));
                }
            }
            return names;
        }
        if (nets != null) {
            throw new IllegalArgumentException("--nets needs --depths (e.g. --depths 20,56 --nets plain,resnet)");
        }
        return models == null ? null : models.stream().map(Names::model).toList();
    }

    private static void put(Map<String, String> fields, String field, Object value) {
        if (value != null) {
            fields.put(field, String.valueOf(value));
        }
    }

    /** {@code <date>-degradation-<preset>}, then each override: {@code -it20}, {@code -eval10}, {@code -seeds1-2}, models. */
    String defaultFolderName(String presetName, List<String> modelNames) {
        StringBuilder name = new StringBuilder(LocalDate.now() + "-degradation-" + presetName);
        if (dataset != null) {
            name.append('-').append(dataset.toLowerCase(java.util.Locale.ROOT));
        }
        if (iterations != null) {
            name.append("-it").append(iterations);
        }
        if (evalEvery != null) {
            name.append("-eval").append(evalEvery);
        }
        if (batch != null) {
            name.append("-b").append(batch);
        }
        if (lr != null) {
            name.append("-lr").append(lr);
        }
        if (validation != null) {
            name.append("-val").append(validation);
        }
        if (seeds != null) {
            name.append("-seeds").append(String.join("-", seeds.stream().map(String::valueOf).toList()));
        }
        if (modelNames != null) {
            name.append('-').append(String.join("-", modelNames));
        }
        set.forEach((field, value) -> name.append('-').append(field).append(value.replaceAll("[^A-Za-z0-9.]+", "_")));
        return name.toString();
    }
}
