package io.cnnzoo.onednn;

import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;

/**
 * A primitive with its argument list built once: the memory objects stay, only their data pointers
 * change between calls. Its scratchpad comes from {@link ScratchMemory}.
 */
final class Execution {

    private final dnnl_primitive primitive;
    private final dnnl_exec_arg_t args;
    private final int count;
    private final dnnl_memory scratchpad;
    private final long scratchpadBytes;
    private final String name;

    /** {@code arguments}: pairs of DNNL_ARG_* and the dnnl_memory bound to it. */
    Execution(String name, dnnl_primitive_desc desc, Object... arguments) {
        this.name = name;
        this.primitive = Dnnl.primitive(desc);
        this.scratchpadBytes = Dnnl.bytes(Dnnl.query(desc, dnnl_query_scratchpad_md));
        this.scratchpad = scratchpadBytes > 0 ? Dnnl.memory(Dnnl.query(desc, dnnl_query_scratchpad_md)) : null;
        this.count = arguments.length / 2 + (scratchpad != null ? 1 : 0);
        this.args = new dnnl_exec_arg_t(count);
        for (int i = 0; i < arguments.length / 2; i++) {
            args.position(i).arg((Integer) arguments[2 * i]).memory((dnnl_memory) arguments[2 * i + 1]);
        }
        if (scratchpad != null) {
            args.position(count - 1).arg(DNNL_ARG_SCRATCHPAD).memory(scratchpad);
        }
        args.position(0);
    }

    void run() {
        if (scratchpad != null) {
            Dnnl.bind(scratchpad, ScratchMemory.current().address(ScratchMemory.Slot.SCRATCHPAD, scratchpadBytes));
        }
        Dnnl.check(dnnl_primitive_execute(primitive, Dnnl.stream(), count, args), "executing " + name);
        Dnnl.check(dnnl_stream_wait(Dnnl.stream()), "waiting for " + name);
    }
}
