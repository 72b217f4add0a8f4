package io.cnnzoo.onednn;

import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

/**
 * One tensor argument of a primitive. DL4J holds it in a plain layout (NCHW, OIHW); the primitive may
 * have chosen a blocked one (nChw16c, ...) for speed. When they differ, the tensor lives in a
 * {@link ScratchMemory} slot in the primitive's layout, and reorders copy it in from or out to the
 * caller's array; when they agree, the primitive works on the caller's array directly.
 */
final class Tensor {

    /** The memory object to pass to the primitive. */
    final dnnl_memory memory;
    private final dnnl_memory plain;
    private final Execution toPrimitive;
    private final Execution toPlain;
    private final ScratchMemory.Slot slot;
    private final long bytes;

    Tensor(String name, dnnl_memory_desc_t plainDesc, dnnl_memory_desc_t primitiveDesc, ScratchMemory.Slot slot) {
        this.memory = Dnnl.memory(primitiveDesc);
        this.slot = slot;
        this.bytes = Dnnl.bytes(primitiveDesc);
        if (Dnnl.same(plainDesc, primitiveDesc)) {
            this.plain = null;
            this.toPrimitive = null;
            this.toPlain = null;
        } else {
            this.plain = Dnnl.memory(plainDesc);
            this.toPrimitive = new Execution("reorder of " + name, Dnnl.reorderDesc(plainDesc, primitiveDesc),
                    DNNL_ARG_FROM, plain, DNNL_ARG_TO, memory);
            this.toPlain = new Execution("reorder of " + name, Dnnl.reorderDesc(primitiveDesc, plainDesc),
                    DNNL_ARG_FROM, memory, DNNL_ARG_TO, plain);
        }
    }

    boolean reorders() {
        return plain != null;
    }

    /** Makes the caller's data at {@code address} the primitive's input, converting its layout if needed. */
    void input(long address) {
        if (plain == null) {
            Dnnl.bind(memory, address);
        } else {
            Dnnl.bind(plain, address);
            Dnnl.bind(memory, ScratchMemory.current().address(slot, bytes));
            toPrimitive.run();
        }
    }

    /** Uses this tensor's current contents again, as already converted by {@link #input} of {@code other}. */
    void sameAs(Tensor other) {
        Dnnl.bind(memory, ScratchMemory.current().address(other.slot, other.bytes));
    }

    /** Points the primitive's output at the caller's array, or at scratch memory to be copied out. */
    void output(long address) {
        if (plain == null) {
            Dnnl.bind(memory, address);
        } else {
            Dnnl.bind(plain, address);
            Dnnl.bind(memory, ScratchMemory.current().address(slot, bytes));
        }
    }

    /** After the primitive ran: copies its output into the caller's array if the layouts differ. */
    void finishOutput() {
        if (toPlain != null) {
            toPlain.run();
        }
    }
}
