package io.cnnzoo.bench.experiment;

/**
 * How far one model of a run has come, saved beside its checkpoint.
 *
 * @param model               the zoo name
 * @param completedIterations updates applied so far (the checkpoint holds the weights after them)
 * @param trainSeconds        wall time spent in training steps (batch assembly, forward, backward, update)
 * @param evalSeconds         wall time spent evaluating
 * @param trainImages         images trained on
 * @param trainError          the last evaluated error on the training subset
 * @param testError           the last evaluated test error
 */
public record ModelProgress(String model, int completedIterations, double trainSeconds, double evalSeconds,
                            long trainImages, double trainError, double testError) {

    public static ModelProgress start(String model) {
        return new ModelProgress(model, 0, 0, 0, 0, Double.NaN, Double.NaN);
    }

    public double imagesPerSecond() {
        return trainSeconds > 0 ? trainImages / trainSeconds : Double.NaN;
    }
}
