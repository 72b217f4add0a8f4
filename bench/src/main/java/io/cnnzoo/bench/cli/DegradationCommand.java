package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.experiment.DegradationConfig;
import io.cnnzoo.bench.experiment.DegradationExperiment;
import io.cnnzoo.bench.experiment.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "degradation", mixinStandardHelpOptions = true,
        description = {"Train plain and residual nets of two depths with the same recipe, seed and data order, "
                + "and check He et al. 2016's degradation result: the deeper plain net trains to a higher "
                + "error, the deeper residual net does not.",
                "Writes config.json, curves.csv, checkpoints/, summary.md and training-error.png into the run "
                        + "folder; running the same command again resumes from the last checkpoints."})
final class DegradationCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "quick", description = "The recipe: quick = plain20/56 and "
            + "resnet20/56 on Fashion-MNIST for one epoch (469 iterations of 128). Default: ${DEFAULT-VALUE}.")
    private String preset;

    @Option(names = "--iterations", paramLabel = "N", description = "Override the preset's iterations per model "
            + "(for smoke runs; the learning-rate schedule stays the preset's).")
    private Integer iterations;

    @Option(names = "--models", paramLabel = "NAME", split = ",", description = "Override the preset's models.")
    private List<String> models;

    @Option(names = "--eval-every", paramLabel = "N", description = "Override the iterations between "
            + "evaluations and checkpoints (the last iteration always evaluates).")
    private Integer evalEvery;

    @Option(names = "--seed", paramLabel = "S", description = "Override the seed of weights and data order.")
    private Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder. Default: "
            + "runs/<date>-degradation-<preset>, followed by the overrides (e.g. -it20-plain20-resnet20), so a smoke "
            + "run never meets the full run's folder.")
    private Path out;

    @Mixin
    private DataOptions data;

    @Override
    public Integer call() throws Exception {
        String presetName = Names.resolve("preset", preset, List.of("quick"), "");
        List<String> modelNames = models == null ? null : models.stream().map(Names::model).toList();
        DegradationConfig config = DegradationConfig.preset(presetName)
                .withOverrides(iterations, modelNames, evalEvery, seed);
        Path folder = out != null ? out : Path.of("runs", defaultFolderName(presetName, modelNames));
        new DegradationExperiment(config, new RunFolder(folder), data.locator(), data.policy(false), System.out).run();
        System.out.print(java.nio.file.Files.readString(folder.resolve("summary.md")));
        return 0;
    }

    /** {@code <date>-degradation-<preset>}, then each override: {@code -it20}, {@code -eval10}, {@code -seed7}, models. */
    String defaultFolderName(String presetName, List<String> modelNames) {
        StringBuilder name = new StringBuilder(LocalDate.now() + "-degradation-" + presetName);
        if (iterations != null) {
            name.append("-it").append(iterations);
        }
        if (evalEvery != null) {
            name.append("-eval").append(evalEvery);
        }
        if (seed != null) {
            name.append("-seed").append(seed);
        }
        if (modelNames != null) {
            name.append('-').append(String.join("-", modelNames));
        }
        return name.toString();
    }
}
