package io.cnnzoo.bench.experiment;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM during training: a JVM shutdown hook asks the training loop to stop, and holds the
 * JVM's exit until the loop has committed a checkpoint after its current step and thrown
 * {@link RunInterruptedException} (closing this), or the report is written, or {@link #GRACE_SECONDS} pass (time
 * enough for an evaluation of the paper's ResNet-110), so the same command resumes from that iteration.
 * SIGKILL cannot be caught: a run killed so resumes from its last regular checkpoint.
 */
final class Interruption implements AutoCloseable {

    static final long GRACE_SECONDS = 300;

    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread hook = new Thread(this::awaitCheckpoint, "cnnzoo-checkpoint-on-exit");
    private volatile boolean requested;

    /** Starts listening: until {@link #close()}, an exit request waits for the loop's checkpoint. */
    Interruption() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean requested() {
        return requested;
    }

    private void awaitCheckpoint() {
        requested = true;
        System.err.println("\ncnnzoo: stopping after the current step to write a checkpoint (up to " + GRACE_SECONDS
                + " s; kill -9 to stop at once and resume from the last evaluation)");
        try {
            released.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Training stopped, or it and the report are done: an exit no longer waits. */
    @Override
    public void close() {
        released.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; the latch is open, so it returns at once
        }
    }
}
