package io.cnnzoo.bench.experiment;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A log that throws, as a crash would, when a line containing a marker is printed. */
final class CrashingLog {

    private CrashingLog() {
    }

    /** Crashes at the progress line of iteration {@code marker} (e.g. "it 2/4"), printed after its checkpoint. */
    static PrintStream at(String marker) {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                if (line.contains(marker)) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
    }
}
