package io.cnnzoo.onednn;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;

/**
 * The forward, backward-data and backward-weights primitives of one convolution geometry.
 *
 * <p>They use the direct algorithm (oneDNN's "auto" picks Winograd for some backward passes, which was
 * 10-40x slower here) and let oneDNN choose the tensor layouts; {@link Tensor} converts from and to
 * DL4J's NCHW (or NHWC) and OIHW arrays when they differ. For NHWC activations oneDNN usually keeps
 * NHWC, and nothing but the weights is converted. The backward primitives are created on first use, so inference-only layers
 * never build them.
 */
final class Convolution {

    private final ConvolutionGeometry g;
    private final dnnl_primitive_desc forwardDesc;
    private final Tensor src;
    private final Tensor weights;
    private final dnnl_memory bias;
    private final Tensor dst;
    private final Execution forward;
    private Backward backward;

    Convolution(ConvolutionGeometry g) {
        this.g = g;
        dnnl_memory_desc_t biasDesc = g.bias() ? Dnnl.desc(dnnl_x, g.k()) : null;
        dnnl_convolution_desc_t op = new dnnl_convolution_desc_t();
        Dnnl.check(dnnl_dilated_convolution_forward_desc_init(op, dnnl_forward_training, dnnl_convolution_direct,
                any(g.src()), any(g.weights()), biasDesc, any(g.dst()), g.strides(), g.dilation(), g.padTopLeft(),
                g.padBottomRight()), "describing a convolution " + g);
        forwardDesc = Dnnl.primitiveDesc(op, null, "creating a convolution " + g);
        src = new Tensor("convolution input", plain(g.src()), Dnnl.query(forwardDesc, dnnl_query_src_md),
                ScratchMemory.Slot.SRC);
        weights = new Tensor("convolution weights", Dnnl.desc(g.weightsTag(), g.weights()),
                Dnnl.query(forwardDesc, dnnl_query_weights_md), ScratchMemory.Slot.WEIGHTS);
        dst = new Tensor("convolution output", plain(g.dst()), Dnnl.query(forwardDesc, dnnl_query_dst_md),
                ScratchMemory.Slot.DST);
        bias = g.bias() ? Dnnl.memory(biasDesc) : null;
        forward = g.bias()
                ? new Execution("convolution forward", forwardDesc, DNNL_ARG_SRC, src.memory, DNNL_ARG_WEIGHTS,
                weights.memory, DNNL_ARG_BIAS, bias, DNNL_ARG_DST, dst.memory)
                : new Execution("convolution forward", forwardDesc, DNNL_ARG_SRC, src.memory, DNNL_ARG_WEIGHTS,
                weights.memory, DNNL_ARG_DST, dst.memory);
    }

    String implementation() {
        return Dnnl.implementation(forwardDesc);
    }

    /** dst = conv(src, weights) + bias; addresses of contiguous float arrays (bias 0 when there is none). */
    void forward(long srcAddress, long weightsAddress, long biasAddress, long dstAddress) {
        src.input(srcAddress);
        weights.input(weightsAddress);
        if (bias != null) {
            Dnnl.bind(bias, biasAddress);
        }
        dst.output(dstAddress);
        forward.run();
        dst.finishOutput();
    }

    /**
     * Gradients of the input ({@code diffSrc}), weights and bias (if the geometry has one) from the
     * gradient of the output, {@code diffDst}.
     */
    void backward(long srcAddress, long weightsAddress, long diffDstAddress, long diffSrcAddress,
                  long diffWeightsAddress, long diffBiasAddress) {
        if (backward == null) {
            backward = new Backward();
        }
        backward.run(srcAddress, weightsAddress, diffDstAddress, diffSrcAddress, diffWeightsAddress, diffBiasAddress);
    }

    private final class Backward {

        private final Tensor diffDst;
        private final Tensor weightsForData;
        private final Tensor diffSrc;
        private final Execution data;
        private final Tensor srcForWeights;
        private final Tensor diffDstForWeights;
        private final Tensor diffWeights;
        private final dnnl_memory diffBias;
        private final Execution weightsGradient;
        private final boolean shareDiffDst;

