package io.cnnzoo.reports.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report on a fixture run (src/test/resources/bench) whose numbers were chosen to be checked by hand:
 * SGEMM 100 and 120 GFLOP/s, an FMA peak of 240; a 16-channel convolution at 60 GFLOP/s (PyTorch 80);
 * resnet20 at 500 images/s (PyTorch 400); plain nets at exactly 10 ms per layer, residual ones at 11.
 */
class BenchReportTest {

    private static BenchReport report;

    @BeforeAll
    static void read() throws IOException, URISyntaxException {
        Path dir = Path.of(BenchReportTest.class.getResource("/bench/jmh.json").toURI()).getParent();
        report = new BenchReport(JmhJson.read(dir.resolve("jmh.json"), "cnnzoo"),
                JmhJson.read(dir.resolve("pytorch.json"), "cnnzoo"), "PyTorch");
    }

    @Test
    void rooflineIsTheBestSgemmAndTheFmaPeak() {
        assertEquals(120, report.roofline().sgemmGflops().getAsDouble(), 1e-9);
        assertEquals(240, report.roofline().fmaPeakGflops().getAsDouble(), 1e-9);
    }

    @Test
    void convolutionIsReadAgainstTheRooflineAndThePeer() {
        BenchReport.Row conv = report.computeRows().stream()
                .filter(r -> r.record().param("path").equals("cnnzoo")).findFirst().orElseThrow();
        assertEquals(60, conv.figure().score(), 1e-9);
        assertEquals(3, conv.figure().error(), 1e-9);
        assertEquals(0.5, report.roofline().ofSgemm(conv.figure().score()), 1e-12);    // 60 / 120
        assertEquals(0.25, report.roofline().ofFmaPeak(conv.figure().score()), 1e-12); // 60 / 240
        assertEquals(80, conv.peer().orElseThrow().score(), 1e-9);
        assertEquals(0.75, conv.ratio(), 1e-12);                                        // 60 / 80
    }

    @Test
    void everyPathOfTheSameWorkMeetsTheSamePeerFigure() {
        List<BenchReport.Row> rows = report.computeRows();
        assertEquals(2, rows.size(), "cnnzoo and dl4j paths of the one convolution; the roofline is not a row");
        BenchReport.Row dl4j = rows.stream().filter(r -> r.record().param("path").equals("dl4j")).findFirst()
                .orElseThrow();
        assertEquals(6.0 / 80, dl4j.ratio(), 1e-12);
    }

    @Test
    void modelsAreInImagesPerSecondBesideThePeer() {
        List<BenchReport.Row> models = report.modelRows();
        assertEquals(List.of("format=NCHW, model=lenet5/64", "format=NCHW, model=resnet20/128"),
                models.stream().map(BenchReport.Row::work).toList());
        assertEquals(2560.0 / 6400, models.get(0).ratio(), 1e-12);
        assertEquals(500.0 / 400, models.get(1).ratio(), 1e-12);
    }

    @Test
    void memoryBoundLayersAreInGigabytesPerSecond() {
        List<BenchReport.Row> memory = report.memoryRows();
        assertEquals(1, memory.size());
        assertEquals(20, memory.get(0).figure().score(), 1e-9);
        assertTrue(memory.get(0).peer().isEmpty());
    }

    @Test
    void depthSweepFitsTenAndElevenMillisecondsPerLayer() {
        List<BenchReport.DepthSeries> series = report.depthSeries();
        assertEquals(List.of("plain", "resnet"), series.stream().map(BenchReport.DepthSeries::net).toList());
        DepthFit plain = series.get(0).fit();
        DepthFit residual = series.get(1).fit();
        assertEquals(0.010, plain.slope(), 1e-12);
        assertEquals(1.0, plain.rSquared(), 1e-12);
        assertEquals(0.0, plain.olsIntercept(), 1e-12);
        assertEquals(0.011, residual.slope(), 1e-12);
        assertTrue(report.markdown().contains("a residual layer costs +10.0% of a plain one"), report.markdown());
    }

    @Test
    void trainingErrorByDepthKeepsPlainAndResidualApart() {
        var errors = report.trainingErrorByDepth();
        assertEquals(0.20, errors.get("plain").get(56).score(), 1e-12);
        assertEquals(0.09, errors.get("resnet").get(56).score(), 1e-12);
    }

    @Test
    void markdownHasEverySectionWithPercentagesAndRatios() {
        String md = report.markdown();
        for (String section : List.of("## Roofline", "## Compute-bound", "## Memory-bound", "## Whole models and the input pipeline",
                "## Time per training step against depth", "## Training error against depth")) {
            assertTrue(md.contains(section), section + " missing from\n" + md);
        }
        assertTrue(md.contains("| 60.0 | 3.00 | 50% | 25% | 80.0 | 0.75 |"), md);
        assertTrue(md.contains("| 500 | 12.8 | 400 | 1.25 |"), md);
        assertTrue(md.contains("| plain | 200 | 560 | 1,100 | 10.000 | 1.0000 |"), md);
    }

    @Test
    void chartsAreWrittenAsPngAndSvg(@TempDir Path dir) throws IOException {
        List<String> charts = new BenchCharts(report, "PyTorch").writeAll(dir).stream().map(BenchCharts.Written::name)
                .toList();
        assertEquals(List.of("compute-convolution", "memory", "models", "depth-time", "depth-error"), charts);
        for (String chart : charts) {
            byte[] png = Files.readAllBytes(dir.resolve(chart + ".png"));
            assertEquals((byte) 0x89, png[0]);
            assertEquals('P', png[1]); // PNG signature, RFC 2083: 89 50 4E 47
            String svg = Files.readString(dir.resolve(chart + ".svg"));
            assertTrue(svg.contains("<svg"), chart + ".svg is not SVG");
        }
        // the conv chart: cnnzoo's and DL4J's paths and the peer as bar series, the fixture's 120 GFLOP/s SGEMM
        String conv = Files.readString(dir.resolve("compute-convolution.svg"));
        for (String series : List.of("cnnzoo", "path dl4j", "PyTorch")) {
            assertTrue(conv.contains("data-series=\"" + series + "\""), series + " missing from\n" + conv);
        }
        assertTrue(conv.contains("data-reference=\"SGEMM roofline\""), conv);
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().contains("tmp")));
    }
}
