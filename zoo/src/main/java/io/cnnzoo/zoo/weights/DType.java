package io.cnnzoo.zoo.weights;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The element types of safetensors files (its {@code dtype} names) and of PyTorch storages. The floating
 * types convert to float32, the only type zoo graphs hold; integer tensors (BN's {@code num_batches_tracked})
 * are listed but never loaded into a graph.
 */
public enum DType {
    F64(8, true), F32(4, true), F16(2, true), BF16(2, true),
    I64(8, false), I32(4, false), I16(2, false), I8(1, false), U8(1, false), BOOL(1, false);

    private final int size;
    private final boolean floating;

    DType(int size, boolean floating) {
        this.size = size;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether the values convert to float32 (F64, F32, F16, BF16). */
    public boolean isFloating() {
        return floating;
    }

    /** The type of a safetensors {@code dtype} string, or null if it is not one this reader knows. */
    static DType ofSafetensorsName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Reads {@code count} elements from {@code bytes} (little endian, at its position) as float32 into
     * {@code out[0..count)}; the buffer's position advances past them.
     */
    void readFloats(ByteBuffer bytes, float[] out, int count) {
        switch (this) {
            case F32 -> bytes.asFloatBuffer().get(out, 0, count);
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) bytes.getDouble(bytes.position() + 8 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = halfToFloat(bytes.getShort(bytes.position() + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Float.intBitsToFloat((bytes.getShort(bytes.position() + 2 * i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException(this + " does not convert to float32");
        }
        bytes.position(bytes.position() + count * size);
    }

    /**
     * IEEE 754 binary16 to binary32: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits; exponent 0
     * holds zeros and subnormals (fraction x 2^-24), exponent 31 infinities and NaNs. (Java 20's
     * {@code Float.float16ToFloat}; cnnzoo runs on 17.)
     */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (fraction << 13));
        }
        if (exponent == 0) {
            float magnitude = fraction * 0x1p-24f; // exact: at most 10 significant bits
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (fraction << 13));
    }
}