        Backward() {
            dnnl_convolution_desc_t dataOp = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl_dilated_convolution_backward_data_desc_init(dataOp, dnnl_convolution_direct, any(g.src()),
                    any(g.weights()), any(g.dst()), g.strides(), g.dilation(), g.padTopLeft(), g.padBottomRight()),
                    "describing a convolution's backward-data pass " + g);
            dnnl_primitive_desc dataDesc = Dnnl.primitiveDesc(dataOp, forwardDesc,
                    "creating a convolution's backward-data pass " + g);
            diffDst = new Tensor("output gradient", plain(g.dst()), Dnnl.query(dataDesc, dnnl_query_diff_dst_md),
                    ScratchMemory.Slot.DIFF_DST);
            weightsForData = new Tensor("convolution weights", Dnnl.desc(g.weightsTag(), g.weights()),
                    Dnnl.query(dataDesc, dnnl_query_weights_md), ScratchMemory.Slot.BACKWARD_WEIGHTS);
            diffSrc = new Tensor("input gradient", plain(g.src()), Dnnl.query(dataDesc, dnnl_query_diff_src_md),
                    ScratchMemory.Slot.DIFF_SRC);
            data = new Execution("convolution backward-data", dataDesc, DNNL_ARG_DIFF_DST, diffDst.memory,
                    DNNL_ARG_WEIGHTS, weightsForData.memory, DNNL_ARG_DIFF_SRC, diffSrc.memory);

            dnnl_memory_desc_t biasDesc = g.bias() ? Dnnl.desc(dnnl_x, g.k()) : null;
            dnnl_convolution_desc_t weightsOp = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl_dilated_convolution_backward_weights_desc_init(weightsOp, dnnl_convolution_direct,
                    any(g.src()), any(g.weights()), biasDesc, any(g.dst()), g.strides(), g.dilation(), g.padTopLeft(),
                    g.padBottomRight()), "describing a convolution's backward-weights pass " + g);
            dnnl_primitive_desc weightsDesc = Dnnl.primitiveDesc(weightsOp, forwardDesc,
                    "creating a convolution's backward-weights pass " + g);
            srcForWeights = new Tensor("convolution input", plain(g.src()), Dnnl.query(weightsDesc, dnnl_query_src_md),
                    ScratchMemory.Slot.BACKWARD_SRC);
            dnnl_memory_desc_t diffDstDesc = Dnnl.query(weightsDesc, dnnl_query_diff_dst_md);
            shareDiffDst = Dnnl.same(diffDstDesc, Dnnl.query(dataDesc, dnnl_query_diff_dst_md));
            diffDstForWeights = new Tensor("output gradient", plain(g.dst()), diffDstDesc, ScratchMemory.Slot.DST);
            diffWeights = new Tensor("weight gradient", Dnnl.desc(g.weightsTag(), g.weights()),
                    Dnnl.query(weightsDesc, dnnl_query_diff_weights_md), ScratchMemory.Slot.DIFF_WEIGHTS);
            diffBias = g.bias() ? Dnnl.memory(biasDesc) : null;
            weightsGradient = g.bias()
                    ? new Execution("convolution backward-weights", weightsDesc, DNNL_ARG_SRC, srcForWeights.memory,
                    DNNL_ARG_DIFF_DST, diffDstForWeights.memory, DNNL_ARG_DIFF_WEIGHTS, diffWeights.memory,
                    DNNL_ARG_DIFF_BIAS, diffBias)
                    : new Execution("convolution backward-weights", weightsDesc, DNNL_ARG_SRC, srcForWeights.memory,
                    DNNL_ARG_DIFF_DST, diffDstForWeights.memory, DNNL_ARG_DIFF_WEIGHTS, diffWeights.memory);
        }

        void run(long srcAddress, long weightsAddress, long diffDstAddress, long diffSrcAddress,
                 long diffWeightsAddress, long diffBiasAddress) {
            diffDst.input(diffDstAddress);
            weightsForData.input(weightsAddress);
            diffSrc.output(diffSrcAddress);
            data.run();
            diffSrc.finishOutput();

            srcForWeights.input(srcAddress);
            if (shareDiffDst && diffDst.reorders()) {
                diffDstForWeights.sameAs(diffDst); // already converted for the backward-data pass
            } else {
                diffDstForWeights.input(diffDstAddress);
            }
            diffWeights.output(diffWeightsAddress);
            if (diffBias != null) {
                Dnnl.bind(diffBias, diffBiasAddress);
            }
            weightsGradient.run();
            diffWeights.finishOutput();
        }
    }

    private static dnnl_memory_desc_t any(long[] dims) {
        return Dnnl.desc(dnnl_format_tag_any, dims);
    }

    /** An activation tensor as DL4J holds it: NCHW or NHWC. */
    private dnnl_memory_desc_t plain(long[] dims) {
        return Dnnl.desc(g.channelsLast() ? dnnl_nhwc : dnnl_nchw, dims);
    }
}
