package io.cnnzoo.reports.html;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cnnzoo.reports.markdown.MarkdownTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run folder's {@code environment.json} (written when the run starts: date, cnnzoo's commit, CPU, JVM, ND4J
 * backend, BLAS, whether cnnzoo's oneDNN helpers were on), as the HTML page's header facts and as a Markdown
 * table. A folder without one (older experiment runs) says so instead of guessing from the machine rendering it.
 */
public final class RunEnvironment {

    public static final String FILE = "environment.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode env;

    private RunEnvironment(Path file, JsonNode env) {
        this.file = file;
        this.env = env;
    }

    public static RunEnvironment of(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        return new RunEnvironment(file, Files.isRegularFile(file) ? readJson(file) : null);
    }

    public boolean recorded() {
        return env != null;
    }

    /** Machine, backend, versions and commit, for the page's header. */
    public List<HtmlReport.Fact> facts() {
        if (env == null) {
            return List.of(new HtmlReport.Fact("environment", "not recorded (the run folder has no " + FILE + ")"));
        }
        List<HtmlReport.Fact> facts = new ArrayList<>();
        facts.add(new HtmlReport.Fact("date", text("date")));
        facts.add(new HtmlReport.Fact("machine", text("cpu") + ", " + text("logicalProcessors") + " logical CPUs, "
                + text("os")));
        facts.add(new HtmlReport.Fact("backend", text("nd4jBackend") + ", BLAS " + text("blasVendor")
                + ", cnnzoo's oneDNN helpers " + (text("cnnzooHelpers").equals("true") ? "on" : "off")));
        facts.add(new HtmlReport.Fact("Java", text("jvm")));
        facts.add(new HtmlReport.Fact("cnnzoo", text("cnnzoo")));
        return facts;
    }

    /** The machine in one line (CPU, logical CPUs, backend, BLAS, helpers), without the date or commit. */
    public String machine() {
        if (env == null) {
            return "not recorded";
        }
        String backend = text("nd4jBackend");
        return text("cpu") + ", " + text("logicalProcessors") + " logical CPUs, " + backend.substring(
                backend.lastIndexOf('.') + 1) + ", BLAS " + text("blasVendor") + ", cnnzoo's oneDNN helpers "
                + (text("cnnzooHelpers").equals("true") ? "on" : "off");
    }

    /** What built the run: cnnzoo's version and commit. */
    public String build() {
        return env == null ? "not recorded" : text("cnnzoo");
    }

    /** Every recorded setting as a Markdown table. */
    public String markdown() {
        if (env == null) {
            return "The run folder has no " + FILE + ": the machine it ran on was not recorded.\n";
        }
        MarkdownTable t = new MarkdownTable("setting", "value");
        for (Map.Entry<String, JsonNode> e : env.properties()) {
            t.row(e.getKey(), e.getValue().asText());
        }
        return t.render();
    }

    private String text(String field) {
        return env.path(field).asText("?");
    }

    /** A JSON file of a run folder; an unreadable one is an error naming it. */
    public static JsonNode readJson(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException(file + ": not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IOException(file + ": not readable: " + e.getMessage(), e);
        }
    }
}
