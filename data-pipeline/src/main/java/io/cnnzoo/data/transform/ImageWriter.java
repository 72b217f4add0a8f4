package io.cnnzoo.data.transform;

/**
 * Writes one image of bytes into a float batch: crop, flip and value map in a single pass (see
 * {@link Placement} for the geometry, {@link PixelMap} for the values). Padding is zero in the output,
 * that is after the value map: black for [0, 1] scaling, the mean for mean subtraction (He et al. 2016
 * subtract the per-pixel mean, then pad with zeros).
 *
 * <p>Each output row is three runs: padding on the left, the source row (read forwards, or backwards when
 * flipped), padding on the right. The run bounds are computed once per row, so the inner loops carry no
 * per-pixel bounds tests and allocate nothing.
 */
public final class ImageWriter {

    private ImageWriter() {
    }

    /**
     * Writes image {@code [sourceOffset, sourceOffset + C*H*W)} of {@code source} (NCHW bytes) to
     * {@code dest} at {@code destOffset}, as C x H x W floats, or H x W x C when {@code channelsLast}.
     */
    public static void write(byte[] source, int sourceOffset, Placement placement, PixelMap map,
                             float[] dest, int destOffset, boolean channelsLast) {
        int channels = map.channels();
        int height = map.height();
        int width = map.width();
        float[] offset = map.offset();
        // Output strides: NCHW (channel H*W, row W, column 1) or NHWC (channel 1, row W*C, column C).
        int channelStride = channelsLast ? 1 : height * width;
        int rowStride = channelsLast ? width * channels : width;
        int colStride = channelsLast ? channels : 1;
        int shift = placement.colShift();
        // Output columns whose source column lies inside the image: source x = (flip ? W-1-x : x) + shift.
        int first = placement.flip() ? Math.max(0, shift) : Math.max(0, -shift);
        int end = placement.flip() ? Math.min(width, width + shift) : Math.min(width, width - shift);
        if (end < first) {
            end = first; // the crop lies wholly in the padding (only when the shift is at least W)
        }
        for (int c = 0; c < channels; c++) {
            float scale = map.scale()[c];
            for (int y = 0; y < height; y++) {
                int out = destOffset + c * channelStride + y * rowStride;
                int sourceRow = y + placement.rowShift();
                if (sourceRow < 0 || sourceRow >= height) {
                    fill(dest, out, 0, width, colStride);
                    continue;
                }
                fill(dest, out, 0, first, colStride);
                int row = (c * height + sourceRow) * width; // the row's start within an image
                int in = sourceOffset + row;
                if (!placement.flip()) {
                    int s = shift; // source column = x + s
                    if (colStride == 1) {
                        for (int x = first; x < end; x++) {
                            dest[out + x] = (source[in + x + s] & 0xFF) * scale + offset[row + x + s];
                        }
                    } else {
                        for (int x = first; x < end; x++) {
                            dest[out + x * colStride] = (source[in + x + s] & 0xFF) * scale + offset[row + x + s];
                        }
                    }
                } else {
                    int s = width - 1 + shift; // source column = s - x
                    for (int x = first; x < end; x++) {
                        dest[out + x * colStride] = (source[in + s - x] & 0xFF) * scale + offset[row + s - x];
                    }
                }
                fill(dest, out, end, width, colStride);
            }
        }
    }

    private static void fill(float[] dest, int out, int from, int to, int colStride) {
        for (int x = from; x < to; x++) {
            dest[out + x * colStride] = 0f;
        }
    }
}
