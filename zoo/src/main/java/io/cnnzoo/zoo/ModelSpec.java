package io.cnnzoo.zoo;

/**
 * What the registry knows about a model before it is built, with the reference numbers it must meet.
 *
 * @param name            the registry name, lowercase ({@code resnet56})
 * @param family          the family it belongs to ({@code resnet-cifar})
 * @param description     one line: what the model is
 * @param defaultInput    the input shape {@code Zoo.create} uses
 * @param defaultClasses  the class count {@code Zoo.create} uses
 * @param minInputSize    the smallest height and width the model accepts
 * @param citation        the paper, and the table or figure, the architecture follows
 * @param referenceParams trainable parameters (torchvision's count) for the default input and classes, as
 *                        published by torchvision or the paper, or derived by layer arithmetic where neither
 *                        states it; the zoo's tests hold every model to it exactly
 * @param referenceGmacs  multiply-accumulates (10^9) for one image of the default input, as torchvision's
 *                        "GFLOPS" column publishes them; {@code null} where no outside source gives one
 * @param depth           the depth its name and paper give it ({@link ModelBuilder#depth()})
 * @param residual        whether it has shortcut connections ({@link ModelBuilder#isResidual()})
 */
public record ModelSpec(String name, String family, String description, InputShape defaultInput,
                        int defaultClasses, int minInputSize, String citation, long referenceParams,
                        Double referenceGmacs, int depth, boolean residual) {
}
