package io.cnnzoo.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What identifies a dataset on disk.
 *
 * @param name         the registry name ({@code fashion-mnist})
 * @param files        the file names, without a {@code .gz} suffix (either form is accepted)
 * @param systemCopies folders where an operating-system package installs the files
 * @param classNames   the class names, by label
 */
public record DatasetSpec(String name, List<String> files, List<Path> systemCopies, List<String> classNames) {

    public int numClasses() {
        return classNames.size();
    }
}
