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

    /**
     * A run folder's {@code run.json} checked to be of a schema this code reads: a folder without one predates
     * run.json and is schema 1; a newer schema is refused rather than misread.
     */
    public static JsonNode runJson(Path folder, int newestSchema) throws IOException {
        Path file = folder.resolve("run.json");
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        JsonNode run = readJson(file);
        int schema = run.path("schema").asInt(1);
        if (schema > newestSchema) {
            throw new IOException(file + ": schema " + schema + " is newer than this cnnzoo reads (up to "
                    + newestSchema + "); render it with the cnnzoo that wrote it, or a newer one");
        }
        return run;
    }
}
