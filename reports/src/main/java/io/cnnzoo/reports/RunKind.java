package io.cnnzoo.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cnnzoo.reports.html.RunEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a run folder is, decided in one place for {@code cnnzoo report} and {@code report compare}: a bench run
 * ({@code jmh.json}, written by {@code cnnzoo bench}) or an experiment run ({@code config.json}, written by
 * {@code cnnzoo degradation} or {@code train}), and of a schema this code reads. {@code run.json}'s
 * {@code schema} is an integer from 1 to {@link #SCHEMA}; a folder without {@code run.json} predates it and is
 * schema 1. Anything else is refused, naming the file, rather than misread.
 */
public enum RunKind {

    BENCH("a bench run", "jmh.json"),
    EXPERIMENT("an experiment run", "config.json");

    /** The newest run folder schema this code reads, for bench and experiment folders alike. */
    public static final int SCHEMA = 1;

    private final String description;
    private final String marker;

    RunKind(String description, String marker) {
        this.description = description;
        this.marker = marker;
    }

    /** "a bench run", "an experiment run". */
    public String description() {
        return description;
    }

    /** The kind of {@code folder}, after checking its schema. */
    public static RunKind of(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": no such folder; give a folder written by ./cnnzoo bench, "
                    + "degradation or train");
        }
        for (RunKind kind : values()) {
            if (Files.isRegularFile(folder.resolve(kind.marker))) {
                checkSchema(folder);
                return kind;
            }
        }
        throw new IllegalArgumentException(folder + " is not a run folder: it has neither jmh.json (./cnnzoo bench) "
                + "nor config.json (./cnnzoo degradation or train); give the folder a run wrote, e.g. "
                + "bench-runs/<date>-quick or runs/<date>-degradation-quick");
    }

    /**
     * {@code folder}'s run.json, checked: an object whose {@code schema} is an integer from 1 to {@link #SCHEMA}
     * (an empty object when the folder has no run.json: schema 1).
     */
    public static JsonNode checkSchema(Path folder) throws IOException {
        Path file = folder.resolve("run.json");
        if (!Files.isRegularFile(file)) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode run = RunEnvironment.readJson(file);
        JsonNode schema = run.path("schema");
        if (!run.isObject() || !schema.isIntegralNumber() || !schema.canConvertToInt() || schema.asInt() < 1) {
            throw new IOException(file + ": expected an object with an integer \"schema\" from 1 to " + SCHEMA
                    + ", got " + (run.isObject() ? "schema " + schema : run.getNodeType().toString()
                    .toLowerCase(Locale.ROOT)));
        }
        if (schema.asInt() > SCHEMA) {
            throw new IOException(file + ": schema " + schema.asInt() + " is newer than this cnnzoo reads (up to "
                    + SCHEMA + "); render it with the cnnzoo that wrote it, or a newer one");
        }
        return run;
    }
}
