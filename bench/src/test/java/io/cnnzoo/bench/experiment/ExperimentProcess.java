package io.cnnzoo.bench.experiment;

import io.cnnzoo.data.DataLocator;
import org.deeplearning4j.nn.conf.CNN2DFormat;

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
    static final DegradationConfig CONFIG = new DegradationConfig("kill-test", "fashion-mnist",
            List.of("plain20", "resnet20"), 6, 16, 0.01, 0.05, 2, List.of(4), 0.1, 0.9, 1e-4, 11, 2, 32,
            CNN2DFormat.NCHW);

    private ExperimentProcess() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Path data = Path.of(args[1]);
        new DegradationExperiment(CONFIG, new RunFolder(folder), new DataLocator(data, Map.of(), data), System.out)
                .run();
    }
}
