package io.cnnzoo.bench.jmh;

import java.util.Locale;

/**
 * A spatial layer's shape parameter: "CxHxW/N" (the input: C channels, H x W maps, batch N), optionally
 * followed by ":C'/kK/sS/pP" (output channels, square kernel, stride, padding), e.g.
 * "3x224x224/16:64/k7/s2/p3" for ResNet's stem. Without the suffix: C' = C, 3x3, stride 1, padding 1.
 */
record LayerShape(MapShape input, int outChannels, int kernel, int stride, int padding) {

    static LayerShape parse(String text) {
        String[] parts = text.split(":");
        MapShape in = MapShape.parse(parts[0]);
        if (parts.length == 1) {
            return new LayerShape(in, in.channels(), 3, 1, 1);
        }
        String[] f = parts[1].split("/");
        if (parts.length != 2 || f.length != 4 || !f[1].startsWith("k") || !f[2].startsWith("s")
                || !f[3].startsWith("p")) {
            throw new IllegalArgumentException("a layer shape is CxHxW/N or CxHxW/N:C'/kK/sS/pP (e.g. "
                    + "3x224x224/16:64/k7/s2/p3), got '" + text + "'");
        }
        return new LayerShape(in, Integer.parseInt(f[0]), Integer.parseInt(f[1].substring(1)),
                Integer.parseInt(f[2].substring(1)), Integer.parseInt(f[3].substring(1)));
    }

    int outHeight() {
        return (input.height() + 2 * padding - kernel) / stride + 1;
    }

    int outWidth() {
        return (input.width() + 2 * padding - kernel) / stride + 1;
    }

    long inputSize() {
        return (long) input.batch() * input.channels() * input.height() * input.width();
    }

    long outputSize() {
        return (long) input.batch() * outChannels * outHeight() * outWidth();
    }

    /** Multiply-adds of a convolution with this shape, times 2. */
    long convolutionFlop() {
        return 2L * input.batch() * outChannels * outHeight() * outWidth() * input.channels() * kernel * kernel;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s:%d/k%d/s%d/p%d", input, outChannels, kernel, stride, padding);
    }
}
