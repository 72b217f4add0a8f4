package io.cnnzoo.data.fuzz;

import io.cnnzoo.data.DatasetFormatException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a fuzzer's bytes into a file a reader opens: written as they are, gzipped (so the fuzzer reaches the
 * format behind a valid gzip stream), or as they are under a {@code .gz} name (so it reaches the gzip layer).
 */
public final class FuzzFiles {

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("cnnzoo-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FuzzFiles() {
    }

    /** How the bytes reach the disk. */
    public enum Layer {
        RAW, GZIPPED, RAW_NAMED_GZ;

        public static Layer of(byte selector) {
            return values()[Math.floorMod(selector, values().length)];
        }
    }

    /** {@code content[from..]} as the file {@code name} (with {@code .gz} appended for the gzip layers). */
    public static Path write(String name, byte[] content, int from, Layer layer) throws IOException {
        Path file = DIR.resolve(layer == Layer.RAW ? name : name + ".gz");
        Files.deleteIfExists(DIR.resolve(name));
        Files.deleteIfExists(DIR.resolve(name + ".gz"));
        int length = Math.max(0, content.length - from);
        try (OutputStream out = layer == Layer.GZIPPED ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(content, Math.min(from, content.length), length);
        }
        return file;
    }

    /** A fresh empty folder (for extraction targets). */
    public static Path folder(String name) throws IOException {
        Path dir = DIR.resolve(name);
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** The project's own error must say which file it is about. */
    public static void requireNamed(DatasetFormatException e, Path file) {
        if (e.getMessage() == null || !e.getMessage().startsWith(file.toString())) {
            throw new AssertionError("a format error that does not name " + file + ": " + e.getMessage(), e);
        }
    }
}
