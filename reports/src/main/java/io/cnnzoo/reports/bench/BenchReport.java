package io.cnnzoo.reports.bench;

import io.cnnzoo.reports.html.HtmlReport;

import io.cnnzoo.reports.markdown.MarkdownTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A bench run's figures read against the machine and PyTorch: every compute benchmark in GFLOP/s as a
 * fraction of the run's roofline, every model in images/s, each beside the peer's figure for the same
 * work and the ratio; the depth sweep's time per step fitted against depth; training error against depth.
 * Works on any subset of the suite: a section without records is left out.
 */
public final class BenchReport {

    /** The depth sweep's training step; params {@code net} (plain or resnet) and {@code depth}. */
    public static final String DEPTH_SCALING = "DepthScalingBenchmark.fit";
    /** The depth-vs-training-error harness; params {@code net}, {@code depth}; counter {@code trainingError}. */
    public static final String DEPTH_ERROR = "DepthErrorBenchmark.train";

    /** One figure of cnnzoo's beside the peer's for the same work. */
    public record Row(BenchRecord record, String work, Metric figure, Optional<Metric> peer) {

        /** The kind of layer or model measured: the benchmark class without "Benchmark", words apart. */
        public String kind() {
            return record.benchmarkClass().replace("Benchmark", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        }

        /** cnnzoo / peer, or NaN without a peer figure. */
        public double ratio() {
            return peer.map(p -> figure.score() / p.score()).orElse(Double.NaN);
        }
    }

    /** One net's points of the depth sweep and their fit. */
    public record DepthSeries(String net, double[] depths, double[] seconds, DepthFit fit) {
    }

    private final List<BenchRecord> records;
    private final List<BenchRecord> peers;
    private final Roofline roofline;
    private final String peerName;

    /**
     * @param records  cnnzoo's JMH records
     * @param peers    the peer's records (empty when the run had no peer)
     * @param peerName how the peer is named in headers, e.g. "PyTorch"
     */
    public BenchReport(List<BenchRecord> records, List<BenchRecord> peers, String peerName) {
        this.records = List.copyOf(records);
        this.peers = List.copyOf(peers);
        this.peerName = peerName;
        this.roofline = Roofline.of(records);
    }

    public Roofline roofline() {
        return roofline;
    }

    /** Benchmarks with a {@code flop} counter, in GFLOP/s, except the roofline's own. */
    public List<Row> computeRows() {
        return rows(r -> !Roofline.isRoofline(r) && counts(r, "flop"), "flop", 1e9);
    }

    /** Benchmarks with a {@code bytes} counter (memory-bound layers), in GB/s. */
    public List<Row> memoryRows() {
        return rows(r -> counts(r, "bytes") && !counts(r, "flop"), "bytes", 1e9);
    }

    /**
     * Whole-model and input-pipeline benchmarks (an {@code images} counter, no FLOP or byte count), in
     * images/s.
     */
    public List<Row> modelRows() {
        return rows(r -> counts(r, "images") && !counts(r, "flop") && !counts(r, "bytes")
                && !r.benchmark().equals(DEPTH_SCALING) && !r.benchmark().equals(DEPTH_ERROR), "images", 1);
    }

    /**
     * Seconds per training step against depth, one series per net and path (then the peer's, named
     * e.g. "plain (PyTorch)"), each with its fit.
     */
    public List<DepthSeries> depthSeries() {
        Map<String, TreeMap<Integer, Double>> byNet = new LinkedHashMap<>();
        List<BenchRecord> all = new ArrayList<>(records);
        all.addAll(peers);
        for (BenchRecord r : all) {
            if (r.benchmark().equals(DEPTH_SCALING)) {
                String net = r.param("net") + (peers.contains(r) ? " (" + peerName + ")" : pathSuffix(r));
                byNet.computeIfAbsent(net, k -> new TreeMap<>())
                        .put(depth(r), 1 / r.primary().score());
            }
        }
        List<DepthSeries> series = new ArrayList<>();
        byNet.forEach((net, points) -> {
            double[] d = points.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] t = points.values().stream().mapToDouble(Double::doubleValue).toArray();
            series.add(new DepthSeries(net, d, t, d.length >= 2 ? DepthFit.of(d, t) : null));
        });
        return series;
    }

