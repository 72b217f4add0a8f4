package io.cnnzoo.data.fetch;

import java.time.Duration;

/**
 * How patient a download is.
 *
 * @param connectTimeout  the longest wait for a connection
 * @param readTimeout     the longest wait for the next bytes of a response
 * @param attempts        rounds over all of a file's URLs before giving up
 * @param firstBackoff    the pause after the first failed round; it doubles after each further one
 * @param sleeper         how to pause (tests pass one that does not)
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, int attempts, Duration firstBackoff,
                            Sleeper sleeper) {

    /** Pauses between attempts. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public FetchSettings {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
    }

    /** 15 s to connect, 60 s between bytes, 4 rounds with pauses of 2, 4 and 8 s. */
    public static FetchSettings defaults() {
        return new FetchSettings(Duration.ofSeconds(15), Duration.ofSeconds(60), 4, Duration.ofSeconds(2),
                duration -> Thread.sleep(duration.toMillis()));
    }
}
