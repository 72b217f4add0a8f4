package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.experiment.RunFolderException;
import io.cnnzoo.bench.experiment.RunInterruptedException;
import io.cnnzoo.bench.train.MemoryBudget;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.zoo.weights.WeightFormatException;
import org.deeplearning4j.exception.DL4JException;
import picocli.CommandLine;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * What the command line tells a user about a failure: one line of cause, one of remedy, and an exit code by
 * kind (docs/reliability.md), so scripts can tell a typo from a damaged file from a bug.
 *
 * @param exitCode one of the constants below
 * @param cause    what went wrong, naming the file, record or option: one line, sometimes followed by indented
 *                 details (where a dataset was looked for, each failed download attempt)
 * @param remedy   what to do about it
 */
record Failure(int exitCode, String cause, String remedy) {

    /** A check the command ran failed (e.g. {@code data verify} found a file that differs). */
    static final int CHECK_FAILED = 1;
    /** The command line asks for something that cannot be: an unknown name, a bad value, an impossible model. */
    static final int USAGE = 2;
    /** A file or download is missing, damaged or not what was expected. */
    static final int DATA = 3;
    /** Not enough memory or disk. */
    static final int RESOURCES = 4;
    /** A bug in cnnzoo or a library it uses (sysexits' EX_SOFTWARE). */
    static final int INTERNAL = 70;
    /** Stopped by Ctrl-C after a checkpoint (128 + SIGINT, as a shell reports it). */
    static final int INTERRUPTED = 130;

    static final String MEMORY_REMEDY = "give the JVM more memory, e.g. CNNZOO_JAVA_OPTS='-Xmx4g "
            + "-Dorg.bytedeco.javacpp.maxphysicalbytes=16G' ./cnnzoo ... (heap and ND4J's native memory; "
            + "docs/reliability.md), or choose a smaller model, input or batch";

    /** The failure {@code e} means for a user of {@code command} ({@code "cnnzoo summary"}, {@code "cnnzoo"}). */
    static Failure of(Throwable e, String command) {
        String help = "see ./" + command + " --help";
        Throwable oom = find(e, OutOfMemoryError.class);
        if (oom != null) {
            return new Failure(RESOURCES, "out of memory: " + firstLine(oom.getMessage()), MEMORY_REMEDY);
        }
        if (e instanceof MemoryBudget.MemoryBudgetException m) {
            return new Failure(RESOURCES, m.getMessage(), m.remedy());
        }
        if (e instanceof CommandLine.ParameterException) {
            return new Failure(USAGE, e.getMessage(), help);
        }
        if (e instanceof UncheckedIOException u) {
            return of(u.getCause(), command);
        }
        if (e instanceof RunInterruptedException) {
            return new Failure(INTERRUPTED, "interrupted", e.getMessage().replaceFirst("^.*; to resume, ", ""));
        }
        if (e instanceof RunFolderException r) {
            return new Failure(DATA, r.getMessage(), r.remedy());
        }
        if (e instanceof DatasetFormatException) {
            return new Failure(DATA, e.getMessage(), "the file is damaged or not the published one: delete it and "
                    + "run ./cnnzoo data fetch NAME, or point --data-dir at a good copy (./cnnzoo data verify NAME "
                    + "checks every file)");
        }
        if (e instanceof WeightFormatException) {
            return new Failure(DATA, e.getMessage(), "the weights file is damaged or not a PyTorch state dict or "
                    + "safetensors file: download it again (docs/weights.md lists the addresses)");
        }
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return new Failure(DATA, (e instanceof NoSuchFileException ? "no such file: " : "") + e.getMessage(),
                    "check the path; " + help);
        }
        FileSystemException fs = find(e, FileSystemException.class);
        String reason = fs == null || fs.getReason() == null ? "" : fs.getReason();
        if (reason.contains("No space left on device") || String.valueOf(e.getMessage()).contains("No space left")) {
            return new Failure(RESOURCES, "disk full: " + e.getMessage(), "free some space or choose another "
                    + "--out; files written before this one are intact");
        }
        if (fs instanceof AccessDeniedException || reason.contains("Read-only file system")) {
            return new Failure(DATA, "cannot write: " + e.getMessage(), "choose a location you can write to "
                    + "(--out, --data-dir or $CNNZOO_DATA)");
        }
        if (e instanceof IOException) {
            return new Failure(DATA, e.getMessage(), "check the path, permissions and free space; a failed download "
                    + "resumes when run again");
        }
        if (e instanceof DL4JException) {
            // DL4J appends how to switch its check off, which is not advice for a zoo model.
            return new Failure(USAGE, firstLine(e.getMessage()), help);
        }
        if (noNd4jBackend(e)) {
            return new Failure(USAGE, "no ND4J backend could load: " + firstLine(rootOf(e).getMessage()), "a jar "
                    + "built with -Pcuda needs an NVIDIA driver, the CUDA 11.6 libraries and a supported GPU "
                    + "(docs/gpu.md; ND4J's log above says what was missing); on a CPU machine build without -Pcuda");
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return new Failure(USAGE, e.getMessage(), help);
        }
        return new Failure(INTERNAL, "internal error (a bug in cnnzoo or a library it uses): " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())),
                "run it again with --verbose for the stack trace, and report it with the command you ran");
    }

    /** ND4J found no backend it could load: its NoAvailableBackendException, or Nd4j's failed class initialiser. */
    private static boolean noNd4jBackend(Throwable e) {
        return rootOf(e).getClass().getName().startsWith("org.nd4j.linalg.factory.Nd4jBackend")
                || e instanceof NoClassDefFoundError
                && String.valueOf(e.getMessage()).contains("org.nd4j.linalg.factory.Nd4j");
    }

    private static Throwable rootOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
