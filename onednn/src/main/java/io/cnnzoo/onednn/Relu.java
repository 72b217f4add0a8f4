package io.cnnzoo.onednn;

import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;

/**
 * max(x, 0) and its gradient over {@code length} contiguous floats. ReLU is element-wise, so every
 * tensor of that many elements shares these primitives whatever its shape.
 */
final class Relu {

    private final dnnl_memory src;
    private final dnnl_memory dst;
    private final dnnl_memory diffDst;
    private final dnnl_memory diffSrc;
    private final dnnl_primitive_desc forwardDesc;
    private final Execution forward;
    private final dnnl_memory_desc_t data;
    private Execution backward;

    Relu(long length) {
        data = Dnnl.desc(dnnl_a, length);
        src = Dnnl.memory(data);
        dst = Dnnl.memory(data);
        diffDst = Dnnl.memory(data);
        diffSrc = Dnnl.memory(data);
        dnnl_eltwise_desc_t op = new dnnl_eltwise_desc_t();
        Dnnl.check(dnnl_eltwise_forward_desc_init(op, dnnl_forward_training, dnnl_eltwise_relu, data, 0f, 0f),
                "describing ReLU");
        forwardDesc = Dnnl.primitiveDesc(op, null, "creating ReLU");
        forward = new Execution("ReLU forward", forwardDesc, DNNL_ARG_SRC, src, DNNL_ARG_DST, dst);
    }

    /** dst = max(src, 0); dst may be src. */
    void forward(long srcAddress, long dstAddress) {
        Dnnl.bind(src, srcAddress);
        Dnnl.bind(dst, dstAddress);
        forward.run();
    }

    /** diffSrc = diffDst where src > 0, else 0; diffSrc may be src or diffDst. */
    void backward(long srcAddress, long diffDstAddress, long diffSrcAddress) {
        if (backward == null) {
            dnnl_eltwise_desc_t op = new dnnl_eltwise_desc_t();
            Dnnl.check(dnnl_eltwise_backward_desc_init(op, dnnl_eltwise_relu, data, data, 0f, 0f),
                    "describing ReLU's backward pass");
            backward = new Execution("ReLU backward", Dnnl.primitiveDesc(op, forwardDesc, "creating ReLU's backward pass"),
                    DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, diffSrc);
        }
        Dnnl.bind(src, srcAddress);
        Dnnl.bind(diffDst, diffDstAddress);
        Dnnl.bind(diffSrc, diffSrcAddress);
        backward.run();
    }
}
