package io.cnnzoo.onednn;

import org.deeplearning4j.nn.conf.ConvolutionMode;

import static org.bytedeco.dnnl.global.dnnl.dnnl_goihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;

/**
 * Everything that fixes a 2D convolution's primitives: input N x C x H x W, K filters of kh x kw in
 * {@code groups} groups (each filter sees C / groups channels), strides, padding (left/top and
 * right/bottom), dilation (oneDNN counts it from 0), output size, whether a bias takes part, and whether
 * DL4J lays the activations out channels last (NHWC).
 */
record ConvolutionGeometry(long n, long c, long h, long w, long k, long kh, long kw, long sh, long sw,
                           long padTop, long padLeft, long padBottom, long padRight, long dh, long dw,
                           long oh, long ow, boolean bias, boolean channelsLast, long groups) {

    /**
     * The geometry DL4J's layer asks for, or null when it has no output. A truncating convolution whose
     * windows skip the last rows (a 1x1 stride-2 projection of an even-sized map) gets negative bottom
     * and right padding, which oneDNN accepts.
     *
     * @param input        the input's shape, NCHW or NHWC as {@code channelsLast} says
     * @param weights      the weights' shape, [K, C / groups, kh, kw]
     * @param pad          DL4J's padding: top and left (in Same mode, as DL4J computed them)
     */
    static ConvolutionGeometry of(long[] input, long[] weights, int[] strides, int[] pad, int[] dilation,
                                  ConvolutionMode mode, boolean bias, boolean channelsLast, int groups) {
        long c = channelsLast ? input[3] : input[1];
        long h = channelsLast ? input[1] : input[2];
        long w = channelsLast ? input[2] : input[3];
        long kh = weights[2];
        long kw = weights[3];
        long effectiveKh = (kh - 1) * dilation[0] + 1;
        long effectiveKw = (kw - 1) * dilation[1] + 1;
        long oh;
        long ow;
        if (mode == ConvolutionMode.Same) {
            oh = (h + strides[0] - 1) / strides[0];
            ow = (w + strides[1] - 1) / strides[1];
        } else {
            oh = (h + 2L * pad[0] - effectiveKh) / strides[0] + 1;
            ow = (w + 2L * pad[1] - effectiveKw) / strides[1] + 1;
        }
        long padBottom = (oh - 1) * strides[0] + effectiveKh - h - pad[0];
        long padRight = (ow - 1) * strides[1] + effectiveKw - w - pad[1];
        if (oh < 1 || ow < 1) {
            return null;
        }
        return new ConvolutionGeometry(input[0], c, h, w, weights[0], kh, kw, strides[0], strides[1],
                pad[0], pad[1], padBottom, padRight, dilation[0] - 1L, dilation[1] - 1L, oh, ow, bias, channelsLast,
                groups);
    }

    /** Input dimensions in oneDNN's order (N, C, H, W), whatever the memory layout. */
    long[] src() {
        return new long[]{n, c, h, w};
    }

    /** The input's shape as DL4J holds it. */
    long[] srcShape() {
        return channelsLast ? new long[]{n, h, w, c} : src();
    }

    /** The output's shape as DL4J holds it. */
    long[] dstShape() {
        return channelsLast ? new long[]{n, oh, ow, k} : dst();
    }

    /** oneDNN's weight dimensions: (K, C, kh, kw), or (groups, K / groups, C / groups, kh, kw). */
    long[] weights() {
        return groups == 1 ? new long[]{k, c, kh, kw} : new long[]{groups, k / groups, c / groups, kh, kw};
    }

    /** The layout of DL4J's weights [K, C / groups, kh, kw] (c order) in oneDNN's terms: oihw or goihw. */
    int weightsTag() {
        return groups == 1 ? dnnl_oihw : dnnl_goihw;
    }

    long[] dst() {
        return new long[]{n, k, oh, ow};
    }

    long[] strides() {
        return new long[]{sh, sw};
    }

    long[] dilation() {
        return new long[]{dh, dw};
    }

    long[] padTopLeft() {
        return new long[]{padTop, padLeft};
    }

    long[] padBottomRight() {
        return new long[]{padBottom, padRight};
    }

    /** Multiply-adds of the forward pass. */
    long macs() {
        return n * k * oh * ow * (c / groups) * kh * kw;
    }
}
