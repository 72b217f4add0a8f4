package io.cnnzoo.data.fetch;

import java.time.Duration;

/**
 * How patient a download is.
 *
 * @param connectTimeout  the longest wait for a connection
 * @param readTimeout     the longest wait for the next bytes of a response
 * @param attempts        rounds over all of a file's URLs before giving up
 * @param firstBackoff    the pause after the first failed round; it doubles after each further one
 * @param minimumRate     bytes per second a transfer must average over each {@code rateWindow}, or it is
 *                        dropped (and resumed by the next attempt): a server that drips one byte every few
 *                        seconds never trips the read timeout, but it trips this
 * @param rateWindow      the span over which {@code minimumRate} is measured
 * @param sleeper         how to pause (tests pass one that does not)
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, int attempts, Duration firstBackoff,
                            long minimumRate, Duration rateWindow, Sleeper sleeper) {

    /** Pauses between attempts. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public FetchSettings {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        if (minimumRate < 0 || rateWindow.isNegative() || rateWindow.isZero()) {
            throw new IllegalArgumentException("minimum rate must be >= 0 and its window positive, got "
                    + minimumRate + " B/s over " + rateWindow);
        }
    }

    /**
     * 15 s to connect, 60 s between bytes, at least 1 kB/s over every minute, 4 rounds with pauses of 2, 4 and
     * 8 s. At 1 kB/s CIFAR-10's 170 MB would take two days: the floor only cuts off servers that have stalled.
     */
    public static FetchSettings defaults() {
        return new FetchSettings(Duration.ofSeconds(15), Duration.ofSeconds(60), 4, Duration.ofSeconds(2),
                1024, Duration.ofSeconds(60), duration -> Thread.sleep(duration.toMillis()));
    }
}
