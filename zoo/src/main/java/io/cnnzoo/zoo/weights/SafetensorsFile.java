package io.cnnzoo.zoo.weights;

import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file (huggingface/safetensors, the format timm and Hugging Face publish weights in), read
 * by cnnzoo's own code from the published format: an 8-byte little-endian header length N, N bytes of a
 * UTF-8 JSON object mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}
 * (plus an optional {@code "__metadata__"} of strings), then the raw little-endian data, offsets counted
 * from its start.
 *
 * <p>{@link #open} checks what the reference implementation checks before anything is allocated from the
 * header's claims: the header length is at most {@value #MAX_HEADER_BYTES} bytes and fits the file; the
 * header is a JSON object without duplicate names; every size and offset is computed with overflow-checked
 * arithmetic; each tensor's byte count is the product of its shape times its element size; the tensors are
 * contiguous and do not overlap, the first at 0, and the last ends exactly where the file does. Values are
 * then read by positional reads, a piece at a time.
 *
 * <p>Not thread-safe: one reader per thread.
 */
public final class SafetensorsFile implements TensorFile {

    /** The reference implementation's limit on the JSON header (safetensors' MAX_HEADER_SIZE). */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    static final String METADATA = "__metadata__";

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, Long> offsets;
    private final Map<String, String> metadata;
    private ByteBuffer buffer = ByteBuffer.allocate(0);

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
                            Map<String, Long> offsets, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.offsets = offsets;
        this.metadata = metadata;
    }

    /** Opens and checks {@code file}; see the class comment for what is checked. */
    public static SafetensorsFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return read(file, channel);
        } catch (Throwable e) { // whatever went wrong, the file is closed
            channel.close();
            throw e;
        }
    }

    private static SafetensorsFile read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new WeightFormatException(file, null, "a safetensors file starts with an 8-byte header length, but "
                    + "the file has " + size + " bytes");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, channel, lengthBytes, 0);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new WeightFormatException(file, null, "the header length is " + Long.toUnsignedString(headerLength)
                    + " bytes; a safetensors header holds a JSON object of 2 to " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > size - 8) {
            throw new WeightFormatException(file, null, "the header length is " + headerLength + " bytes, but only "
                    + (size - 8) + " bytes follow the length field (is the file truncated?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(file, channel, headerBytes, 8);
        JsonNode header = parseHeader(file, headerBytes.array());
        long dataLength = size - 8 - headerLength;

        Map<String, String> metadata = metadata(file, header.get(METADATA));
        List<Entry> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals(METADATA)) {
                entries.add(entry(file, field.getKey(), field.getValue(), dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end)); // as the reference does
        long expectedBegin = 0;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.begin() != expectedBegin) {
                throw new WeightFormatException(file, e.info().name(), "its data starts at byte " + e.begin()
                        + " of the data section, but the previous tensor ends at " + expectedBegin
                        + ": tensors must be contiguous and must not overlap");
            }
            expectedBegin = e.end();
            tensors.put(e.info().name(), e.info());
            offsets.put(e.info().name(), e.begin());
        }
        if (expectedBegin != dataLength) {
            throw new WeightFormatException(file, null, "the tensors' data ends at byte " + expectedBegin
                    + " of the data section, but the file holds " + dataLength + " bytes of data"
                    + (expectedBegin < dataLength ? " (trailing bytes)" : ""));
        }
        return new SafetensorsFile(file, channel, 8 + headerLength, Collections.unmodifiableMap(tensors),
                offsets, metadata);
    }

    private record Entry(TensorInfo info, long begin, long end) {
    }

    private static JsonNode parseHeader(Path file, byte[] bytes) throws WeightFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new WeightFormatException(file, null, "the header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) {
            throw new WeightFormatException(file, null, "the header must be a JSON object starting with '{', but it "
                    + "starts with " + quote(text.substring(0, Math.min(16, text.length()))));
        }
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // padding may only be whitespace
        try {
            JsonNode header = mapper.readTree(text);
            if (header == null || !header.isObject()) {
                throw new WeightFormatException(file, null, "the header must be one JSON object");
            }
            return header;
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            throw new WeightFormatException(file, null, "the header is not a valid JSON object without duplicate names: "
                    + reason, e);
        }
    }

    private static Map<String, String> metadata(Path file, JsonNode node) throws WeightFormatException {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new WeightFormatException(file, null, "\"" + METADATA + "\" must be an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new WeightFormatException(file, null, "\"" + METADATA + "\"." + field.getKey()
                        + " must be a string, got " + field.getValue());
            }
            metadata.put(field.getKey(), field.getValue().asText());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry entry(Path file, String name, JsonNode node, long dataLength) throws WeightFormatException {
        if (!node.isObject()) {
            throw new WeightFormatException(file, name, "expected {\"dtype\", \"shape\", \"data_offsets\"}, got " + node);
        }
        JsonNode dtypeNode = node.get("dtype");
        DType dtype = dtypeNode != null && dtypeNode.isTextual() ? DType.ofSafetensorsName(dtypeNode.asText()) : null;
        if (dtype == null) {
            throw new WeightFormatException(file, name, "\"dtype\" must be one of F64, F32, F16, BF16, I64, I32, I16, "
                    + "I8, U8, BOOL, got " + dtypeNode);
        }
        long[] shape = longs(file, name, "shape", node.get("shape"), -1);
        long[] offsets = longs(file, name, "data_offsets", node.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLength) {
            throw new WeightFormatException(file, name, "\"data_offsets\" [" + begin + ", " + end + "] must satisfy "
                    + "begin <= end <= " + dataLength + ", the bytes of data in the file");
        }
        long bytes;
        try {
            long elements = 1;
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            bytes = Math.multiplyExact(elements, dtype.size());
        } catch (ArithmeticException e) {
            throw new WeightFormatException(file, name, "shape " + java.util.Arrays.toString(shape) + " of " + dtype
                    + " overflows a 64-bit byte count");
        }
        if (end - begin != bytes) {
            throw new WeightFormatException(file, name, "\"data_offsets\" [" + begin + ", " + end + "] hold "
                    + (end - begin) + " bytes, but shape " + java.util.Arrays.toString(shape) + " of " + dtype
                    + " needs " + bytes);
        }
        return new Entry(new TensorInfo(name, dtype, shape), begin, end);
    }

    /** A JSON array of non-negative integers (of {@code length} entries unless it is -1). */
    private static long[] longs(Path file, String tensor, String key, JsonNode node, int length)
            throws WeightFormatException {
        String expected = "\"" + key + "\" must be an array of " + (length < 0 ? "" : length + " ")
                + "non-negative integers, got " + node;
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw new WeightFormatException(file, tensor, expected);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new WeightFormatException(file, tensor, expected);
            }
            values[i] = v.asLong();
        }
        return values;
    }

    private static String quote(String s) {
        return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static void readFully(Path file, FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position + into.position());
            if (n < 0) {
                throw new WeightFormatException(file, null, "the file ended at byte " + (position + into.position())
                        + " while " + into.remaining() + " more bytes were expected");
            }
        }
        into.flip();
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void readFloats(String name, long from, float[] out, int count) throws IOException {
        TensorInfo info = TensorFiles.checkRead(this, name, from, out, count);
        int size = info.dtype().size();
        float[] piece = count <= TensorFiles.PIECE ? out : new float[TensorFiles.PIECE];
        for (int done = 0; done < count; done += TensorFiles.PIECE) {
            int n = Math.min(TensorFiles.PIECE, count - done);
            if (buffer.capacity() < n * size) {
                buffer = ByteBuffer.allocate(n * size).order(ByteOrder.LITTLE_ENDIAN);
            }
            buffer.clear().limit(n * size);
            readFully(path, channel, buffer, dataStart + offsets.get(name) + (from + done) * size);
            info.dtype().readFloats(buffer, piece, n);
            if (piece != out) {
                System.arraycopy(piece, 0, out, done, n);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
