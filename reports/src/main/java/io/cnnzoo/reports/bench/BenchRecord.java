package io.cnnzoo.reports.bench;

import java.util.Map;
import java.util.Optional;

/**
 * One result of a JMH run (or of a peer that writes JMH's schema): which engine ran it, the benchmark
 * as {@code Class.method} without the package, its parameters, the primary metric and the secondary
 * ones (the suite's counters: {@code images}, {@code flop}, {@code bytes}, training error ...).
 */
public record BenchRecord(String engine, String benchmark, Map<String, String> params, Metric primary,
                          Map<String, Metric> secondary) {

    public BenchRecord {
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    /** The class part of {@link #benchmark()}, e.g. {@code TrainingStepBenchmark}. */
    public String benchmarkClass() {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(0, dot);
    }

    /** The method part of {@link #benchmark()}, e.g. {@code fit}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    public String param(String name) {
        return params.get(name);
    }

    public Optional<Metric> counter(String name) {
        return Optional.ofNullable(secondary.get(name));
    }

    /**
     * Whether {@code peer} measured the same work as this record: the same benchmark, and each of the
     * peer's parameters equal to this record's (a peer leaves out what it has no counterpart of, such as
     * cnnzoo's {@code path}).
     */
    public boolean sameWorkAs(BenchRecord peer) {
        return benchmark.equals(peer.benchmark) && peer.params.entrySet().stream()
                .allMatch(p -> p.getValue().equals(params.get(p.getKey())));
    }
}
