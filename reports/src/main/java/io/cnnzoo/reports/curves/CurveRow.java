package io.cnnzoo.reports.curves;

/**
 * One training iteration of one model. Evaluations run only at checkpoints: elsewhere
 * {@code trainError} and {@code testError} are NaN (empty in the CSV).
 *
 * @param model      the model's registry name
 * @param iteration  0-based iteration index
 * @param lr         the learning rate used by this iteration's update
 * @param loss       the mini-batch loss (cross-entropy plus L2 penalty) before the update
 * @param batchError the mini-batch training error before the update, in [0, 1]
 * @param trainError error on the fixed training subset after this iteration, in inference mode
 * @param testError  error on the test set after this iteration, in inference mode
 */
public record CurveRow(String model, long iteration, double lr, double loss, double batchError, double trainError,
                       double testError) {

    public boolean hasEvaluation() {
        return !Double.isNaN(trainError) || !Double.isNaN(testError);
    }

    public CurveRow withEvaluation(double trainError, double testError) {
        return new CurveRow(model, iteration, lr, loss, batchError, trainError, testError);
    }
}
