package io.cnnzoo.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way cnnzoo puts a result file in place, so that a reader (or the next run) sees either the previous
 * file or the complete new one, never half of it, whatever happens meanwhile — a crash, {@code kill -9}, a full
 * disk, a read-only folder:
 * <ol>
 *   <li>write a temporary sibling ({@code .<name>.tmp}; a sibling, because a rename is atomic only within one
 *       file system);</li>
 *   <li>force its content to the storage device ({@code fsync});</li>
 *   <li>rename it over the target atomically;</li>
 *   <li>force the folder, so the rename itself survives a power cut.</li>
 * </ol>
 * When any step fails the temporary file is deleted, the previous file is untouched, and the error names the
 * file being written.
 */
public final class AtomicFiles {

    /** Writes the content to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the content through the channel it is given (for positional or buffer writes). */
    @FunctionalInterface
    public interface ChannelContent {
        void writeTo(FileChannel out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces (or creates) {@code file} with what {@code content} writes, atomically and durably. */
    public static void write(Path file, Content content) throws IOException {
        writeChannel(file, channel -> {
            // Buffered: writers such as ModelSerializer's zip issue many small writes, each a system call here.
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            content.writeTo(out);
            out.flush();
        });
    }

    /** As {@link #write}, with a {@link FileChannel}. */
    public static void writeChannel(Path file, ChannelContent content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // A fixed sibling name (not createTempFile, whose 0600 mode would stick to the result); a leftover from a
        // crash is simply overwritten by the next write.
        Path tmp = parent.resolve("." + file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(parent);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io && !String.valueOf(io.getMessage()).startsWith("could not write")) {
                throw new IOException("could not write " + file + ": " + io.getMessage()
                        + (Files.exists(file) ? "; the previous " + file.getFileName() + " is intact" : ""), io);
            }
            throw e;
        }
    }

    /** Replaces (or creates) {@code file} with {@code text} in UTF-8, atomically and durably. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Forces {@code file}'s content and metadata to the storage device. */
    public static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a directory's entries; a no-op where the platform cannot open directories (Windows). */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: the data itself was already forced.
        }
    }

    /**
     * Forces {@code source}, renames it atomically to {@code target} (a file or an absent folder), forces the
     * parent: for files assembled elsewhere (a verified download, an extracted archive's folder).
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        if (Files.isRegularFile(source)) {
            fsync(source);
        }
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /** Deletes {@code path} and everything below it, if it exists. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
