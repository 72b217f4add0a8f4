package io.cnnzoo.zoo.weights;

import io.cnnzoo.io.AtomicFiles;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes float32 tensors as a safetensors file (the format {@link SafetensorsFile} reads), in the order
 * given, with string metadata. The header is padded with spaces to a multiple of 8 bytes, so that every
 * tensor's data is aligned as the reference writer aligns it. The file is written to a temporary sibling,
 * flushed to disk and moved into place: a reader never sees half a file, and a failure leaves none.
 */
public final class SafetensorsWriter {

    /** Fills {@code out[0..count)} with elements {@code [from, from + count)} of a tensor, row-major. */
    @FunctionalInterface
    public interface FloatSource {
        void read(long from, float[] out, int count) throws IOException;
    }

    /** One tensor to write: name, PyTorch shape, and its values in row-major order. */
    public record Tensor(String name, long[] shape, FloatSource values) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    private static final int CHUNK = 1 << 20;

    private SafetensorsWriter() {
    }

    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.writeChannel(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            writeFully(out, length.flip());
            writeFully(out, ByteBuffer.wrap(header));
            float[] values = new float[CHUNK];
            ByteBuffer bytes = ByteBuffer.allocate(4 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                long n = t.elements();
                for (long from = 0; from < n; from += CHUNK) {
                    int count = (int) Math.min(CHUNK, n - from);
                    t.values().read(from, values, count);
                    bytes.clear();
                    bytes.asFloatBuffer().put(values, 0, count);
                    bytes.limit(4 * count);
                    writeFully(out, bytes);
                }
            }
        });
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes. */
    private static byte[] header(List<Tensor> tensors, Map<String, String> metadata) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsFile.METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            if (root.has(t.name()) || t.name().equals(SafetensorsFile.METADATA)) {
                throw new IllegalArgumentException("tensor name '" + t.name() + "' appears twice or is reserved");
            }
            ObjectNode entry = root.putObject(t.name());
            entry.put("dtype", DType.F32.name());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = Math.addExact(offset, Math.multiplyExact(4, t.elements()));
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        java.util.Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
