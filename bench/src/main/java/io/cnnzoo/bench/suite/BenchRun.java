package io.cnnzoo.bench.suite;

import io.cnnzoo.bench.experiment.ProgressLine;
import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.reports.bench.BenchRunReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * One {@code cnnzoo bench} run and its folder (schema {@value #SCHEMA}, docs/benchmarks.md):
 * <pre>
 *   run.json           schema, preset, --include filter, peer, start and end
 *   preset.json        the preset as run (the peer reads it too)
 *   environment.json   machine, JVM, threads, malloc, ND4J backend, BLAS, oneDNN
 *   jmh/NN.json        one finished selection's JMH results; a re-run of the same command skips it
 *                      (NN.incomplete.json: a selection where a benchmark failed; a re-run measures it again)
 *   jmh.json           all selections' results, JMH's JSON schema: what the report reads
 *   jmh.log            JMH's own text output
 *   pytorch.json       the peer's results in JMH's schema (pytorch.log, pytorch_bench.py beside it)
 *   report.md, charts/ the rendered report (cnnzoo report re-renders it)
 * </pre>
 * Every file is written whole or not at all, so an interrupted run resumes at the first selection
 * without results.
 */
public final class BenchRun {

    public static final int SCHEMA = io.cnnzoo.reports.RunKind.SCHEMA;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path folder;
    private final SuitePlan plan;
    private final String include;
    private final PytorchPeer peer;
    private final int threads;
    private final PrintStream terminal;

    /**
     * @param peer    the peer to run after JMH, or null for none
     * @param include the --include filter the plan was made with, or null
     */
    public BenchRun(Path folder, SuitePlan plan, String include, PytorchPeer peer, int threads, PrintStream terminal) {
        this.folder = folder;
        this.plan = plan;
        this.include = include;
        this.peer = peer;
        this.threads = threads;
        this.terminal = terminal;
    }

    public Path folder() {
        return folder;
    }

    /** Runs what the folder does not have yet, merges the results and renders the report. */
    public void run() throws IOException, InterruptedException, RunnerException {
        List<String> incomplete = new java.util.ArrayList<>();
        // The environment first: a machine where no backend loads must not leave a folder behind.
        String environment = JSON.writeValueAsString(BenchEnvironment.capture());
        claimFolder();
        AtomicFiles.writeString(folder.resolve("environment.json"), environment);

        // The peer measures most of the same cases with the same timing but without forks to start.
        SuiteProgress progress = new SuiteProgress(plan.runs(), plan.plannedSeconds() * (peer == null ? 1 : 1.7));
        terminal.printf(Locale.ROOT, "cnnzoo bench: preset %s, %d benchmark runs in %d JMH invocations%s, "
                        + "about %s; results in %s%n", plan.preset().name(), plan.runs(), plan.steps().size(),
                peer == null ? "" : ", then PyTorch", ProgressLine.duration(progress.secondsLeft()), folder);
        try (PrintStream log = new PrintStream(new FileOutputStream(folder.resolve("jmh.log").toFile(), true), true)) {
            ProgressFormat format = new ProgressFormat(OutputFormatFactory.createFormatInstance(log,
                    VerboseMode.NORMAL), terminal, progress);
            for (int i = 0; i < plan.steps().size(); i++) {
                SuitePlan.Step step = plan.steps().get(i);
                Path part = folder.resolve(String.format(Locale.ROOT, "jmh/%02d.json", i));
                if (Files.exists(part)) {
                    terminal.printf("[%s] already measured (%s); skipped%n", step.selection().include(), part);
                    progress.skipped(step.runs(), step.plannedSeconds());
                    continue;
                }
                Path running = part.resolveSibling(part.getFileName() + ".running");
                Path incompletePart = part.resolveSibling(String.format(Locale.ROOT, "%02d.incomplete.json", i));
                format.plannedPerRun(step.plannedSeconds() / step.runs());
                int results = new Runner(SuitePlan.options(step, running, jvmFor(step)).build(), format).run().size();
                // A benchmark that failed leaves no result (the error is in jmh.log). Keep what was measured
                // as NN.incomplete.json, which the report shows and a re-run measures again.
                Path target = results >= step.runs() ? part : incompletePart;
                if (Files.exists(running)) {
                    AtomicFiles.moveIntoPlace(running, target);
                }
                if (target == part) {
                    Files.deleteIfExists(incompletePart);
                } else {
                    incomplete.add(step.selection().include() + ": " + results + " of " + step.runs() + " runs");
                }
            }
        }
        mergeParts();
        if (peer != null) {
            peer.run(folder.resolve("preset.json"), include, threads, folder.resolve("pytorch.json"),
                    folder.resolve("pytorch.log"), terminal);
        }
        ObjectNode run = (ObjectNode) JSON.readTree(folder.resolve("run.json").toFile());
        run.put("finished", OffsetDateTime.now().toString());
        AtomicFiles.writeString(folder.resolve("run.json"), JSON.writeValueAsString(run));
        List<String> charts = BenchRunReport.render(folder);
        terminal.printf("report: %s (charts: %s)%n", folder.resolve(BenchRunReport.REPORT), charts);
        if (!incomplete.isEmpty()) {
            throw new IllegalStateException("some benchmarks failed (" + String.join("; ", incomplete)
                    + "); jmh.log has their errors, and running the same command again measures them again");
        }
    }

    /**
     * For a step with a thread count: a script in the run folder that runs this JVM's java with
     * OMP_NUM_THREADS set (JMH starts forks with the parent's environment and has no option for it).
     */
    private Path jvmFor(SuitePlan.Step step) throws IOException {
        Integer threads = SuitePlan.ompThreads(step);
        if (threads == null) {
            return null;
        }
        Path script = folder.resolve("java-omp" + threads + ".sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        AtomicFiles.writeString(script, "#!/bin/sh\n# cnnzoo bench: a JMH fork with " + threads
                + " OpenMP threads\nOMP_NUM_THREADS=" + threads + " exec '" + java.replace("'", "'\\''")
                + "' \"$@\"\n");
        if (!script.toFile().setExecutable(true)) {
            throw new IOException(script + ": could not make it executable");
        }
        return script;
    }

    /** Starts the folder, or checks that its earlier run was the same command, so results never mix. */
    private void claimFolder() throws IOException {
        Files.createDirectories(folder.resolve("jmh"));
        Path runFile = folder.resolve("run.json");
        String presetJson = JSON.writeValueAsString(plan.preset());
        if (Files.exists(runFile)) {
            JsonNode earlier = JSON.readTree(runFile.toFile());
            String earlierPreset = Files.exists(folder.resolve("preset.json"))
                    ? Files.readString(folder.resolve("preset.json")) : "";
            boolean same = earlier.path("schema").asInt() == SCHEMA && earlierPreset.equals(presetJson)
                    && earlier.path("include").asText("").equals(include == null ? "" : include)
                    && earlier.path("peer").asText("").equals(peer == null ? "" : "pytorch");
            if (!same) {
                throw new IllegalArgumentException(folder + " holds a run of another preset, filter or peer "
                        + "(its run.json and preset.json); give a new --out, or delete the folder to start over");
            }
            terminal.println("resuming the run in " + folder);
            return;
        }
        AtomicFiles.writeString(folder.resolve("preset.json"), presetJson);
        ObjectNode run = JSON.createObjectNode();
        run.put("schema", SCHEMA);
        run.put("preset", plan.preset().name());
        run.put("include", include == null ? "" : include);
        run.put("peer", peer == null ? "" : "pytorch");
        run.put("started", OffsetDateTime.now().toString());
        AtomicFiles.writeString(runFile, JSON.writeValueAsString(run));
    }

    /** jmh/NN.json (and NN.incomplete.json), in order, into jmh.json. */
    private void mergeParts() throws IOException {
        ArrayNode all = JSON.createArrayNode();
        try (var parts = Files.list(folder.resolve("jmh"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().matches("\\d+(\\.incomplete)?\\.json"))
                    .sorted()
                    .toList()) {
                JsonNode records = JSON.readTree(part.toFile());
                if (records == null || !records.isArray()) {
                    throw new IOException(part + ": expected JMH's JSON results (an array); delete it to "
                            + "measure that selection again");
                }
                all.addAll((ArrayNode) records);
            }
        }
        AtomicFiles.writeString(folder.resolve("jmh.json"), JSON.writeValueAsString(all));
    }

    /** The default folder name: {@code bench-runs/<date-time>-<preset>}. */
    public static Path defaultFolder(String preset) {
        return Path.of("bench-runs", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")
                .format(java.time.LocalDateTime.now()) + "-" + preset);
    }
}
