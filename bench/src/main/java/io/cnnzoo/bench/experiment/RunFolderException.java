package io.cnnzoo.bench.experiment;

import java.io.IOException;
import java.nio.file.Path;

/** A run folder's file that cannot be used as it is: the message names it, {@link #remedy()} says what to do. */
public final class RunFolderException extends IOException {

    private final String remedy;

    public RunFolderException(Path file, String problem, String remedy, Throwable cause) {
        super(file + ": " + problem, cause);
        this.remedy = remedy;
    }

    public String remedy() {
        return remedy;
    }
}
