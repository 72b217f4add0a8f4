package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.experiment.DegradationConfig;
import io.cnnzoo.bench.experiment.DegradationExperiment;
import io.cnnzoo.bench.experiment.RunFolder;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.fetch.FetchPolicy;
import picocli.CommandLine.Command;
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
            + "runs/<date>-degradation-<preset>.")
    private Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the dataset is (searched before "
            + "$CNNZOO_DATA, ~/.cnnzoo/data and system copies).")
    private Path dataDir;

    @Option(names = "--offline", description = "Never download: fail if the dataset is not on this machine. "
            + "Without it, a missing dataset is downloaded into the cache (~/.cnnzoo/data or $CNNZOO_DATA), "
            + "checksum-verified, with progress on the terminal.")
    private boolean offline;

    @Override
    public Integer call() throws Exception {
        DegradationConfig config = DegradationConfig.preset(preset).withOverrides(iterations, models, evalEvery, seed);
        Path folder = out != null ? out : Path.of("runs", LocalDate.now() + "-degradation-" + preset);
        new DegradationExperiment(config, new RunFolder(folder), DataLocator.system(dataDir),
                offline ? FetchPolicy.OFFLINE : FetchPolicy.DOWNLOAD, System.out).run();
        System.out.print(java.nio.file.Files.readString(folder.resolve("summary.md")));
        return 0;
    }
}
