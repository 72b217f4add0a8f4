package io.cnnzoo.reports.compare;

import io.cnnzoo.reports.chart.Chart;
import io.cnnzoo.reports.curves.CurveRow;
import io.cnnzoo.reports.curves.CurvesCsv;
import io.cnnzoo.reports.curves.SeedSpread;
import io.cnnzoo.reports.curves.TrainingErrorChart;
import io.cnnzoo.reports.html.HtmlReport;
import io.cnnzoo.reports.markdown.MarkdownTable;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Experiment runs (degradation or train) side by side: every run's evaluated curves on one chart per error
 * (training subset, held-out), a colour per model and a line style per run folder (a model's seeds as their mean
 * with a band of one standard deviation), and the final errors of every run in one table. Reads curves.csv alone, so runs of different presets, datasets or machines compare as they are.
 */
final class ExperimentComparison {

    private static final List<Chart.Line> RUN_LINES = List.of(Chart.Line.BOLD, Chart.Line.DASHED, Chart.Line.SOLID);
    private static final List<Chart.Marker> RUN_MARKERS = List.of(Chart.Marker.CIRCLE, Chart.Marker.DIAMOND,
            Chart.Marker.SQUARE, Chart.Marker.TRIANGLE);

    private final List<String> names;
    private final List<Map<String, List<CurveRow>>> evaluations = new ArrayList<>();

    private ExperimentComparison(List<String> names) {
        this.names = names;
    }

    static ExperimentComparison of(List<Path> runs, List<String> names) throws IOException {
        ExperimentComparison c = new ExperimentComparison(names);
        for (Path run : runs) {
            Map<String, List<CurveRow>> byRun = new LinkedHashMap<>();
            for (CurveRow row : CurvesCsv.read(run.resolve("curves.csv"))) {
                if (row.hasEvaluation()) {
                    byRun.computeIfAbsent(row.model(), k -> new ArrayList<>()).add(row);
                }
            }
            c.evaluations.add(byRun);
        }
        return c;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("Each run folder's evaluated errors (in inference mode, at its evaluations), "
                + "first **" + names.get(0) + "**. A colour per model, a line style and marker per run folder.\n\n");
        md.append("## Final errors (%)\n\n");
        List<String> headers = new ArrayList<>(List.of("run"));
        for (String name : names) {
            headers.add(">" + name + " training");
            headers.add(">" + name + " held-out");
        }
        MarkdownTable t = new MarkdownTable(headers.toArray(String[]::new));
        for (String run : runNames()) {
            List<Object> cells = new ArrayList<>(List.of(run));
            for (Map<String, List<CurveRow>> folder : evaluations) {
                List<CurveRow> rows = folder.get(run);
                CurveRow last = rows == null ? null : rows.get(rows.size() - 1);
                cells.add(last == null ? "-" : percent(last.trainError()));
                cells.add(last == null ? "-" : percent(last.testError()));
            }
            t.row(cells.toArray());
        }
        md.append(t.render()).append('\n');
        md.append("## Curves\n\n![training-subset error](charts/training-error.png)\n\n")
                .append("![held-out error](charts/held-out-error.png)\n\n");
        return md.toString();
    }

    List<HtmlReport.Headline> headlines() {
        List<HtmlReport.Headline> headlines = new ArrayList<>();
        for (String run : runNames()) {
            StringBuilder values = new StringBuilder();
            for (Map<String, List<CurveRow>> folder : evaluations) {
                List<CurveRow> rows = folder.get(run);
                values.append(values.length() == 0 ? "" : " vs ")
                        .append(rows == null ? "-" : percent(rows.get(rows.size() - 1).trainError()));
            }
            headlines.add(HtmlReport.Headline.of(run + ": final training error (%)", values.toString(),
                    String.join(" vs ", names)));
        }
        return headlines;
    }

    /** The training-subset error and the held-out error of every run folder, one chart each, by file name. */
    Map<String, Chart> charts() {
        Map<String, Chart> charts = new LinkedHashMap<>();
        charts.put("training-error", chart("Training error (fixed training subset)", CurveRow::trainError));
        charts.put("held-out-error", chart("Held-out error (test or validation)", CurveRow::testError));
        return charts;
    }

    /** A line per folder and model: the mean over the model's seeds, their standard deviation as a band. */
    private Chart chart(String title, ToDoubleFunction<CurveRow> error) {
        List<String> models = runNames().stream().map(SeedSpread::modelOf).distinct().toList();
        List<Chart.Series> series = new ArrayList<>();
        for (int f = 0; f < evaluations.size(); f++) {
            List<CurveRow> rows = evaluations.get(f).values().stream().flatMap(List::stream).toList();
            for (String model : models) {
                SeedSpread spread = SeedSpread.of(rows, SeedSpread::modelOf, model, error);
                if (!spread.isEmpty()) {
                    Color colour = TrainingErrorChart.DEPTH_COLOURS.get(models.indexOf(model)
                            % TrainingErrorChart.DEPTH_COLOURS.size());
                    series.add(spread.series(names.get(f) + ": " + model, colour, RUN_LINES.get(f % RUN_LINES.size()),
                            RUN_MARKERS.get(f % RUN_MARKERS.size())));
                }
            }
        }
        return Chart.xy(title, Chart.Axis.of("iterations").integers().from(0), Chart.Axis.of("error (%)").from(0), series,
                List.of());
    }

    private List<String> runNames() {
        Set<String> runs = new LinkedHashSet<>();
        evaluations.forEach(folder -> runs.addAll(folder.keySet()));
        return new ArrayList<>(runs);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }
}
