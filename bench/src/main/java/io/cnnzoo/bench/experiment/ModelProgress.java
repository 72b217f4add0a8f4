package io.cnnzoo.bench.experiment;

/**
 * How far one run (a model with a seed) has come, saved beside its checkpoint.
 *
 * @param model               the run's name ({@link RunKey#name()}: the zoo name, with {@code @seed} when seeds vary)
 * @param completedIterations updates applied so far (the checkpoint holds the weights after them)
 * @param trainSeconds        wall time spent in training steps (batch assembly, forward, backward, update)
 * @param evalSeconds         wall time spent evaluating
 * @param trainImages         images trained on
 * @param trainError          the last evaluated error on the training subset
 * @param testError           the last evaluated held-out error (test or validation)
 * @param diverged            why training stopped early (its loss diverged), or {@code null}
 */
public record ModelProgress(String model, int completedIterations, double trainSeconds, double evalSeconds,
                            long trainImages, double trainError, double testError, String diverged) {

    public static ModelProgress start(String model) {
        return new ModelProgress(model, 0, 0, 0, 0, Double.NaN, Double.NaN, null);
    }

    public double imagesPerSecond() {
        return trainSeconds > 0 ? trainImages / trainSeconds : Double.NaN;
    }

    /** After one more training step. */
    public ModelProgress trained(int completed, double seconds, long images) {
        return new ModelProgress(model, completed, trainSeconds + seconds, evalSeconds, trainImages + images,
                trainError, testError, diverged);
    }

    /** After an evaluation. */
    public ModelProgress evaluated(double seconds, double newTrainError, double newTestError) {
        return new ModelProgress(model, completedIterations, trainSeconds, evalSeconds + seconds, trainImages,
                newTrainError, newTestError, diverged);
    }

    /** Stopped for good after {@code why}; the last evaluated errors stay. */
    public ModelProgress stopped(String why) {
        return new ModelProgress(model, completedIterations, trainSeconds, evalSeconds, trainImages, trainError,
                testError, why);
    }

    public boolean hasDiverged() {
        return diverged != null;
    }
}
