package io.cnnzoo.data.fetch;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints downloads on a terminal: what is fetched from where, a progress line (rewritten in place with
 * {@code \r} on a console, one line per 10% otherwise), retries and the verified result.
 */
public final class ConsoleProgress implements FetchListener {

    private final PrintStream out;
    private final boolean console;
    private int lastShown = -1;

    public ConsoleProgress(PrintStream out) {
        this(out, System.console() != null);
    }

    ConsoleProgress(PrintStream out, boolean console) {
        this.out = out;
        this.console = console;
    }

    @Override
    public void note(String message) {
        out.println(message);
    }

    @Override
    public void downloading(String fileName, URI url, long from, Long size) {
        lastShown = -1;
        out.println((from > 0 ? "Resuming " + fileName + " at " + megabytes(from) : "Downloading " + fileName)
                + (size != null ? " (" + megabytes(size) + ")" : "") + " from " + url);
    }

    @Override
    public void progress(String fileName, long bytes, long total) {
        int step = console ? 1 : 10;
        int percent = total > 0 ? (int) (100 * bytes / total) : -1;
        int shown = percent >= 0 ? percent / step * step : (int) (bytes >> 23); // unknown total: every 8 MiB
        if (shown == lastShown) {
            return;
        }
        lastShown = shown;
        String line = String.format(Locale.ROOT, "  %s %s%s", fileName,
                percent >= 0 ? percent + "% " : "", megabytes(bytes) + (total > 0 ? " of " + megabytes(total) : ""));
        if (console) {
            out.print("\r" + line);
            if (percent == 100) {
                out.println();
            }
        } else {
            out.println(line);
        }
    }

    @Override
    public void retrying(String fileName, String reason, int attempt, int attempts, Duration wait) {
        if (console) {
            out.println();
        }
        out.println("  " + fileName + ": attempt " + attempt + " of " + attempts + " failed (" + reason + "); retrying in "
                + wait.toMillis() / 1000.0 + " s");
    }

    @Override
    public void verified(String fileName, Path target) {
        out.println("  " + fileName + ": size and checksum verified, saved as " + target);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
