package io.cnnzoo.zoo.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;

import java.util.Arrays;
import java.util.Map;

/**
 * The state and the step of {@link Momentum}: one buffer per parameter, held as a view of DL4J's updater
 * state array (so that saving and restoring a model with its updater carries the buffer).
 */
final class MomentumUpdater implements GradientUpdater<Momentum> {

    /** The name of the buffer in {@link #getState()} (PyTorch calls it {@code momentum_buffer}). */
    static final String BUFFER = "momentumBuffer";

    private final Momentum config;
    private INDArray buffer;

    MomentumUpdater(Momentum config) {
        this.config = config;
    }

    @Override
    public Momentum getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        if (state.size() != 1 || !state.containsKey(BUFFER)) {
            throw new IllegalStateException("Momentum's state is one array named " + BUFFER + ", got " + state.keySet());
        }
        buffer = state.get(BUFFER);
        if (initialize) {
            buffer.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Map.of(BUFFER, buffer);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (initialize) {
            viewArray.assign(0);
        }
        buffer = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
        if (buffer == null) {
            throw new IllegalStateException("Momentum's state array of shape " + Arrays.toString(viewArray.shape())
                    + " cannot be viewed as the gradient's shape " + Arrays.toString(gradientShape));
        }
    }

    /** Replaces {@code gradient} (with weight decay already added) by the update DL4J subtracts: lr * buf. */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (buffer == null) {
            throw new IllegalStateException("Momentum's state was never set");
        }
        buffer.muli(config.momentum()).addi(gradient);
        gradient.assign(buffer).muli(config.getLearningRate(iteration, epoch));
    }
}
