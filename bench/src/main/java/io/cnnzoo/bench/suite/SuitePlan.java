package io.cnnzoo.bench.suite;

import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.results.format.ResultFormatType;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A preset resolved against the benchmarks in the jar: for each selection, the JMH options to run it
 * with and how many benchmark runs (method x parameter combination) it expands to, with their planned
 * time, which gives the whole run's ETA before anything ran.
 */
public final class SuitePlan {

    static final String THREADS = "threads";

    /** Starting a fork (JVM, ND4J's native libraries) and building its model, before the first iteration. */
    static final double FORK_SETUP_SECONDS = 8;

    /** One selection, resolved. */
    public record Step(BenchPreset.Selection selection, BenchPreset.Timing timing, List<String> benchmarks,
                       int runs, double plannedSeconds) {
    }

    private final BenchPreset preset;
    private final List<Step> steps;

    private SuitePlan(BenchPreset preset, List<Step> steps) {
        this.preset = preset;
        this.steps = List.copyOf(steps);
    }

    /**
     * Resolves {@code preset}, keeping only benchmarks whose name {@code filter} finds (null keeps all).
     * Selections that match no benchmark in the jar are an error: a preset that names a benchmark the jar
     * does not have would otherwise run less than it says.
     */
    public static SuitePlan of(BenchPreset preset, Pattern filter) {
        BenchmarkList list = BenchmarkList.defaultList();
        List<Step> steps = new ArrayList<>();
        for (BenchPreset.Selection swept : preset.selections()) {
            for (BenchPreset.Selection selection : byThreads(swept)) {
                resolve(list, preset, selection, filter).ifPresent(steps::add);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("preset " + preset.name() + ": --include " + filter
                    + " keeps no benchmark");
        }
        return new SuitePlan(preset, steps);
    }

    /** One selection against the jar's benchmarks; empty when the filter keeps none of them. */
    private static java.util.Optional<Step> resolve(BenchmarkList list, BenchPreset preset,
                                                    BenchPreset.Selection selection, Pattern filter) {
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
        List<BenchmarkListEntry> entries = list.find(OutputFormatFactory.createFormatInstance(silent,
                VerboseMode.SILENT), List.of(selection.include()), List.of()).stream().toList();
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("preset " + preset.name() + ": '" + selection.include()
                    + "' matches no benchmark in this jar (java -jar benchmarks.jar -l lists them)");
        }
        List<BenchmarkListEntry> kept = entries.stream()
                .filter(e -> filter == null || filter.matcher(e.getUsername()).find()).toList();
        if (kept.isEmpty()) {
            return java.util.Optional.empty();
        }
        BenchPreset.Timing t = preset.timingOf(selection);
        int runs = 0;
        for (BenchmarkListEntry entry : kept) {
            runs += combinations(entry, selection.params());
        }
        double perRun = FORK_SETUP_SECONDS + t.warmupIterations() * t.warmupSeconds() + t.iterations() * t.seconds();
        return java.util.Optional.of(new Step(selection, t, kept.stream().map(BenchmarkListEntry::getUsername)
                .toList(), runs, runs * Math.max(1, t.forks()) * perRun));
    }

    public BenchPreset preset() {
        return preset;
    }

    public List<Step> steps() {
        return steps;
    }

    public int runs() {
        return steps.stream().mapToInt(Step::runs).sum();
    }

    public double plannedSeconds() {
        return steps.stream().mapToDouble(Step::plannedSeconds).sum();
    }

    /**
     * JMH options for one step, writing JSON results to {@code result}; {@code jvm} starts the forks (a
     * wrapper that sets OMP_NUM_THREADS for a step with a thread count), or null for this JVM's java.
     */
    public static ChainedOptionsBuilder options(Step step, Path result, Path jvm) {
        BenchPreset.Timing t = step.timing();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .warmupIterations(t.warmupIterations())
                .warmupTime(TimeValue.milliseconds(Math.round(t.warmupSeconds() * 1000)))
                .measurementIterations(t.iterations())
                .measurementTime(TimeValue.milliseconds(Math.round(t.seconds() * 1000)))
                .forks(t.forks())
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString());
        if (jvm != null) {
            options.jvm(jvm.toString());
        }
        // Exact names, so that a --include filter narrows the selection without widening it.
        for (String benchmark : step.benchmarks()) {
            options.include("^" + Pattern.quote(benchmark) + "$");
        }
        for (Map.Entry<String, List<String>> p : step.selection().params().entrySet()) {
            options.param(p.getKey(), p.getValue().toArray(String[]::new));
        }
        return options;
    }

    /**
     * A selection that sweeps {@code threads} becomes one selection per value: each JMH invocation's forks
     * get one OMP_NUM_THREADS (JMH cannot vary a fork's environment within an invocation).
     */
    private static List<BenchPreset.Selection> byThreads(BenchPreset.Selection s) {
        List<String> threads = s.params().get(THREADS);
        if (threads == null || threads.size() == 1) {
            return List.of(s);
        }
        return threads.stream().map(t -> {
            Map<String, List<String>> params = new java.util.LinkedHashMap<>(s.params());
            params.put(THREADS, List.of(t));
            return new BenchPreset.Selection(s.include(), params, s.timing());
        }).toList();
    }

    /**
     * The OpenMP thread count a step's forks need in their environment, or null for "all" (the
     * environment's own).
     */
    public static Integer ompThreads(Step step) {
        List<String> threads = step.selection().params().get(THREADS);
        if (threads == null || threads.get(0).equals("all")) {
            return null;
        }
        try {
            int n = Integer.parseInt(threads.get(0));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("preset selection '" + step.selection().include() + "': threads "
                    + threads.get(0) + " is neither all nor a positive number");
        }
    }

    /** How many parameter combinations {@code entry} runs: the selection's values where given, else its own. */
    private static int combinations(BenchmarkListEntry entry, Map<String, List<String>> overrides) {
        int n = 1;
        if (entry.getParams().hasValue()) {
            for (Map.Entry<String, String[]> p : entry.getParams().get().entrySet()) {
                List<String> override = overrides.get(p.getKey());
                n *= override != null ? override.size() : p.getValue().length;
            }
        }
        return n;
    }
}
