package io.cnnzoo.reports.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One self-contained HTML page per run: the run's Markdown report as its body, each chart the Markdown links
 * inlined as SVG, the environment and the headline numbers first. Nothing is fetched: the style is inline, no
 * script, no font, no image file; a colleague can open the file alone.
 *
 * <p>The layout is a Mustache template ({@code report.mustache}, JMustache: logic-less, so what is shown is
 * decided here in Java where tests see it; values HTML-escaped unless marked; one 80 kB jar without
 * dependencies). The body goes through CommonMark with raw HTML escaped, so text from a run folder (a preset's
 * description, an environment value) can never become markup.
 */
public final class HtmlReport {

    /** One line of the environment: what it is and its value. */
    public record Fact(String name, String value) {
    }

    /**
     * A headline number.
     *
     * @param tone "good", "bad" or "" (a neutral figure); the page colours it and says it in words too
     */
    public record Headline(String label, String value, String note, String tone) {

        public static Headline of(String label, String value, String note) {
            return new Headline(label, value, note, "");
        }
    }

    private static final Template PAGE = compile("report.mustache");

    private HtmlReport() {
    }

    /**
     * The page.
     *
     * @param markdown the run's Markdown report without its title line
     * @param charts   SVG documents by the link the Markdown uses for them ({@code charts/models.png})
     */
    public static String render(String title, String subtitle, List<Fact> environment, List<Headline> headlines,
                                String markdown, Map<String, String> charts) {
        return render(title, subtitle, environment, headlines, markdown, charts, "./cnnzoo report RUN_DIR");
    }

    /** As above; {@code again} is the command that writes the page again, named in its footer. */
    public static String render(String title, String subtitle, List<Fact> environment, List<Headline> headlines,
                                String markdown, Map<String, String> charts, String again) {
        Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        HtmlRenderer body = HtmlRenderer.builder().extensions(List.of(TablesExtension.create())).escapeHtml(true)
                .sanitizeUrls(true) // a link in a run's text (a model name, a parameter) cannot be javascript:
                .nodeRendererFactory(context -> new InlineCharts(context, charts)).build();
        String html = body.render(parser.parse(markdown));
        return PAGE.execute(Map.of("title", title, "subtitle", subtitle, "environment", environment,
                "hasEnvironment", !environment.isEmpty(), "headlines", headlines, "hasHeadlines", !headlines.isEmpty(),
                "body", html, "again", again));
    }

    /** Renders an image whose link names a chart as that chart's SVG, inline; other images stay links. */
    private static final class InlineCharts implements NodeRenderer {

        private final HtmlNodeRendererContext context;
        private final Map<String, String> charts;

        InlineCharts(HtmlNodeRendererContext context, Map<String, String> charts) {
            this.context = context;
            this.charts = charts;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            Image image = (Image) node;
            String svg = charts.get(image.getDestination());
            if (svg == null) {
                // not one of the run's charts: its address as text, neither fetched nor a link (an address from a
                // run folder could be javascript:, which CommonMark's sanitiser does not see on this path)
                context.getWriter().text("[image: " + image.getDestination() + "]");
                return;
            }
            context.getWriter().raw("<figure class=\"chart\">" + svg.replaceFirst("^<\\?xml[^>]*>\\s*", "")
                    + "</figure>");
        }
    }

    private static Template compile(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the reports jar");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Mustache.compiler().compile(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
