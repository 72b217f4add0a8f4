package io.cnnzoo.bench.experiment;

import io.cnnzoo.data.DataLocator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A short degradation run in a process of its own, so that a test can kill it with SIGKILL at any moment:
 * {@code java -cp <test classpath> io.cnnzoo.bench.experiment.ExperimentProcess RUN_FOLDER DATA_FOLDER}.
 */
public final class ExperimentProcess {

    /** Two models, checkpoints every 2 of 6 iterations: kills land in training, evaluation and checkpoints. */
    static final DegradationConfig CONFIG = TestConfigs.tiny("preset", "kill-test", "models", "plain20,resnet20",
            "iterations", "6", "milestones", "4", "seeds", "11");

    private ExperimentProcess() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Path data = Path.of(args[1]);
        new DegradationExperiment(CONFIG, new RunFolder(folder), new DataLocator(data, Map.of(), data), System.out)
                .run();
    }
}
