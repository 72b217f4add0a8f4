package io.cnnzoo.reports.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JMH result file ({@code -rf json}: an array of records with {@code benchmark}, {@code params},
 * {@code primaryMetric} and {@code secondaryMetrics}), or a peer's file in the same schema. The engine
 * comes from a record's {@code engine} field (the PyTorch peer writes one), else the given default.
 */
public final class JmhJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhJson() {
    }

    public static List<BenchRecord> read(Path file, String defaultEngine) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException(file + ": not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // Jackson's encoding detection throws plain IOExceptions without the file (e.g. "Unsupported
            // UCS-4 endianness") for some byte patterns.
            throw new IOException(file + ": not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": expected JMH's JSON result format, an array of benchmark records");
        }
        List<BenchRecord> records = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            records.add(record(file, i, root.get(i), defaultEngine));
        }
        return records;
    }

    private static BenchRecord record(Path file, int index, JsonNode node, String defaultEngine) throws IOException {
        String where = file + ": record " + index;
        String benchmark = text(node, "benchmark", where);
        String simple = shortName(benchmark);
        where += " (" + simple + ")";
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode paramsNode = node.path("params");
        if (paramsNode.isObject()) {
            for (Map.Entry<String, JsonNode> p : paramsNode.properties()) {
                params.put(p.getKey(), p.getValue().asText());
            }
        }
        Metric primary = metric(node.get("primaryMetric"), where + ": primaryMetric");
        Map<String, Metric> secondary = new LinkedHashMap<>();
        JsonNode secondaryNode = node.path("secondaryMetrics");
        if (secondaryNode.isObject()) {
            for (Map.Entry<String, JsonNode> m : secondaryNode.properties()) {
                secondary.put(m.getKey(), metric(m.getValue(), where + ": secondaryMetrics." + m.getKey()));
            }
        }
        String engine = node.hasNonNull("engine") ? node.get("engine").asText() : defaultEngine;
        return new BenchRecord(engine, simple, params, primary, secondary);
    }

    /** {@code io.cnnzoo.bench.jmh.ConvolutionBenchmark.forward} -> {@code ConvolutionBenchmark.forward}. */
    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    private static Metric metric(JsonNode node, String where) throws IOException {
        if (node == null || !node.isObject()) {
            throw new IOException(where + ": missing; expected an object with score, scoreError, scoreUnit");
        }
        JsonNode score = node.get("score");
        if (score == null || !score.isNumber()) {
            throw new IOException(where + ".score: expected a number, got " + score);
        }
        JsonNode error = node.get("scoreError");
        // JMH writes "NaN" as a string when there was one iteration.
        double err = error == null ? Double.NaN : error.isNumber() ? error.asDouble() : parseOrNaN(error.asText());
        return new Metric(score.asDouble(), err, node.path("scoreUnit").asText(""));
    }

    private static double parseOrNaN(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String text(JsonNode node, String field, String where) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException(where + ": expected a text field '" + field + "'");
        }
        return value.asText();
    }
}
