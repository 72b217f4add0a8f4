package io.cnnzoo.onednn;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scratchpad_mode;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_impl_info_str;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_scratchpad_mode_user;
import static org.bytedeco.dnnl.global.dnnl.dnnl_set_verbose;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

/**
 * The small part of oneDNN's C API that the helpers use, with errors turned into exceptions: one CPU
 * engine, a stream per thread, float32 memory descriptors, and primitives that take their scratchpad
 * from the caller (so that no primitive allocates memory while it runs).
 */
final class Dnnl {

    static final dnnl_engine ENGINE = new dnnl_engine();

    private static final ThreadLocal<dnnl_stream> STREAMS = ThreadLocal.withInitial(() -> {
        dnnl_stream stream = new dnnl_stream();
        check(dnnl_stream_create(stream, ENGINE, dnnl_stream_default_flags), "creating a stream");
        return stream;
    });

    private static final dnnl_primitive_attr USER_SCRATCHPAD = new dnnl_primitive_attr();

    static {
        // -Dcnnzoo.onednn.verbose=1 (or 2): oneDNN prints each primitive it runs, with its time in ms.
        Integer verbose = Integer.getInteger("cnnzoo.onednn.verbose");
        if (verbose != null) {
            check(dnnl_set_verbose(verbose), "setting verbose mode");
        }
        check(dnnl_engine_create(ENGINE, dnnl_cpu, 0), "creating the CPU engine");
        check(dnnl_primitive_attr_create(USER_SCRATCHPAD), "creating primitive attributes");
        check(dnnl_primitive_attr_set_scratchpad_mode(USER_SCRATCHPAD, dnnl_scratchpad_mode_user),
                "setting the scratchpad mode");
    }

    private Dnnl() {
    }

    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed " + what + " (dnnl_status_t " + status + ")");
        }
    }

    static dnnl_stream stream() {
        return STREAMS.get();
    }

    /** A float32 memory descriptor of {@code dims} in format {@code tag} (or dnnl_format_tag_any). */
    static dnnl_memory_desc_t desc(int tag, long... dims) {
        dnnl_memory_desc_t desc = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(desc, dims.length, dims, dnnl_f32, tag), "describing a tensor");
        return desc;
    }

    static long bytes(dnnl_memory_desc_t desc) {
        return dnnl_memory_desc_get_size(desc);
    }

    static boolean same(dnnl_memory_desc_t a, dnnl_memory_desc_t b) {
        return dnnl_memory_desc_equal(a, b) == 1;
    }

    /** A primitive descriptor for {@code opDesc} with a user-provided scratchpad; {@code hint} may be null. */
    static dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_desc hint, String what) {
        dnnl_primitive_desc desc = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(desc, new const_dnnl_op_desc_t(opDesc), USER_SCRATCHPAD, ENGINE, hint), what);
        return desc;
    }

    static dnnl_primitive_desc reorderDesc(dnnl_memory_desc_t from, dnnl_memory_desc_t to) {
        dnnl_primitive_desc desc = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(desc, from, ENGINE, to, ENGINE, USER_SCRATCHPAD), "creating a reorder");
        return desc;
    }

    static dnnl_memory_desc_t query(dnnl_primitive_desc desc, int what) {
        return dnnl_primitive_desc_query_md(desc, what, 0);
    }

    static dnnl_primitive primitive(dnnl_primitive_desc desc) {
        dnnl_primitive primitive = new dnnl_primitive();
        check(dnnl_primitive_create(primitive, desc), "creating a primitive");
        return primitive;
    }

    /** A memory object without data; {@link #bind} points it at a buffer before each use. */
    static dnnl_memory memory(dnnl_memory_desc_t desc) {
        dnnl_memory memory = new dnnl_memory();
        check(dnnl_memory_create(memory, desc, ENGINE, (Pointer) null), "creating a memory object");
        return memory;
    }

    static void bind(dnnl_memory memory, long address) {
        check(dnnl_memory_set_data_handle(memory, new Address(address)), "binding memory");
    }

    /** The implementation oneDNN chose ("jit:avx512_common", "brgconv:avx512_core", ...). */
    static String implementation(dnnl_primitive_desc desc) {
        PointerPointer<?> name = new PointerPointer<>(1);
        dnnl_primitive_desc_query(desc, dnnl_query_impl_info_str, 0, name);
        return name.getString(0);
    }

    /** A pointer to a raw address, as JavaCPP passes pointers to native code. */
    static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }
}
