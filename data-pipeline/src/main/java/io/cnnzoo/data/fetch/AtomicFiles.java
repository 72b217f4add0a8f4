package io.cnnzoo.data.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Putting files in place so that a reader sees either nothing or the complete file: write a temporary
 * sibling, force it to the disk, rename it atomically (the rename is atomic only within one file system,
 * hence the sibling), then force the directory so the rename itself survives a crash.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Forces {@code file}'s content and metadata to the storage device. */
    static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a directory's entries; a no-op where the platform cannot open directories (Windows). */
    static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: the data itself was already forced.
        }
    }

    /** Forces {@code source}, renames it atomically to {@code target} (a file or an absent folder), forces the parent. */
    static void moveIntoPlace(Path source, Path target) throws IOException {
        if (Files.isRegularFile(source)) {
            fsync(source);
        }
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /** Deletes {@code path} and everything below it, if it exists. */
    static void deleteRecursively(Path path) throws IOException {
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
