package io.cnnzoo.zoo.imagenet;

/**
 * Bilinear resampling as PIL's {@code Image.resize(..., BILINEAR)} computes it (and so torchvision's
 * {@code Resize} on PIL images): separable, a triangle filter of radius 1 output pixel, widened to the scale
 * factor when shrinking (which is what makes it antialiased), pixel centres at half-integers, each pass
 * rounded to 8 bits as PIL stores it.
 */
final class Resampling {

    private Resampling() {
    }

    /** {@code plane} (w x h, values 0..255) resized to {@code outW} x {@code outH}. */
    static float[] resize(float[] plane, int w, int h, int outW, int outH) {
        if (w == outW && h == outH) {
            return plane;
        }
        float[] horizontal = new float[outW * h];
        pass(plane, w, h, outW, true, horizontal);
        float[] vertical = new float[outW * outH];
        pass(horizontal, outW, h, outH, false, vertical);
        return vertical;
    }

    /** One direction: along rows ({@code alongX}) from {@code inSize} to {@code outSize} pixels. */
    private static void pass(float[] in, int w, int h, int outSize, boolean alongX, float[] out) {
        int inSize = alongX ? w : h;
        int lines = alongX ? h : w;
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale; // the triangle's radius is 1, in input pixels times the filter scale
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int first = Math.max(0, (int) (center - support + 0.5));
            int last = Math.min(inSize, (int) (center + support + 0.5));
            double[] weights = new double[last - first];
            double total = 0;
            for (int i = first; i < last; i++) {
                double wgt = Math.max(0, 1 - Math.abs((i - center + 0.5) / filterScale));
                weights[i - first] = wgt;
                total += wgt;
            }
            for (int line = 0; line < lines; line++) {
                double sum = 0;
                for (int i = first; i < last; i++) {
                    int index = alongX ? line * w + i : i * w + line;
                    sum += weights[i - first] * in[index];
                }
                float value = (float) Math.min(255, Math.max(0, Math.round(sum / total)));
                out[alongX ? line * outSize + o : o * w + line] = value;
            }
        }
    }
}
