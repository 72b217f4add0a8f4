package io.cnnzoo.onednn;

import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;

import java.util.Arrays;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nChw16c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_global_stats;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;

/**
 * Batch normalisation of an N x C x H x W tensor, laid out NCHW or NHWC as DL4J holds it: training
 * forward (computing the batch mean and biased variance, as DL4J does), inference forward (with
 * running statistics) and backward (input, gamma and beta gradients).
 *
 * <p>For NCHW with a multiple of 16 channels the primitives run on oneDNN's blocked nChw16c layout and
 * {@link Tensor} reorders at the edges: oneDNN 2.5 has only a slow generic kernel for plain NCHW
 * ({@code ncsp_bnorm}), and its JIT kernel plus the reorders cost less (docs/performance.md). NHWC runs
 * as it is (JIT kernel, no reorders).
 */
final class BatchNorm {

    private static final int SCALE_SHIFT = dnnl_use_scale | dnnl_use_shift;

    private final long[] dims;
    private final float eps;
    private final dnnl_memory_desc_t data;
    private final Tensor x;
    private final Tensor y;
    private final dnnl_memory scale;
    private final dnnl_memory shift;
    private final dnnl_memory mean;
    private final dnnl_memory variance;
    private final Tensor diffY;
    private final Tensor diffX;
    private final dnnl_memory diffScale;
    private final dnnl_memory diffShift;
    private final dnnl_primitive_desc trainingDesc;
    private final Execution training;
    private Execution inference;
    private Execution backward;

    BatchNorm(long n, long c, long h, long w, float eps, boolean channelsLast) {
        this.dims = new long[]{n, c, h, w};
        this.eps = eps;
        dnnl_memory_desc_t plain = Dnnl.desc(channelsLast ? dnnl_nhwc : dnnl_nchw, dims);
        this.data = !channelsLast && c % 16 == 0 ? Dnnl.desc(dnnl_nChw16c, dims) : plain;
        dnnl_memory_desc_t channels = Dnnl.desc(dnnl_x, c);
        x = new Tensor("batch normalisation input", plain, data, ScratchMemory.Slot.SRC);
        y = new Tensor("batch normalisation output", plain, data, ScratchMemory.Slot.DST);
        diffY = new Tensor("batch normalisation output gradient", plain, data, ScratchMemory.Slot.DIFF_DST);
        diffX = new Tensor("batch normalisation input gradient", plain, data, ScratchMemory.Slot.DIFF_SRC);
        scale = Dnnl.memory(channels);
        shift = Dnnl.memory(channels);
        mean = Dnnl.memory(channels);
        variance = Dnnl.memory(channels);
        diffScale = Dnnl.memory(channels);
        diffShift = Dnnl.memory(channels);
        trainingDesc = forwardDesc(dnnl_forward_training, SCALE_SHIFT);
        training = new Execution("batch normalisation forward (training)", trainingDesc, DNNL_ARG_SRC, x.memory,
                DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift, DNNL_ARG_DST, y.memory, DNNL_ARG_MEAN, mean,
                DNNL_ARG_VARIANCE, variance);
    }

    /** y = gamma (x - mean) / sqrt(var + eps) + beta with the batch's mean and variance, written out. */
    void forwardTraining(long xAddress, long gammaAddress, long betaAddress, long yAddress, long meanAddress,
                         long varianceAddress) {
        bind(xAddress, gammaAddress, betaAddress, meanAddress, varianceAddress);
        y.output(yAddress);
        training.run();
        y.finishOutput();
    }

    /** The same with given (running) mean and variance. */
    void forwardInference(long xAddress, long gammaAddress, long betaAddress, long meanAddress, long varianceAddress,
                          long yAddress) {
        if (inference == null) {
            inference = new Execution("batch normalisation forward (inference)",
                    forwardDesc(dnnl_forward_inference, SCALE_SHIFT | dnnl_use_global_stats), DNNL_ARG_SRC, x.memory,
                    DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift,
                    DNNL_ARG_DST, y.memory);
        }
        bind(xAddress, gammaAddress, betaAddress, meanAddress, varianceAddress);
        y.output(yAddress);
        inference.run();
        y.finishOutput();
    }

    /** Gradients of x, gamma and beta, given the batch statistics of the training forward pass. */
    void backward(long xAddress, long diffYAddress, long meanAddress, long varianceAddress, long gammaAddress,
                  long betaAddress, long diffXAddress, long diffGammaAddress, long diffBetaAddress) {
        if (backward == null) {
            dnnl_batch_normalization_desc_t op = new dnnl_batch_normalization_desc_t();
            Dnnl.check(dnnl_batch_normalization_backward_desc_init(op, dnnl_backward, data, data, eps, SCALE_SHIFT),
                    "describing batch normalisation's backward pass");
            backward = new Execution("batch normalisation backward",
                    Dnnl.primitiveDesc(op, trainingDesc, "creating batch normalisation's backward pass"),
                    DNNL_ARG_SRC, x.memory, DNNL_ARG_DIFF_DST, diffY.memory, DNNL_ARG_MEAN, mean,
                    DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift, DNNL_ARG_DIFF_SRC,
                    diffX.memory, DNNL_ARG_DIFF_SCALE, diffScale, DNNL_ARG_DIFF_SHIFT, diffShift);
        }
        x.input(xAddress);
        diffY.input(diffYAddress);
        Dnnl.bind(mean, meanAddress);
        Dnnl.bind(variance, varianceAddress);
        Dnnl.bind(scale, gammaAddress);
        Dnnl.bind(shift, betaAddress); // unused by the computation, but oneDNN 2.5 requires it with use_shift
        diffX.output(diffXAddress);
        Dnnl.bind(diffScale, diffGammaAddress);
        Dnnl.bind(diffShift, diffBetaAddress);
        backward.run();
        diffX.finishOutput();
    }

    private void bind(long xAddress, long gammaAddress, long betaAddress, long meanAddress, long varianceAddress) {
        x.input(xAddress);
        Dnnl.bind(scale, gammaAddress);
        Dnnl.bind(shift, betaAddress);
        Dnnl.bind(mean, meanAddress);
        Dnnl.bind(variance, varianceAddress);
    }

    private dnnl_primitive_desc forwardDesc(int kind, int flags) {
        dnnl_batch_normalization_desc_t op = new dnnl_batch_normalization_desc_t();
        Dnnl.check(dnnl_batch_normalization_forward_desc_init(op, kind, data, eps, flags),
                "describing batch normalisation " + Arrays.toString(dims));
        return Dnnl.primitiveDesc(op, null, "creating batch normalisation " + Arrays.toString(dims));
    }
}
