package io.cnnzoo.bench.train;

import java.util.Locale;

/**
 * How many DL4J {@code ParallelWrapper} workers train one graph, and how they combine their work.
 *
 * @param workers 1 trains on the calling thread without ParallelWrapper; N ≥ 2 splits every mini-batch of
 *                B images into N sub-batches of B/N, one per worker
 * @param mode    how the workers combine their updates
 */
public record Parallelism(int workers, Mode mode) {

    /** One worker: the plain training loop. */
    public static final Parallelism SINGLE = new Parallelism(1, Mode.AVERAGING);

    /** ParallelWrapper's two training modes, under the names the CLI uses. */
    public enum Mode {
        /**
         * Parameter and updater-state averaging after every sub-batch step (averaging frequency 1). With plain
         * SGD or momentum and weight decay this is one step on the whole mini-batch, except that batch
         * normalisation sees B/N images at a time.
         */
        AVERAGING("averaging"),
        /**
         * Gradient sharing: every worker applies its own update and the others' threshold-encoded ones (Strom
         * 2015). Updates are summed, not averaged, and the encoding's residuals do not survive a checkpoint. DL4J
         * drops batch norm's running statistics on this path: they are recomputed after every chunk of steps.
         */
        SHARED_GRADIENTS("shared-gradients");

        private final String cliName;

        Mode(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Mode byCliName(String name) {
            for (Mode mode : values()) {
                if (mode.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("unknown parallel mode '" + name + "': use averaging or shared-gradients");
        }
    }

    /** More workers than this is a typo, not a machine: a worker holds a whole copy of the model and its updater. */
    public static final int MAX_WORKERS = 256;

    public Parallelism {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("--workers must be between 1 and " + MAX_WORKERS + ", got " + workers);
        }
        if (mode == null) {
            throw new IllegalArgumentException("a parallel mode is needed");
        }
    }

    public boolean parallel() {
        return workers > 1;
    }

    @Override
    public String toString() {
        return workers == 1 ? "1 worker" : workers + " ParallelWrapper workers (" + mode.cliName() + ")";
    }
}
