package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.train.Parallelism;
import picocli.CommandLine.Option;

/** How many ParallelWrapper workers train each model: declared once for {@code train} and {@code degradation}. */
final class WorkerOptions {

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1", description = "Train each model with N "
            + "DL4J ParallelWrapper workers, each on B/N images of every mini-batch (B must divide by N); 1 trains "
            + "on one thread. On a CPU each worker uses ND4J's OpenMP threads too: keep N x OMP_NUM_THREADS within "
            + "the cores (docs/distributed.md). Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--parallel-mode", paramLabel = "MODE", defaultValue = "averaging", description = "With "
            + "--workers: averaging (parameters and momentum averaged after every step: one step on the whole "
            + "mini-batch) or shared-gradients (threshold-encoded updates, summed; starts slower, and its "
            + "residuals are not checkpointed). Default: ${DEFAULT-VALUE}.")
    String mode;

    Parallelism parallelism() {
        return new Parallelism(workers, Parallelism.Mode.byCliName(mode));
    }
}
