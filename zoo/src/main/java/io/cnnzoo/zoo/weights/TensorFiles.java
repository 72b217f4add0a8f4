package io.cnnzoo.zoo.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Recognises a weights file by its first bytes. */
final class TensorFiles {

    /** The most elements a reader converts at once: its byte buffer stays within 8 MB whatever is asked. */
    static final int PIECE = 1 << 20;

    /**
     * How torch.save's legacy (pre-1.6, non-zip) format starts: a protocol-2 pickle of its magic number
     * 0x1950a86a20f9469cfc6c as a 10-byte LONG1.
     */
    private static final byte[] LEGACY_PTH = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c,
            0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

    private TensorFiles() {
    }

    static TensorFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no weights file here");
        }
        byte[] magic = new byte[LEGACY_PTH.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(magic, 0, magic.length);
        }
        if (n >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return PthFile.open(file);
        }
        if (n == LEGACY_PTH.length && java.util.Arrays.equals(magic, LEGACY_PTH)) {
            return PthFile.open(file);
        }
        return SafetensorsFile.open(file);
    }

    /**
     * The tensor a {@link TensorFile#readFloats} call reads, after checking the call: a known name, a floating
     * type, and a range inside the tensor and {@code out}.
     */
    static TensorInfo checkRead(TensorFile file, String name, long from, float[] out, int count)
            throws WeightFormatException {
        TensorInfo info = file.tensors().get(name);
        if (info == null) {
            throw new IllegalArgumentException(file.path() + " has no tensor named '" + name + "'");
        }
        if (!info.dtype().isFloating()) {
            throw new WeightFormatException(file.path(), name, "is " + info.dtype() + "; only F64, F32, F16 and BF16 "
                    + "tensors convert to the float32 weights of a graph");
        }
        if (from < 0 || count < 0 || from + count > info.elements() || count > out.length) {
            throw new IndexOutOfBoundsException("elements [" + from + ", " + (from + count) + ") of " + info
                    + " into an array of " + out.length);
        }
        return info;
    }
}
