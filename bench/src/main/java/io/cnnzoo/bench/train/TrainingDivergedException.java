package io.cnnzoo.bench.train;

/** Training met a loss that is not finite, or that exploded past any loss a learning model has. */
public final class TrainingDivergedException extends RuntimeException {

    private final int iteration;

    public TrainingDivergedException(int iteration, double loss, double lr, String why) {
        super("the loss became " + loss + " at iteration " + iteration + " (learning rate " + lr + "): " + why);
        this.iteration = iteration;
    }

    /** The 0-based iteration whose loss diverged. */
    public int iteration() {
        return iteration;
    }
}
