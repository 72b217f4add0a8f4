package io.cnnzoo.io;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The previous file survives every failure of a write, and no temporary file is left behind: a writer that
 * throws, a real full disk and a real read-only folder (a 64 kB tmpfs, mounted where the test may mount: as
 * root on Linux, which is how CI runs; elsewhere those two cases skip saying so).
 */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    @Test
    void writesTheWholeFileAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("summary.md");
        AtomicFiles.writeString(file, "old");
        AtomicFiles.writeString(file, "new");
        assertEquals("new", Files.readString(file));
        assertEquals(List.of("summary.md"), listing(dir));
    }

    @Test
    void aWriterThatFailsHalfWayLeavesThePreviousFile() throws IOException {
        Path file = dir.resolve("curves.csv");
        AtomicFiles.writeString(file, "complete");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of it".getBytes(StandardCharsets.UTF_8));
            throw new IOException("simulated failure");
        }));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("intact"), e.getMessage());
        assertEquals("complete", Files.readString(file));
        assertEquals(List.of("curves.csv"), listing(dir));
    }

    @Test
    void aFullDiskFailsNamingTheFileAndKeepsThePreviousOne() throws Exception {
        Path disk = tinyDisk();
        Path checkpoint = disk.resolve("resnet20-235.zip");
        AtomicFiles.write(checkpoint, out -> out.write(new byte[16_000]));
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.write(checkpoint, out -> out.write(new byte[1 << 20])));
        assertTrue(e.getMessage().contains(checkpoint.toString()) && e.getMessage().contains("No space left"),
                e.getMessage());
        assertEquals(16_000, Files.size(checkpoint));
        assertEquals(List.of("resnet20-235.zip"), listing(disk));
    }

    @Test
    void aReadOnlyFolderFailsNamingTheFileAndKeepsThePreviousOne() throws Exception {
        Path disk = tinyDisk();
        Path summary = disk.resolve("summary.md");
        AtomicFiles.writeString(summary, "verdict");
        assumeTrue(run("mount", "-o", "remount,ro", disk.toString()), "cannot remount the tmpfs read-only");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(summary, "other"));
        assertTrue(e.getMessage().contains(summary.toString()), e.getMessage());
        assertEquals("verdict", Files.readString(summary));
        assertEquals(List.of("summary.md"), listing(disk));
    }

    /** A real 64 kB file system, or the test is skipped. */
    private Path tinyDisk() throws Exception {
        Path mountPoint = Files.createDirectory(dir.resolve("tiny"));
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && run("mount", "-t", "tmpfs", "-o", "size=64k",
                "tmpfs", mountPoint.toString()), "cannot mount a tmpfs here (needs root on Linux)");
        mounted = mountPoint;
        return mountPoint;
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static List<String> listing(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
