package io.cnnzoo.data.fetch;

import java.nio.file.Path;

/**
 * The verdict on one file of a dataset.
 *
 * @param name   the file name as the registry lists it (no {@code .gz})
 * @param path   the file checked ({@code name} or {@code name.gz}), or where it was expected when missing
 * @param status the verdict
 * @param detail what was compared, or what differed (expected and actual values)
 */
public record FileCheck(String name, Path path, Status status, String detail) {

    public enum Status {
        /** Matches a published checksum, the recorded checksum of its content, or the fetch-time manifest. */
        OK,
        /** Present with the recorded size, but no checksum is recorded for it. */
        UNCHECKED,
        /** Differs from what is recorded (size or checksum), or cannot be read. */
        MISMATCH,
        /** Not there, neither raw nor gzipped. */
        MISSING
    }

    @Override
    public String toString() {
        return String.format("%-9s %s: %s", status, path, detail);
    }
}
