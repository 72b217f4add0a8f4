package io.cnnzoo.zoo.weights;

/**
 * A weights file that is well formed but does not fit the graph: a tensor of another shape, or (in strict
 * loading) tensors the graph has no place for and parameters the file does not hold. It is thrown before
 * anything is copied: the graph keeps its weights.
 */
public class WeightMismatchException extends IllegalArgumentException {

    public WeightMismatchException(String message) {
        super(message);
    }
}
