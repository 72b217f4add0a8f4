package io.cnnzoo.reports.chart;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SVG is well-formed XML (W3C SVG 1.1), names its series, labels its axes with text, and has no ids. */
class SvgChartTest {

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document doc) {
        List<String> texts = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    @Test
    void lineChartHasItsSeriesTicksLabelsBandAndReference() throws Exception {
        Chart.Series plain = Chart.Series.line("plain56 <test>", Color.RED, Chart.Line.DASHED, Chart.Marker.DIAMOND,
                new double[]{469, 938, 1407, 1876}, new double[]{30, 20, 15, 12.2});
        Chart.Series resnet = Chart.Series.line("resnet56", Color.BLUE, Chart.Line.BOLD, Chart.Marker.NONE,
                new double[]{469, 938, 1407, 1876}, new double[]{25, 12, 7, 5.1})
                .withError(new double[]{1, 1, 0.5, 0.5}, true);
        Chart chart = Chart.xy("Fig. 6", Chart.Axis.of("iterations").from(0), Chart.Axis.of("error (%)").from(0),
                List.of(plain, resnet), List.of(new Chart.Reference("He et al. ResNet-56", 6.97, Color.BLACK)));
        Document doc = parse(SvgChart.render(chart));

        NodeList groups = doc.getElementsByTagName("g");
        List<String> series = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("series")) {
                series.add(g.getAttribute("data-series"));
            }
        }
        assertEquals(List.of("plain56 <test>", "resnet56"), series); // escaped in the file, intact in the DOM
        List<String> texts = texts(doc);
        for (String expected : List.of("Fig. 6", "iterations", "error (%)", "0", "500", "1,000", "1,500", "2,000",
                "He et al. ResNet-56", "plain56 <test>", "resnet56")) {
            assertTrue(texts.contains(expected), expected + " not among " + texts);
        }
        assertFalse(texts.contains("469"), "ticks at evaluations, not round values: " + texts);
        assertEquals(1, countClass(doc, "band"), "resnet56's spread as one band");
        assertEquals(doc.getElementsByTagName("*").getLength(), countWithoutId(doc), "ids would clash when inlined");
    }

    @Test
    void infiniteValuesAreLeftOutRatherThanBreakingTheAxis() throws Exception {
        // a speed-up against a score of 0 is infinite; the chart draws the other bars
        Chart chart = Chart.bars("x", Chart.Axis.of("speed-up"), List.of("a", "b"), List.of(Chart.Series.bars("s",
                Color.BLUE, new double[]{Double.POSITIVE_INFINITY, 2}, null)), List.of());
        assertTrue(parse(SvgChart.render(chart)).getElementsByTagName("rect").getLength() > 0);
    }

    @Test
    void barChartIsHorizontalWithAValueAxisFromZeroAndErrorBars() throws Exception {
        Chart.Series cnnzoo = Chart.Series.bars("cnnzoo", Color.BLUE, new double[]{100, Double.NaN, 40},
                new double[]{5, Double.NaN, 2});
        Chart chart = Chart.bars("Convolution", Chart.Axis.of("GFLOP/s"), List.of("forward 64x32x32", "b", "c"),
                List.of(cnnzoo), List.of(new Chart.Reference("SGEMM roofline", 220, Color.BLACK)));
        Document doc = parse(SvgChart.render(chart));
        NodeList rects = doc.getElementsByTagName("rect");
        int bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            bars += ((Element) rects.item(i).getParentNode()).getAttribute("class").equals("series") ? 1 : 0;
        }
        assertEquals(2, bars, "a bar for each value, none for NaN");
        assertEquals(2, countClass(doc, "error"));
        List<String> texts = texts(doc);
        assertTrue(texts.contains("0") && texts.contains("forward 64x32x32") && texts.contains("GFLOP/s"), texts.toString());
    }

    private static int countClass(Document doc, String cls) {
        NodeList all = doc.getElementsByTagName("*");
        int n = 0;
        for (int i = 0; i < all.getLength(); i++) {
            n += ((Element) all.item(i)).getAttribute("class").equals(cls) ? 1 : 0;
        }
        return n;
    }

    private static int countWithoutId(Document doc) {
        NodeList all = doc.getElementsByTagName("*");
        int n = 0;
        for (int i = 0; i < all.getLength(); i++) {
            n += ((Element) all.item(i)).getAttribute("id").isEmpty() ? 1 : 0;
        }
        return n;
    }
}
