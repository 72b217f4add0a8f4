package io.cnnzoo.bench.suite;

import io.cnnzoo.bench.experiment.ProgressLine;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * JMH's output for a person running the whole suite: JMH's own text goes to the log file, the terminal
 * gets one line when a benchmark starts and one with its result, and the ETA of the whole run (JMH's own
 * ETA covers one JMH invocation; a preset is several, plus the peer).
 */
final class ProgressFormat implements OutputFormat {

    private final OutputFormat log;
    private final PrintStream terminal;
    private final SuiteProgress progress;
    private double plannedPerRun;

    ProgressFormat(OutputFormat log, PrintStream terminal, SuiteProgress progress) {
        this.log = log;
        this.terminal = terminal;
        this.progress = progress;
    }

    /** The plan's estimate for each run of the JMH invocation about to start. */
    void plannedPerRun(double seconds) {
        plannedPerRun = seconds;
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        log.startBenchmark(params);
        terminal.printf(Locale.ROOT, "[%d/%d] %s %s ...%n", progress.started(), progress.total(),
                shortName(params.getBenchmark()), describe(params));
        terminal.flush();
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        log.endBenchmark(result);
        progress.finished(plannedPerRun);
        terminal.printf(Locale.ROOT, "        %s   elapsed %s, ETA %s%n",
                result == null ? "FAILED (the error is in jmh.log)" : figure(result),
                ProgressLine.duration(progress.elapsedSeconds()), ProgressLine.duration(progress.secondsLeft()));
        terminal.flush();
    }

    /** The primary score and the counters people read: images/s, GFLOP/s, GB/s, training error. */
    static String figure(BenchmarkResult result) {
        StringBuilder sb = new StringBuilder(score(result.getPrimaryResult(), 1, result.getScoreUnit()));
        for (Result r : result.getSecondaryResults().values()) {
            if (r.getScore() == 0 && !r.getLabel().equals("trainingError")) {
                continue; // a counter this benchmark does not use (Counters.Work)
            }
            switch (r.getLabel()) {
                case "images" -> sb.append(", ").append(score(r, 1, "images/s"));
                case "flop" -> sb.append(", ").append(score(r, 1e9, "GFLOP/s"));
                case "bytes" -> sb.append(", ").append(score(r, 1e9, "GB/s"));
                case "trainingError" -> sb.append(String.format(Locale.ROOT, ", training error %.2f%%",
                        100 * r.getScore()));
                default -> {
                }
            }
        }
        return sb.toString();
    }

    private static String score(Result r, double scale, String unit) {
        double error = r.getScoreError();
        return Double.isNaN(error)
                ? String.format(Locale.ROOT, "%.4g %s", r.getScore() / scale, unit)
                : String.format(Locale.ROOT, "%.4g ± %.2g %s", r.getScore() / scale, error / scale, unit);
    }

    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
    }

    private static String describe(BenchmarkParams params) {
        return params.getParamsKeys().stream().map(k -> k + "=" + params.getParam(k))
                .collect(Collectors.joining(" "));
    }

    // Everything else is JMH's text, for the log.

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        log.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
                                IterationResult data) {
        log.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startRun() {
        log.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        log.endRun(result);
    }

    @Override
    public void print(String s) {
        log.print(s);
    }

    @Override
    public void println(String s) {
        log.println(s);
    }

    @Override
    public void flush() {
        log.flush();
    }

    @Override
    public void close() {
        log.close();
    }

    @Override
    public void verbosePrintln(String s) {
        log.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        log.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        log.write(b);
    }
}
