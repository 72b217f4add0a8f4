package io.cnnzoo.data.fetch;

import io.cnnzoo.data.DatasetFormatException;

import java.nio.file.Path;

/** A file whose size or checksum is not the one recorded for it; the message names the file, expected and actual. */
public class ChecksumMismatchException extends DatasetFormatException {

    private final String expected;
    private final String actual;

    /**
     * @param file     the file checked (or the file a download was meant to become)
     * @param what     which check, e.g. {@code "SHA-256"} or {@code "size"}
     * @param expected the recorded value
     * @param actual   the value found
     * @param context  what happened to the bytes, appended to the message (may be empty)
     */
    public ChecksumMismatchException(Path file, String what, String expected, String actual, String context) {
        super(file, what + " mismatch: expected " + expected + ", got " + actual + (context.isEmpty() ? "" : "; " + context));
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
