package io.cnnzoo.bench.suite;

/**
 * Where a bench run is: benchmark runs started and finished out of the plan's total, and the time left,
 * from the plan's estimate scaled by how the finished part compared with its own estimate.
 */
final class SuiteProgress {

    private final int total;
    private double plannedSeconds;
    private final long start = System.nanoTime();
    private int started;
    private int finished;
    private double plannedFinishedSeconds;

    /**
     * @param total          JMH benchmark runs
     * @param plannedSeconds the plan's estimate for all of the run, the peer included
     */
    SuiteProgress(int total, double plannedSeconds) {
        this.total = total;
        this.plannedSeconds = plannedSeconds;
    }

    int total() {
        return total;
    }

    /** Counts a start; returns its 1-based number. */
    synchronized int started() {
        return ++started;
    }

    /** Counts runs a resumed run already has: done, and out of the estimate of what is left. */
    synchronized void skipped(int runs, double plannedSeconds) {
        started += runs;
        finished += runs;
        this.plannedSeconds -= plannedSeconds;
    }

    /** Counts a finished run that the plan estimated at {@code plannedSeconds}. */
    synchronized void finished(double plannedSeconds) {
        finished++;
        plannedFinishedSeconds += plannedSeconds;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The plan's remaining estimate, scaled by elapsed / planned for what has finished. */
    synchronized double secondsLeft() {
        double remaining = plannedSeconds - plannedFinishedSeconds;
        if (plannedFinishedSeconds == 0) {
            return remaining;
        }
        return remaining * elapsedSeconds() / plannedFinishedSeconds;
    }
}
