package io.cnnzoo.bench.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The degradation presets as data: {@code quick}, {@code medium} and {@code paper} are JSON files in the jar
 * (copy one with {@code cnnzoo degradation --preset paper --print-preset > my.json}), and any file with the same
 * fields works with {@code --preset-file}. Every field can be overridden by name.
 */
public final class DegradationPresets {

    public static final List<String> BUILT_IN = List.of("quick", "medium", "paper");

    /** The largest preset file read: the built-in ones are about 1.5 kB. */
    static final long MAX_PRESET_BYTES = 1 << 20;

    /** Fields a preset file may leave out, with the value they then take. */
    private static final Map<String, String> OPTIONAL = Map.of("initialWeights", "");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private DegradationPresets() {
    }

    /** A built-in preset by name. */
    public static DegradationConfig builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; built-in presets: " + BUILT_IN
                    + " (or --preset-file FILE)");
        }
        return resource("presets/" + name + ".json");
    }

    /** The recipe {@code cnnzoo train} starts from: the paper's, for one model, before its iterations are set. */
    public static DegradationConfig trainRecipe() {
        return resource("train.json");
    }

    private static DegradationConfig resource(String resource) {
        try (InputStream in = DegradationPresets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            return parse(in.readAllBytes(), resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** A user's preset file. */
    public static DegradationConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("preset file " + file + " does not exist");
        }
        long size = Files.size(file);
        if (size > MAX_PRESET_BYTES) {
            throw new IllegalArgumentException(file + ": " + size + " bytes; a preset file holds one configuration of "
                    + "a few kB (at most " + MAX_PRESET_BYTES + " bytes)");
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** {@code config} as a preset file holds it. */
    public static String toJson(DegradationConfig config) {
        try {
            return JSON.writeValueAsString(config) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code config} with fields replaced, each value written as on a command line: a number, {@code true},
     * a word, a comma-separated list for a list field ({@code 20,56}), or JSON ({@code {"resnet110": {...}}}).
     * New {@code models} without new {@code modelWarmups} drop the warm-ups of the models no longer trained.
     */
    public static DegradationConfig override(DegradationConfig config, Map<String, String> fields) {
        ObjectNode tree = JSON.valueToTree(config);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            JsonNode current = tree.get(field.getKey());
            if (current == null) {
                List<String> names = new ArrayList<>();
                tree.fieldNames().forEachRemaining(names::add);
                throw new IllegalArgumentException("no preset field '" + field.getKey() + "'; the fields are "
                        + String.join(", ", names));
            }
            tree.set(field.getKey(), value(field.getValue(), current));
        }
        if (fields.containsKey("models") && !fields.containsKey("modelWarmups")) {
            List<String> models = new ArrayList<>();
            tree.get("models").forEach(model -> models.add(model.asText()));
            ((ObjectNode) tree.get("modelWarmups")).retain(models);
        }
        return convert(tree, "the overrides " + fields);
    }

    private static JsonNode value(String text, JsonNode current) {
        if (current.isTextual()) {
            return TextNode.valueOf(text); // a file name "1e3" stays a name
        }
        if (current.isArray() && text.isBlank()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        JsonNode parsed = parseOrText(text);
        if (current.isArray() && !parsed.isArray()) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (String item : text.split(",")) {
                list.add(parseOrText(item.trim()));
            }
            return list;
        }
        return parsed;
    }

    private static JsonNode parseOrText(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return TextNode.valueOf(text);
        }
    }

    /** Bytes, not a String: Jackson detects the encoding, and bytes that are no text are its error, not ours. */
    private static DegradationConfig parse(byte[] json, String source) {
        try {
            return convert(JSON.readTree(json), source);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.CharConversionException e) {
            // Jackson guessed UTF-16/32 from the first bytes and met an invalid character.
            throw new IllegalArgumentException(source + " is not valid JSON text: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DegradationConfig convert(JsonNode tree, String source) {
        List<String> fields = java.util.Arrays.stream(DegradationConfig.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        if (!tree.isObject()) {
            throw new IllegalArgumentException(source + ": expected a JSON object with the fields " + fields);
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new IllegalArgumentException(source + ": unknown field '" + name + "'; the fields are "
                        + String.join(", ", fields));
            }
        }
        for (String field : fields) {
            if (!tree.has(field) && OPTIONAL.containsKey(field)) {
                ((ObjectNode) tree).put(field, OPTIONAL.get(field));
            } else if (!tree.has(field)) {
                throw new IllegalArgumentException(source + ": field '" + field + "' is missing (the fields are "
                        + String.join(", ", fields) + ")");
            }
        }
        try {
            return JSON.treeToValue(tree, DegradationConfig.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(source + ": " + cause.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": " + e.getOriginalMessage() + fieldPath(e), e);
        }
    }

    private static String fieldPath(JacksonException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder(" (at ");
            for (Iterator<com.fasterxml.jackson.databind.JsonMappingException.Reference> it = m.getPath().iterator();
                 it.hasNext(); ) {
                var ref = it.next();
                path.append(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
                if (it.hasNext()) {
                    path.append('.');
                }
            }
            return path.append(')').toString();
        }
        return "";
    }
}
