package io.cnnzoo.bench.cli;

import io.cnnzoo.zoo.InputShape;
import picocli.CommandLine;

/** Reads {@code --input 1x28x28} (or {@code 1,28,28}) into an {@link InputShape}. */
final class ShapeConverter implements CommandLine.ITypeConverter<InputShape> {

    @Override
    public InputShape convert(String value) {
        try {
            return InputShape.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
