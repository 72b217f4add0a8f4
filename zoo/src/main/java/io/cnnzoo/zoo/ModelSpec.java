package io.cnnzoo.zoo;

/**
 * What the registry knows about a model before it is built.
 *
 * @param name           the registry name, lowercase ({@code resnet56})
 * @param family         the family it belongs to ({@code resnet-cifar})
 * @param description    one line: what the model is
 * @param defaultInput   the input shape {@code Zoo.create} uses
 * @param defaultClasses the class count {@code Zoo.create} uses
 * @param minInputSize   the smallest height and width the model accepts
 * @param citation       the paper (and table) the architecture follows
 */
public record ModelSpec(String name, String family, String description, InputShape defaultInput,
                        int defaultClasses, int minInputSize, String citation) {
}
