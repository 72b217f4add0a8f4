package io.cnnzoo.data;

import java.io.IOException;
import java.nio.file.Path;

/** A dataset file that is not what its format says: the message names the file, where, and what was expected. */
public class DatasetFormatException extends IOException {

    public DatasetFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DatasetFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
