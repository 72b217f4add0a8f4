package io.cnnzoo.bench.experiment;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a long run on the terminal, one line at most every few seconds: where it is, the
 * current speed, and an ETA for the model and for the whole run.
 */
public final class ProgressLine {

    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private long lastPrint;

    ProgressLine(PrintStream out) {
        this.out = out;
    }

    /** Prints unless a line went out less than the interval ago (or {@code force}). */
    void print(boolean force, String where, double imagesPerSecond, double modelSecondsLeft, double runSecondsLeft,
               String details) {
        long now = System.nanoTime();
        if (!force && now - lastPrint < INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        out.println(String.format(Locale.ROOT, "%s  %s  %.0f img/s  ETA model %s, run %s", where, details,
                imagesPerSecond, duration(modelSecondsLeft), duration(runSecondsLeft)));
        out.flush();
    }

    /** {@code 4m05s}, {@code 1h20m}; {@code ?} for an unknown (NaN or infinite) time. */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        Duration d = Duration.ofSeconds(Math.round(Math.max(0, seconds))); // an ETA may undershoot to < 0
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
