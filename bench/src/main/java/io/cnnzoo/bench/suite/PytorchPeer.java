package io.cnnzoo.bench.suite;

import io.cnnzoo.io.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PyTorch on the same machine in the same run: {@code bench/peers/pytorch_bench.py} (shipped in the jar)
 * with the run's preset, so it measures the cases of the preset's selections with their timing, and
 * writes JMH's JSON schema. It runs after the JMH part, never beside it: two heavy jobs on the same cores
 * distort both.
 */
public final class PytorchPeer {

    static final String SCRIPT = "/io/cnnzoo/bench/peers/pytorch_bench.py";

    private final Path python;

    PytorchPeer(Path python) {
        this.python = python;
    }

    /**
     * Why the peer cannot run here, or empty when it can: the interpreter is missing, or it has no torch
     * or torchvision (Debian: {@code apt-get install python3-torch python3-torchvision}).
     */
    Optional<String> unavailable() throws InterruptedException {
        if (!Files.isExecutable(python)) {
            return Optional.of(python + " not found");
        }
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import torch, torchvision")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                String last = output.lines().reduce((a, b) -> b).orElse("exit " + p.exitValue());
                return Optional.of(python + " has no torch/torchvision (" + last + ")");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(python + " could not be started: " + e.getMessage());
        }
    }

    /**
     * Runs the peer with {@code preset} (a file of the preset schema), the run's --include regex (or null)
     * and {@code threads} intra-op threads,
     * its progress lines going to {@code terminal} and everything it prints to {@code log}; the results land
     * in {@code output} only when it succeeds.
     */
    void run(Path preset, String include, int threads, Path output, Path log, PrintStream terminal)
            throws IOException, InterruptedException {
        Path script = output.resolveSibling("pytorch_bench.py");
        try (InputStream in = PytorchPeer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the jar; rebuild it (./mvnw -B package -pl bench)");
            }
            byte[] bytes = in.readAllBytes();
            AtomicFiles.write(script, out -> out.write(bytes));
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), "-o", output.toString(),
                "--threads", String.valueOf(threads), "--preset", preset.toString()));
        if (include != null) {
            command.addAll(List.of("--include", include));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        Process p = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("pytorch_bench:") || line.startsWith("[peer ")) {
                    terminal.println(line);
                    terminal.flush();
                }
            }
        }
        int exit = p.waitFor();
        AtomicFiles.writeString(log, String.join("\n", lines) + "\n");
        if (exit != 0) {
            throw new IOException("the PyTorch peer failed (exit " + exit + "); its output is in " + log);
        }
    }
}
