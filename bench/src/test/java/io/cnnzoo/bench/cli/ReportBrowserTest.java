package io.cnnzoo.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cnnzoo.reports.html.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.cnnzoo.bench.cli.CliErrorsTest.cnnzoo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML reports in a real browser: {@code ./cnnzoo report} and {@code report compare} render fixture runs with
 * numbers chosen by hand, and Debian's headless Chromium, its networking disabled, opens each page. The page must
 * load without a console message, an exception or a single request; every chart must be there with its series; the
 * headline numbers must be the fixture's; nothing may stick out at a phone's width (390 CSS pixels). Screenshots go
 * to target/browser/ to be looked at.
 *
 * <p>Fixtures: the experiment run in report-fixture/experiment (plain20 ends at 25% training and 30% test error,
 * resnet20 at 12.5% and 20%) and the reports module's bench fixture (SGEMM 120 GFLOP/s; a convolution at 60
 * GFLOP/s against PyTorch's 80; resnet20 training at 500 images/s against PyTorch's 400).
 */
class ReportBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "browser");

    /** Each chart of the page: its title and its series' names. */
    private static final String CHARTS = "[...document.querySelectorAll('figure.chart svg')].map(svg => "
            + "[svg.getAttribute('aria-label'), ...[...svg.querySelectorAll('g.series')].map(g => g.dataset.series)])";
    /** Each headline: its label and value. */
    private static final String HEADLINES = "Object.fromEntries([...document.querySelectorAll('.headline')].map(h => "
            + "[h.querySelector('.label').textContent, h.querySelector('.value').textContent]))";

    @TempDir
    static Path tmp;

    private static HeadlessChromium chromium;

    @BeforeAll
    static void startChromium() throws Exception {
        if (System.getenv("CNNZOO_REQUIRE_CHROMIUM") != null) { // set by .ci/run: CI must not lose this test
            assertTrue(HeadlessChromium.find().isPresent(), "CNNZOO_REQUIRE_CHROMIUM is set but no Chromium is installed");
        }
        Assumptions.assumeTrue(HeadlessChromium.find().isPresent(), "no Chromium installed (Debian: apt-get install "
                + "chromium): the HTML reports are not checked in a browser");
        chromium = HeadlessChromium.start(HeadlessChromium.find().get(), tmp.resolve("chromium-profile"));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anExperimentRunsPageShowsTheVerdictTheErrorsAndBothCharts() throws Exception {
        Path run = experimentRun("experiment", 1.0);
        assertEquals(0, cnnzoo("report", run.toString()).exit());
        Map<String, String> headlines = open(run.resolve("report.html"), "experiment");

        // plain20 25% against resnet20 12.5%: the shortcuts' check passes by 12.5 points (the fixture's margin is 5)
        assertTrue(headlines.containsValue("PASS +12.50 points"), headlines.toString());
        assertEquals("25.00% / 30.00%", headlines.get("plain20"));
        assertEquals("12.50% / 20.00%", headlines.get("resnet20"));
        assertEquals(List.of(
                List.of("plain nets", "plain20 train", "plain20 test"),
                List.of("residual nets", "resnet20 train", "resnet20 test"),
                List.of("fashion-mnist, fixture preset: mini-batch training error", "plain20",
                        "plain20 (training subset)", "resnet20", "resnet20 (training subset)")), charts());
    }

    @Test
    void aBenchRunsPageShowsTheRooflineAndTheRatiosToPytorch() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("bench"));
        for (String file : List.of("jmh.json", "pytorch.json")) {
            try (InputStream in = ReportBrowserTest.class.getResourceAsStream("/bench/" + file)) {
                Files.copy(in, run.resolve(file));
            }
        }
        Files.writeString(run.resolve("run.json"), "{\"schema\": 1, \"preset\": \"fixture\", "
                + "\"started\": \"2026-12-01T12:00:00Z\", \"finished\": \"2026-12-01T13:00:00Z\"}");
        Files.copy(fixture().resolve("environment.json"), run.resolve("environment.json"));
        assertEquals(0, cnnzoo("report", run.toString()).exit());
        Map<String, String> headlines = open(run.resolve("report.html"), "bench");

        assertEquals("120 GFLOP/s", headlines.get("SGEMM roofline"));
        assertEquals("0.75x", headlines.get("Convolution: cnnzoo / PyTorch")); // 60 / 80 GFLOP/s
        // the median of resnet20's 500 / 400 images/s and LeNet-5's 2,560 / 6,400: (1.25 + 0.40) / 2
        assertEquals("0.83x", headlines.get("Training Step: cnnzoo / PyTorch"));
        List<List<String>> charts = charts();
        assertEquals(List.of("Convolution: compute-bound (GFLOP/s, ±99.9% CI)", "cnnzoo", "path dl4j", "PyTorch"),
                charts.get(0));
        assertEquals(List.of("Training error against depth", "plain", "resnet"), charts.get(charts.size() - 1));
        assertEquals(5, charts.size(), charts.toString()); // convolution, memory, models, depth-time, depth-error
        assertEquals(1, chromium.evaluate("document.querySelectorAll('[data-reference=\"SGEMM roofline\"]').length")
                .asInt());
    }

    @Test
    void aComparisonOfTwoExperimentRunsDrawsBothOnOneChart() throws Exception {
        Path a = experimentRun("a", 1.0);
        Path b = experimentRun("b", 0.8); // every error x0.8: resnet20 ends at 10%
        Path out = tmp.resolve("compare");
        CliErrorsTest.Run compare = cnnzoo("report", "compare", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, compare.exit(), compare.err());
        Map<String, String> headlines = open(out.resolve("compare.html"), "compare");

        assertEquals("12.50 vs 10.00", headlines.get("resnet20: final training error (%)"));
        assertEquals(List.of("Training error (fixed training subset)", "a: plain20", "a: resnet20", "b: plain20",
                "b: resnet20"), charts().get(0));
    }

    /** Opens the page, checks it loaded cleanly and fits a phone, writes its screenshot; returns its headlines. */
    private static Map<String, String> open(Path page, String name) throws Exception {
        HeadlessChromium.PageLoad load = chromium.open(page);
        assertEquals(List.of(), load.consoleMessages(), page + ": console");
        assertEquals(List.of(), load.exceptions(), page + ": exceptions");
        assertEquals(List.of(), load.requests(), page + ": requests; the page must be self-contained");
        chromium.viewport(390, 844, false);
        JsonNode fits = chromium.evaluate("({scroll: document.documentElement.scrollWidth, width: window.innerWidth})");
        assertTrue(fits.path("scroll").asInt() <= fits.path("width").asInt(), page + " is wider than a phone: " + fits);
        // the charts' 12 px labels as drawn on the phone: no smaller than 9 CSS pixels
        double smallest = chromium.evaluate("Math.min(...[...document.querySelectorAll('figure.chart svg')].map(svg => "
                + "12 * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width))").asDouble();
        assertTrue(smallest >= 9, page + ": chart labels shrink to " + smallest + " px on a phone");
        chromium.screenshot(SCREENSHOTS.resolve(name + "-phone.png"), 390);
        chromium.screenshot(SCREENSHOTS.resolve(name + ".png"), 1280);
        Map<String, String> headlines = new LinkedHashMap<>();
        chromium.evaluate(HEADLINES).properties().forEach(e -> headlines.put(e.getKey(), e.getValue().asText()));
        return headlines;
    }

    private static List<List<String>> charts() {
        return JSON.convertValue(chromium.evaluate(CHARTS), JSON.getTypeFactory().constructCollectionType(List.class,
                JSON.getTypeFactory().constructCollectionType(List.class, String.class)));
    }

    /** A copy of the experiment fixture, its evaluated errors scaled by {@code scale}. */
    private static Path experimentRun(String name, double scale) throws IOException {
        Path run = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(fixture())) {
            for (Path file : files.toList()) {
                Path target = run.resolve(fixture().relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        if (scale != 1.0) {
            StringBuilder csv = new StringBuilder();
            for (String line : Files.readAllLines(run.resolve("curves.csv"))) {
                String[] cells = line.split(",", -1);
                for (int c = 5; c < 7 && !line.startsWith("model"); c++) {
                    cells[c] = cells[c].isEmpty() ? "" : String.valueOf(scale * Double.parseDouble(cells[c]));
                }
                csv.append(String.join(",", cells)).append('\n');
            }
            Files.writeString(run.resolve("curves.csv"), csv.toString());
        }
        return run;
    }

    private static Path fixture() {
        return Path.of("src/test/resources/io/cnnzoo/bench/cli/report-fixture/experiment");
    }
}
