package io.cnnzoo.zoo.weights;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.cnnzoo.zoo.weights.SafetensorsFiles.concat;
import static io.cnnzoo.zoo.weights.SafetensorsFiles.floats;
import static io.cnnzoo.zoo.weights.SafetensorsFiles.write;
import static io.cnnzoo.zoo.weights.SafetensorsFiles.writeRaw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safetensors reader against files written from the published format (huggingface/safetensors,
 * "Format": an 8-byte little-endian unsigned header size, a UTF-8 JSON header, the byte buffer), and each
 * check of its reference implementation on a file that breaks it.
 */
class SafetensorsFileTest {

    @TempDir
    Path dir;

    private static float[] read(TensorFile file, String name) throws IOException {
        return Corruption.read(file, name);
    }

    /**
     * Values of each type as IEEE 754 defines them: binary16 0x3C00 = 1, 0xC000 = -2, 0x7BFF = 65504 (the
     * largest), 0x0001 = 2^-24 (the smallest subnormal); bfloat16 is the top half of a binary32, 0x3F80 = 1,
     * 0xC040 = -3; binary64 0.1 rounds to the float32 0.1f.
     */
    @Test
    void readsEveryFloatingTypeAsTheStandardDefinesIt() throws IOException {
        ByteBuffer f16 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF).putShort((short) 0x0001);
        ByteBuffer bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3F80).putShort((short) 0xC040);
        ByteBuffer f64 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1);
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[16,24]},"
                + "\"c\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[24,28]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[28,36]},"
                + "\"e\":{\"dtype\":\"I64\",\"shape\":[0],\"data_offsets\":[36,36]}}";
        Path file = write(dir.resolve("types.safetensors"), header,
                concat(floats(1.5f, -2f, 3.25f, 0f), f16.array(), bf16.array(), f64.array()));
        try (TensorFile t = TensorFile.open(file)) {
            assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(t.tensors().keySet()));
            assertEquals(Map.of("format", "pt"), t.metadata());
            assertArrayEquals(new long[]{2, 2}, t.tensors().get("a").shape());
            assertArrayEquals(new float[]{1.5f, -2f, 3.25f, 0f}, read(t, "a"));
            assertArrayEquals(new float[]{1f, -2f, 65504f, (float) Math.pow(2, -24)}, read(t, "b"));
            assertArrayEquals(new float[]{1f, -3f}, read(t, "c"));
            assertArrayEquals(new float[]{0.1f}, read(t, "d"));
            assertEquals(1, t.tensors().get("d").elements(), "a scalar has one element");
            assertEquals(0, t.tensors().get("e").elements());
            float[] part = new float[2];
            t.readFloats("a", 1, part, 2);
            assertArrayEquals(new float[]{-2f, 3.25f}, part, "a range from the middle");
            WeightFormatException e = assertThrows(WeightFormatException.class, () -> t.readFloats("e", 0, part, 0));
            assertTrue(e.getMessage().contains("'e'") && e.getMessage().contains("I64"), e.getMessage());
        }
    }

    /**
     * Every binary16 value against IEEE 754's definition: (-1)^s x 2^(e - 15) x (1 + f / 1024) for exponents
     * 1..30, (-1)^s x 2^-14 x f / 1024 for exponent 0, infinity or NaN for 31.
     */
    @Test
    void everyHalfPrecisionValueConvertsExactly() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            int sign = bits >>> 15;
            int exponent = (bits >>> 10) & 0x1f;
            int fraction = bits & 0x3ff;
            double expected = exponent == 0 ? Math.pow(2, -14) * fraction / 1024.0
                    : exponent == 31 ? (fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : Math.pow(2, exponent - 15) * (1 + fraction / 1024.0);
            expected = sign == 1 ? -expected : expected;
            float actual = DType.halfToFloat((short) bits);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(actual), Integer.toHexString(bits));
            } else {
                assertEquals((float) expected, actual, 0f, Integer.toHexString(bits));
                assertEquals(sign == 1, (Float.floatToRawIntBits(actual) >>> 31) == 1, "sign of " + bits);
            }
        }
    }

    private void assertRefused(String header, byte[] data, String... expected) throws IOException {
        Path file = write(dir.resolve("bad.safetensors"), header, data);
        assertRefused(file, expected);
    }

    private static void assertRefused(Path file, String... expected) {
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TensorFile.open(file).close());
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "not an object | [1,2] | must be a JSON object",
            "broken JSON | {\"a\": | not a valid JSON object",
            "trailing tokens | {} x | not a valid JSON object",
            "duplicate name | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} | Duplicate field 'a'",
            "unknown dtype | {\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,4]}} | 'a': \"dtype\" must be one of",
            "negative dimension | {\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}} | 'a': \"shape\" must be an array of non-negative integers",
            "fractional dimension | {\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}} | 'a': \"shape\"",
            "one offset | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}} | 'a': \"data_offsets\" must be an array of 2",
            "begin after end | {\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}} | begin <= end <= 4",
            "end past the data | {\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} | begin <= end <= 4",
            "bytes not shape x size | {\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,4]}} | hold 4 bytes, but shape [3] of F32 needs 12",
            "overflowing shape | {\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}} | overflows a 64-bit byte count",
            "metadata not strings | {\"__metadata__\":{\"k\":1},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} | \"__metadata__\".k must be a string",
            "tensor not an object | {\"a\":[1]} | 'a': expected {"})
    void refusesHeadersTheReferenceRefuses(String what, String header, String expected) throws IOException {
        assertRefused(header, floats(1f), expected);
    }

    /** Order by (begin, end), as the reference does: an empty tensor at the offset where another starts. */
    @Test
    void readsAnEmptyTensorAtAnotherTensorsOffset() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[4,4]}}";
        try (TensorFile t = TensorFile.open(write(dir.resolve("empty.safetensors"), header, floats(1, 2)))) {
            assertArrayEquals(new float[]{2}, read(t, "c"));
            assertEquals(0, t.tensors().get("b").elements());
        }
    }

    @Test
    void refusesTensorsThatAreNotContiguousOrLeaveBytes() throws IOException {
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertRefused(gap, floats(1, 2, 3), "'b'", "starts at byte 8", "previous tensor ends at 4", "contiguous");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRefused(overlap, floats(1, 2, 3), "'b'", "must not overlap");
        String late = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertRefused(late, floats(1, 2), "'a'", "starts at byte 4");
        String one = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertRefused(one, floats(1, 2), "ends at byte 4", "8 bytes of data", "trailing bytes");
    }

    @Test
    void refusesHeaderLengthsThatDoNotFit() throws IOException {
        assertRefused(Files.write(dir.resolve("short.safetensors"), new byte[5]), "8-byte header length",
                "has 5 bytes");
        assertRefused(writeRaw(dir.resolve("huge.safetensors"), 100_000_001, "{}".getBytes(StandardCharsets.UTF_8)),
                "100000001", "2 to 100000000 bytes");
        assertRefused(writeRaw(dir.resolve("negative.safetensors"), -1, "{}".getBytes(StandardCharsets.UTF_8)),
                "18446744073709551615");
        assertRefused(writeRaw(dir.resolve("cut.safetensors"), 1000, "{}".getBytes(StandardCharsets.UTF_8)),
                "1000 bytes", "only 2 bytes follow", "truncated");
        assertRefused(writeRaw(dir.resolve("latin1.safetensors"), 2, new byte[]{'{', (byte) 0xE9}), "UTF-8");
        assertRefused(writeRaw(dir.resolve("brace.safetensors"), 2, new byte[]{' ', '{'}), "starting with '{'");
    }

    /** The writer's output read back, and read as plain JSON: 8-byte aligned, contiguous, F32, metadata. */
    @Test
    void writerOutputIsTheFormatAndReadsBack() throws IOException {
        Path file = dir.resolve("out.safetensors");
        float[] a = {1, 2, 3, 4, 5, 6};
        List<SafetensorsWriter.Tensor> tensors = List.of(
                new SafetensorsWriter.Tensor("layer.weight", new long[]{2, 3},
                        (from, out, count) -> System.arraycopy(a, (int) from, out, 0, count)),
                new SafetensorsWriter.Tensor("layer.bias", new long[]{1},
                        (from, out, count) -> out[0] = -1));
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data aligned to 8 bytes");
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertEquals("pt", header.get("__metadata__").get("format").asText());
        assertEquals("F32", header.get("layer.weight").get("dtype").asText());
        assertEquals("[0,24]", header.get("layer.weight").get("data_offsets").toString());
        assertEquals("[24,28]", header.get("layer.bias").get("data_offsets").toString());
        assertEquals(8 + headerLength + 28, bytes.length);
        try (TensorFile t = TensorFile.open(file)) {
            assertArrayEquals(a, read(t, "layer.weight"));
            assertArrayEquals(new float[]{-1}, read(t, "layer.bias"));
        }
        assertEquals(List.of(file), Files.list(dir).toList(), "no temporary file left");
    }

    @Test
    void aFailedWriteLeavesNothing() {
        Path file = dir.resolve("failed.safetensors");
        List<SafetensorsWriter.Tensor> tensors = List.of(new SafetensorsWriter.Tensor("w", new long[]{4},
                (from, out, count) -> {
                    throw new IOException("source failed");
                }));
        assertThrows(IOException.class, () -> SafetensorsWriter.write(file, tensors, Map.of()));
        assertFalse(Files.exists(file));
        assertEquals(0, dir.toFile().list().length, "no temporary file left");
    }

    /**
     * A fuzz run: random changes to a valid file (flipped bytes, a changed header length, truncation) must
     * give either a file that reads or a WeightFormatException, never another exception (a header length of
     * gigabytes would show as an OutOfMemoryError or NegativeArraySizeException here).
     */
    @Test
    void corruptedFilesFailCleanly() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[16,20]}}";
        byte[] valid = Files.readAllBytes(write(dir.resolve("valid.safetensors"), header,
                concat(floats(1, 2, 3, 4), new byte[]{0, 0x3C, 0, (byte) 0xC0})));
        Random random = new Random(7);
        Path file = dir.resolve("fuzz.safetensors");
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = valid.clone();
            switch (i % 3) {
                case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                case 1 -> bytes[random.nextInt(8)] = (byte) random.nextInt(256);
                default -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            if (Corruption.refused(file, bytes, WeightFormatException.class, "mutation " + i)) {
                refused++;
            }
        }
        assertTrue(refused > 1000, "most mutations are refused, got " + refused);
    }
}
