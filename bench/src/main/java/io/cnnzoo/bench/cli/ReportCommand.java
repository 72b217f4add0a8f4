package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.experiment.DegradationReport;
import io.cnnzoo.bench.experiment.RunFolder;
import io.cnnzoo.reports.RunKind;
import io.cnnzoo.reports.bench.BenchRunReport;
import io.cnnzoo.reports.compare.RunComparison;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true, subcommands = ReportCommand.Compare.class,
        description = {"Render a run folder again from its files alone: report.md, report.html and the charts of a "
                + "bench run; summary.md, report.html, table6.md and the charts of a degradation or train run. Use it "
                + "to read an old run with today's report, or after an interrupted peer.",
                "report compare RUN_A RUN_B [...] renders runs of one kind side by side."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", arity = "0..1", // optional only so that 'report compare' parses
            description = "A folder written by ./cnnzoo bench, degradation or train.")
    private Path folder;

    @Override
    public Integer call() throws Exception {
        if (folder == null) {
            throw new IllegalArgumentException("missing RUN_DIR: ./cnnzoo report RUN_DIR renders one run, "
                    + "./cnnzoo report compare RUN_A RUN_B compares runs");
        }
        if (RunKind.of(folder) == RunKind.BENCH) {
            List<String> charts = BenchRunReport.render(folder);
            System.out.println("report: " + folder.resolve(BenchRunReport.HTML) + " and " + folder.resolve(
                    BenchRunReport.REPORT) + " (charts: " + String.join(", ", charts) + ")");
        } else {
            DegradationReport.rerender(new RunFolder(folder));
            System.out.println("report: " + folder.resolve("report.html") + " and " + folder.resolve("summary.md")
                    + " (charts: fig6, training-error)");
        }
        return 0;
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Render runs of one kind side by side into compare.md, compare.html and charts/.",
                    "Bench runs: each benchmark case both measured, the speed-up against the first run and whether "
                            + "the 99.9%% confidence intervals overlap (then it is noise, not a win).",
                    "Degradation or train runs: every run's curves on one chart, the final errors side by side."})
    static final class Compare implements Callable<Integer> {

        @Parameters(paramLabel = "RUN_DIR", arity = "2..*", description = "Two or more run folders; the first is "
                + "the baseline.")
        private List<Path> runs;

        @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: "
                + "compare-<first>-vs-<second> in the current folder).")
        private Path out;

        @Override
        public Integer call() throws Exception {
            Path target = out != null ? out : Path.of("compare-" + name(runs.get(0)) + "-vs-" + name(runs.get(1)));
            RunComparison.write(runs, target);
            System.out.println("comparison: " + target.resolve(RunComparison.HTML) + " and "
                    + target.resolve(RunComparison.MARKDOWN));
            return 0;
        }

        private static String name(Path run) {
            Path name = run.toAbsolutePath().normalize().getFileName();
            return name == null ? "root" : name.toString();
        }
    }
}
