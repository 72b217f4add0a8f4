package io.cnnzoo.bench.suite;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What {@code cnnzoo bench} runs: a list of JMH selections, each a benchmark regex (JMH's include) with
 * the parameter values to sweep (a parameter left out keeps its {@code @Param} defaults) and optionally
 * its own timing. Presets are data: {@code quick}, {@code full} and {@code zoo} ship in the jar
 * ({@code io/cnnzoo/bench/presets/NAME.json}); any file of the same schema can be given instead.
 *
 * @param name        the preset's name (the file name without {@code .json})
 * @param description one line for {@code --help} and the report
 * @param timing      warm-up and measurement defaults of every selection
 * @param selections  the JMH runs, in order
 */
public record BenchPreset(String name, String description, Timing timing, List<Selection> selections) {

    public static final List<String> BUILT_IN = List.of("quick", "full", "zoo");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * JMH's iteration settings: seconds per iteration, iterations, forks. {@code forks = 0} runs in the
     * calling JVM (JMH warns that figures are then less trustworthy; the tests use it).
     */
    public record Timing(int warmupIterations, double warmupSeconds, int iterations, double seconds, int forks) {
    }

    /**
     * One JMH run.
     *
     * @param include benchmark regex, as JMH's command line takes it (e.g. {@code ConvolutionBenchmark.forward$})
     * @param params  parameter name -> values; absent = the benchmark's {@code @Param} defaults
     * @param timing  overrides the preset's timing for this selection, or null
     */
    public record Selection(String include, Map<String, List<String>> params, Timing timing) {
        public Selection {
            params = params == null ? Map.of() : new LinkedHashMap<>(params);
        }
    }

    /** The timing a selection runs with: its own, else the preset's. */
    public Timing timingOf(Selection s) {
        return s.timing() != null ? s.timing() : timing;
    }

    /** Reads a built-in preset by name, or a preset file by path. */
    public static BenchPreset load(String nameOrFile) throws IOException {
        if (BUILT_IN.contains(nameOrFile)) {
            String resource = "/io/cnnzoo/bench/presets/" + nameOrFile + ".json";
            try (InputStream in = BenchPreset.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("built-in preset " + resource + " is missing from the jar");
                }
                return parse(in.readAllBytes(), nameOrFile, "built-in preset " + nameOrFile);
            }
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("unknown preset '" + nameOrFile + "': neither a built-in preset "
                    + BUILT_IN + " nor a preset file");
        }
        String fileName = file.getFileName().toString();
        return parse(Files.readAllBytes(file), fileName.replaceFirst("\\.json$", ""), file.toString());
    }

    static BenchPreset parse(byte[] json, String name, String where) throws IOException {
        BenchPreset raw;
        try {
            raw = JSON.readValue(json, BenchPreset.class);
        } catch (JacksonException e) {
            throw new IOException(where + ": not a bench preset: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IOException(where + ": not a bench preset: " + e.getMessage(), e);
        }
        BenchPreset preset = new BenchPreset(name, raw.description == null ? "" : raw.description, raw.timing,
                raw.selections == null ? List.of() : new ArrayList<>(raw.selections));
        preset.validate(where);
        return preset;
    }

    private void validate(String where) throws IOException {
        if (timing == null) {
            throw new IOException(where + ": 'timing' is missing (warmupIterations, warmupSeconds, iterations, "
                    + "seconds, forks)");
        }
        check(timing, where + ": timing");
        if (selections.isEmpty()) {
            throw new IOException(where + ": 'selections' is empty; a preset runs at least one benchmark");
        }
        for (int i = 0; i < selections.size(); i++) {
            Selection s = selections.get(i);
            String at = where + ": selections[" + i + "]";
            if (s.include() == null || s.include().isBlank()) {
                throw new IOException(at + ": 'include' (a benchmark regex) is missing");
            }
            try {
                Pattern.compile(s.include());
            } catch (PatternSyntaxException e) {
                throw new IOException(at + ": 'include' is not a regex: " + e.getDescription(), e);
            }
            for (Map.Entry<String, List<String>> p : s.params().entrySet()) {
                if (p.getValue() == null || p.getValue().isEmpty()) {
                    throw new IOException(at + ": parameter '" + p.getKey() + "' has no values");
                }
            }
            if (s.timing() != null) {
                check(s.timing(), at + ".timing");
            }
        }
    }

    private static void check(Timing t, String at) throws IOException {
        if (t.warmupIterations() < 0 || t.warmupSeconds() <= 0 || t.iterations() < 1 || t.seconds() <= 0
                || t.forks() < 0) {
            throw new IOException(at + ": expected warmupIterations >= 0, iterations >= 1, forks >= 0 and "
                    + "positive seconds, got " + t);
        }
    }
}
