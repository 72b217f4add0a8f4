package io.cnnzoo.data.fetch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** What a download reports as it goes; {@link ConsoleProgress} prints it, {@link #SILENT} ignores it. */
public interface FetchListener {

    FetchListener SILENT = new FetchListener() {
    };

    /** A sentence for the user ("fashion-mnist not found; downloading 4 files ..."). */
    default void note(String message) {
    }

    /** A request for {@code fileName} starts at byte {@code from} (non-zero when resuming a partial file). */
    default void downloading(String fileName, URI url, long from, Long size) {
    }

    /** {@code bytes} of {@code total} (-1 when unknown) are on disk. */
    default void progress(String fileName, long bytes, long total) {
    }

    /** An attempt failed; the next one starts after {@code wait}. */
    default void retrying(String fileName, String reason, int attempt, int attempts, Duration wait) {
    }

    /** {@code fileName} was verified and moved to {@code target}. */
    default void verified(String fileName, Path target) {
    }
}
