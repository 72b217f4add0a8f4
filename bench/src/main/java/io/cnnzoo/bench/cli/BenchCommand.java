package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.experiment.ProgressLine;
import io.cnnzoo.bench.suite.BenchPreset;
import io.cnnzoo.bench.suite.BenchRun;
import io.cnnzoo.bench.suite.PytorchPeerOption;
import io.cnnzoo.bench.suite.SuitePlan;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the JMH suite (or a preset's part of it) and render its report: every figure with "
                + "JMH's confidence interval, compute figures as a fraction of the machine's measured roofline "
                + "(SGEMM and FMA peak), and with --peer pytorch PyTorch's figure for the same work measured "
                + "right after, on the same cores.",
                "Writes run.json, preset.json, environment.json, jmh.json, jmh.log, pytorch.json (with --peer), "
                        + "report.html (open it in a browser), report.md and charts/ (PNG and SVG) into the run folder; running the same command with the same --out "
                        + "resumes after the last finished selection. docs/benchmarks.md explains every figure."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "quick", paramLabel = "NAME|FILE", description = "quick (about "
            + "10 minutes here), full (the reference run: every layer, the CIFAR nets, every ImageNet model's inference; about 45 minutes on 2 cores, then about 25 for the peer), zoo (every zoo model at every batch size, about two hours; --list shows a plan), or a preset file of the same schema "
            + "(docs/benchmarks.md). Default: ${DEFAULT-VALUE}.")
    private String preset;

    @Option(names = "--include", paramLabel = "REGEX", description = "Run only the preset's benchmarks whose "
            + "name this regex finds, e.g. Convolution or 'TrainingStep|Inference'.")
    private String include;

    @Option(names = "--peer", paramLabel = "pytorch", description = "Also run the PyTorch peer "
            + "(bench/peers/pytorch_bench.py with /usr/bin/python3, or $CNNZOO_PYTHON) on the same cases after "
            + "the JMH part. Skipped with a message when that Python has no torch and torchvision.")
    private String peer;

    @Option(names = "--threads", paramLabel = "N", description = "Native threads of the PyTorch peer. Default: "
            + "OMP_NUM_THREADS, which the JMH forks use too (the launcher sets one per core).")
    private Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder. Default: "
            + "bench-runs/<date>T<time>-<preset>.")
    private Path out;

    @Option(names = "--list", description = "Print what the preset would run (benchmarks, runs, planned time) "
            + "and exit.")
    private boolean list;

    @Override
    public Integer call() throws Exception {
        Pattern filter = null;
        if (include != null) {
            try {
                filter = Pattern.compile(include);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--include " + include + " is not a regex: " + e.getDescription());
            }
        }
        if (peer != null && !peer.equalsIgnoreCase("pytorch")) {
            throw new IllegalArgumentException("--peer " + peer + ": the one peer is pytorch");
        }
        BenchPreset benchPreset = BenchPreset.load(preset);
        SuitePlan plan = SuitePlan.of(benchPreset, filter);
        if (list) {
            for (SuitePlan.Step step : plan.steps()) {
                System.out.printf("%-40s %3d runs  %s%n", step.selection().include(), step.runs(),
                        String.join(", ", step.benchmarks().stream().map(b -> b.substring(b.lastIndexOf('.',
                                b.lastIndexOf('.') - 1) + 1)).toList()));
            }
            System.out.printf("%d runs, about %s without a peer%n", plan.runs(),
                    ProgressLine.duration(plan.plannedSeconds()));
            return 0;
        }
        int nativeThreads = threads != null ? threads : ompThreads();
        var pytorch = PytorchPeerOption.resolve(peer, System.out);
        Path folder = out != null ? out : BenchRun.defaultFolder(benchPreset.name());
        new BenchRun(folder, plan, include, pytorch.orElse(null), nativeThreads, System.out).run();
        return 0;
    }

    private static int ompThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        try {
            return omp == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(omp.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("OMP_NUM_THREADS=" + omp + " is not a number of threads");
        }
    }
}