    /** Final training error (fraction) by net, then depth, from the depth-vs-error harness. */
    public Map<String, TreeMap<Integer, Metric>> trainingErrorByDepth() {
        Map<String, TreeMap<Integer, Metric>> byNet = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            if (r.benchmark().equals(DEPTH_ERROR) && r.counter("trainingError").isPresent()) {
                byNet.computeIfAbsent(r.param("net") + pathSuffix(r), k -> new TreeMap<>())
                        .put(depth(r), r.counter("trainingError").get());
            }
        }
        return byNet;
    }

    /**
     * The page's headline numbers: the roofline, then per benchmark class the median of cnnzoo / peer over
     * the rows both measured (cnnzoo's default path), with the range.
     */
    public List<HtmlReport.Headline> headlines() {
        List<HtmlReport.Headline> headlines = new ArrayList<>();
        roofline.sgemmGflops().ifPresent(g -> headlines.add(HtmlReport.Headline.of("SGEMM roofline",
                format(g) + " GFLOP/s", roofline.fmaPeakGflops().isPresent()
                        ? "FP32 FMA peak " + format(roofline.fmaPeakGflops().getAsDouble()) + " GFLOP/s" : "")));
        Map<String, List<Double>> ratios = new java.util.LinkedHashMap<>();
        List<Row> all = new ArrayList<>(computeRows());
        all.addAll(memoryRows());
        all.addAll(modelRows());
        for (Row row : all) {
            if (!Double.isNaN(row.ratio()) && row.record().params().getOrDefault("path", "cnnzoo").equals("cnnzoo")) {
                ratios.computeIfAbsent(row.kind(), k -> new ArrayList<>()).add(row.ratio());
            }
        }
        ratios.forEach((kind, r) -> {
            List<Double> sorted = r.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            headlines.add(HtmlReport.Headline.of(kind + ": cnnzoo / " + peerName,
                    String.format(Locale.ROOT, "%.2fx", median), String.format(Locale.ROOT,
                            "median of %d; %.2fx to %.2fx; above 1 cnnzoo is faster", n, sorted.get(0),
                            sorted.get(n - 1))));
        });
        return headlines;
    }

    public String markdown() {
        return markdown(section -> List.of());
    }

    /**
     * The report's sections, each followed by its charts.
     *
     * @param charts the base names of the charts in charts/ that belong under a section: {@code compute},
     *               {@code memory}, {@code models}, {@code depth-time} or {@code depth-error}
     */
    public String markdown(java.util.function.Function<String, List<String>> charts) {
        StringBuilder md = new StringBuilder();
        md.append("## Roofline\n\n").append(rooflineTable()).append('\n');
        List<Row> compute = computeRows();
        if (!compute.isEmpty()) {
            md.append("## Compute-bound benchmarks (GFLOP/s)\n\n").append(rowTable(compute, "GFLOP/s", true))
                    .append('\n').append(images(charts.apply("compute")));
        }
        List<Row> memory = memoryRows();
        if (!memory.isEmpty()) {
            md.append("## Memory-bound benchmarks (GB/s)\n\n").append(rowTable(memory, "GB/s", false)).append('\n')
                    .append(images(charts.apply("memory")));
        }
        List<Row> models = modelRows();
        if (!models.isEmpty()) {
            md.append("## Whole models and the input pipeline (images/s)\n\n").append(rowTable(models, "images/s", false))
                    .append('\n').append(images(charts.apply("models")));
        }
        List<DepthSeries> depth = depthSeries();
        if (!depth.isEmpty()) {
            md.append("## Time per training step against depth\n\n").append(depthTable(depth)).append('\n')
                    .append(images(charts.apply("depth-time")));
        }
        Map<String, TreeMap<Integer, Metric>> errors = trainingErrorByDepth();
        if (!errors.isEmpty()) {
            md.append("## Training error against depth\n\n").append(errorTable(errors)).append('\n')
                    .append(images(charts.apply("depth-error")));
        }
        return md.toString();
    }

    private static String images(List<String> charts) {
        StringBuilder md = new StringBuilder();
        charts.forEach(chart -> md.append("![").append(chart).append("](charts/").append(chart).append(".png)\n\n"));
        return md.toString();
    }

    private String rooflineTable() {
        MarkdownTable t = new MarkdownTable("measure", ">GFLOP/s", ">" + peerName);
        Roofline peer = Roofline.of(peers);
        t.row("SGEMM, best size (cnnzoo: ND4J's BLAS; " + peerName + ": its own)",
                format(roofline.sgemmGflops().orElse(Double.NaN)), format(peer.sgemmGflops().orElse(Double.NaN)));
        t.row("FP32 FMA peak of the cores (JDK Vector API)", format(roofline.fmaPeakGflops().orElse(Double.NaN)),
                "-");
        return t.render();
    }

    private String rowTable(List<Row> rows, String unit, boolean fractions) {
        List<String> headers = new ArrayList<>(List.of("benchmark", "work", "path", ">" + unit, ">±"));
        if (fractions) {
            headers.addAll(List.of(">% of SGEMM", ">% of FMA peak"));
        }
        headers.addAll(List.of(">" + peerName, ">cnnzoo / " + peerName));
        MarkdownTable t = new MarkdownTable(headers.toArray(String[]::new));
        for (Row row : rows) {
            List<Object> cells = new ArrayList<>(List.of(row.record().benchmark(), row.work(),
                    row.record().params().getOrDefault("path", ""), format(row.figure().score()),
                    format(row.figure().error())));
            if (fractions) {
                cells.add(percent(roofline.ofSgemm(row.figure().score())));
                cells.add(percent(roofline.ofFmaPeak(row.figure().score())));
            }
            cells.add(row.peer().map(p -> format(p.score())).orElse("-"));
            cells.add(Double.isNaN(row.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", row.ratio()));
            t.row(cells.toArray());
        }
        return t.render();
    }

    private static String depthTable(List<DepthSeries> series) {
        List<Integer> depths = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.depths()))
                .mapToInt(d -> (int) d).distinct().sorted().boxed().toList();
        List<String> headers = new ArrayList<>(List.of("net"));
        depths.forEach(d -> headers.add(">" + d + " (ms)"));
        headers.addAll(List.of(">ms per layer", ">R² (through 0)", ">OLS intercept (ms)"));
        MarkdownTable t = new MarkdownTable(headers.toArray(String[]::new));
        for (DepthSeries s : series) {
            List<Object> cells = new ArrayList<>(List.of(s.net()));
            for (int d : depths) {
                int i = java.util.Arrays.binarySearch(s.depths(), d);
                cells.add(i >= 0 ? format(1000 * s.seconds()[i]) : "-");
            }
            cells.add(s.fit() == null ? "-" : String.format(Locale.ROOT, "%.3f", 1000 * s.fit().slope()));
            cells.add(s.fit() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.fit().rSquared()));
            cells.add(s.fit() == null ? "-" : format(1000 * s.fit().olsIntercept()));
            t.row(cells.toArray());
        }
        StringBuilder table = new StringBuilder(t.render());
        // The shortcuts' overhead for each engine and path: "resnet (X)" against "plain (X)".
        for (DepthSeries plain : series) {
            if (!plain.net().startsWith("plain") || plain.fit() == null) {
                continue;
            }
            String suffix = plain.net().substring("plain".length());
            series.stream().filter(s -> s.net().equals("resnet" + suffix) && s.fit() != null).findFirst()
                    .ifPresent(residual -> table.append(String.format(Locale.ROOT, "\nThe shortcuts' overhead%s: a "
                            + "residual layer costs %+.1f%% of a plain one (ratio of the fitted slopes).\n", suffix,
                            100 * (residual.fit().slope() / plain.fit().slope() - 1))));
        }
        return table.toString();
    }

    private static String errorTable(Map<String, TreeMap<Integer, Metric>> errors) {
        List<Integer> depths = errors.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
        List<String> headers = new ArrayList<>(List.of("net"));
        depths.forEach(d -> headers.add(">" + d + " (%)"));
        MarkdownTable t = new MarkdownTable(headers.toArray(String[]::new));
        errors.forEach((net, byDepth) -> {
            List<Object> cells = new ArrayList<>(List.of(net));
            for (int d : depths) {
                Metric m = byDepth.get(d);
                cells.add(m == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * m.score()));
            }
            t.row(cells.toArray());
        });
        return t.render();
    }

    /**
     * Whether {@code r} counted {@code counter}: present and not 0 (a benchmark that counts FLOP for some
     * layers and bytes for others reports the unused counter as 0).
     */
    private static boolean counts(BenchRecord r, String counter) {
        return r.counter(counter).map(m -> m.score() != 0).orElse(false);
    }

    private List<Row> rows(java.util.function.Predicate<BenchRecord> which, String counter, double scale) {
        List<Row> rows = new ArrayList<>();
        for (BenchRecord r : records) {
            if (!which.test(r)) {
                continue;
            }
            Metric figure = scaled(r.counter(counter).orElseThrow(), scale);
            Optional<Metric> peer = peers.stream().filter(r::sameWorkAs).findFirst()
                    .flatMap(p -> p.counter(counter)).map(m -> scaled(m, scale));
            rows.add(new Row(r, work(r), figure, peer));
        }
        rows.sort(Comparator.comparing((Row row) -> row.record().benchmark()).thenComparing(Row::work)
                .thenComparing(row -> row.record().params().getOrDefault("path", "")));
        return rows;
    }

    /**
     * The parameters that say what was measured, except the compute path and the default thread count:
     * "shape=16x32x32/128", "threads=1, shape=...".
     */
    private static String work(BenchRecord r) {
        return new TreeMap<>(r.params()).entrySet().stream().filter(e -> !e.getKey().equals("path"))
                .filter(e -> !(e.getKey().equals("threads") && e.getValue().equals("all")))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static int depth(BenchRecord r) {
        try {
            return Integer.parseInt(String.valueOf(r.param("depth")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(r.benchmark() + " " + r.params()
                    + ": expected an integer parameter 'depth', got " + r.param("depth"));
        }
    }

    private static String pathSuffix(BenchRecord r) {
        String path = r.param("path");
        return path == null || path.equals("cnnzoo") ? "" : " (" + path + ")";
    }

    private static Metric scaled(Metric m, double scale) {
        return new Metric(m.score() / scale, m.error() / scale, m.unit());
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double magnitude = Math.abs(value);
        return String.format(Locale.ROOT, magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }
}
