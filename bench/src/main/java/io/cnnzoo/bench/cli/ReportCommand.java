package io.cnnzoo.bench.cli;

import io.cnnzoo.reports.bench.BenchRunReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render a bench run folder again (report.md and charts/) from its files alone, e.g. after "
                + "an interrupted peer or to read an old run with the current tables.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_FOLDER", description = "A folder written by ./cnnzoo bench.")
    private Path folder;

    @Override
    public Integer call() throws Exception {
        List<String> charts = BenchRunReport.render(folder);
        System.out.println("report: " + folder.resolve(BenchRunReport.REPORT) + " (charts: " + charts + ")");
        return 0;
    }
}
