package io.cnnzoo.reports.curves;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.cnnzoo.reports.chart.Chart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fig. 6 from a fixture run (two-models-two-seeds.csv: plain20 and resnet20, seeds 1 and 2, evaluated after
 * iterations 2 and 4): one panel per family, each model's training error dashed and test error bold, the mean
 * over the seeds with one standard deviation as error bars, in percent.
 */
class Fig6ChartTest {

    private static List<CurveRow> fixture() throws IOException, URISyntaxException {
        return CurvesCsv.read(Path.of(Fig6ChartTest.class.getResource("two-models-two-seeds.csv").toURI()));
    }

    private static List<Chart> charts() throws IOException, URISyntaxException {
        return new Fig6Chart("test").charts(fixture(), run -> run.substring(0, run.indexOf('@')),
                List.of(new Fig6Chart.Panel("plain nets", List.of("plain20")),
                        new Fig6Chart.Panel("residual nets", List.of("resnet20"))),
                model -> Color.BLUE);
    }

    @Test
    void eachPanelDrawsItsModelsTrainingAndTestErrorAsMeansOverTheSeeds() throws Exception {
        List<Chart> charts = charts();
        assertEquals(2, charts.size());
        Chart plain = charts.get(0);
        assertEquals(List.of("plain20 train", "plain20 test"), plain.series().stream().map(Chart.Series::name).toList());
        Chart.Series train = plain.series().get(0);
        assertArrayEquals(new double[]{2, 4}, train.x(), 1e-12);
        // seeds 1 and 2 after 4 iterations: 30% and 20%, mean 25%, sample sd sqrt(50) = 7.07, drawn as a band
        assertArrayEquals(new double[]{45, 25}, train.y(), 1e-9);
        assertArrayEquals(new double[]{Math.sqrt(50), Math.sqrt(50)}, train.error(), 1e-9);
        assertTrue(train.band());
        Chart.Series resnetTest = charts.get(1).series().get(1);
        assertEquals("resnet20 test", resnetTest.name());
        assertArrayEquals(new double[]{33, 13}, resnetTest.y(), 1e-9);
        assertEquals(60.0, plain.y().max(), 1e-12); // the largest error, 55%, rounded up
        assertEquals(plain.y().max(), charts.get(1).y().max());
    }

    @Test
    void writesThePanelsSideBySideAsPngAndOneValidSvg(@TempDir Path dir) throws Exception {
        new Fig6Chart("test").write(charts(), dir.resolve("fig6.png"), dir.resolve("fig6.svg"));
        BufferedImage png = ImageIO.read(dir.resolve("fig6.png").toFile());
        assertEquals(2 * 640, png.getWidth());
        assertEquals(480, png.getHeight());

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("fig6.svg").toFile());
        NodeList panels = svg.getDocumentElement().getElementsByTagName("svg");
        assertEquals(2, panels.getLength());
        assertEquals("760", ((Element) panels.item(1)).getAttribute("x"));
        Set<String> ids = new HashSet<>();
        NodeList all = svg.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            String id = ((Element) all.item(i)).getAttribute("id");
            assertTrue(id.isEmpty() || ids.add(id), "id " + id + " appears twice");
        }
    }
}
