package io.cnnzoo.bench.experiment;

/** A run stopped on Ctrl-C or SIGTERM after committing a checkpoint; the same command resumes it. */
public final class RunInterruptedException extends RuntimeException {

    public RunInterruptedException(String message) {
        super(message);
    }
}
