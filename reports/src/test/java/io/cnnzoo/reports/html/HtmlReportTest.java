package io.cnnzoo.reports.html;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page: charts inline, text from run folders escaped (HTML 5, 13.1.2.6: '<' in text is markup). */
class HtmlReportTest {

    @Test
    void chartsTheMarkdownLinksAreInlinedAndOtherImagesBecomeText() {
        String html = HtmlReport.render("t", "s", List.of(), List.of(),
                "## Charts\n\n![models](charts/models.png)\n\n![other](photo.png)\n",
                Map.of("charts/models.png", "<?xml version=\"1.0\"?>\n<svg class=\"chart\"></svg>"));
        assertTrue(html.contains("<figure class=\"chart\"><svg class=\"chart\"></svg></figure>"), html);
        assertTrue(html.contains("[image: photo.png]"), html); // neither fetched nor a link
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<?xml"), html);
    }

    @Test
    void textFromARunFolderNeverBecomesMarkup() {
        String html = HtmlReport.render("<b>title</b>", "s", List.of(new HtmlReport.Fact("cpu", "<script>x</script>")),
                List.of(HtmlReport.Headline.of("a", "<i>1</i>", "")), "A preset <script>alert(1)</script>\n\n"
                        + "| a |\n|---|\n| <img src=x onerror=alert(1)> |\n\nmodel [x](javascript:alert(1)) and "
                        + "![y](javascript:alert(2))\n", Map.of());
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<b>title"), html);
        assertFalse(html.contains("href=\"javascript:"), html); // links sanitised, images never links
        assertTrue(html.contains("default-src 'none'"), "the page's policy forbids fetching anything");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("<table>"), html);
    }
}
