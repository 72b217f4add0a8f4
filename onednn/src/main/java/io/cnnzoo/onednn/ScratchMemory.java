package io.cnnzoo.onednn;

import org.bytedeco.javacpp.BytePointer;

/**
 * Native buffers that the helpers reuse for every layer and call: tensors in oneDNN's preferred
 * layouts and the primitives' scratchpads. One set per thread, grown to the largest request and never
 * shrunk, so that a training step allocates nothing here after its first pass. (Allocating and freeing
 * such buffers per call made the kernel page-fault them in again each time; see docs/performance.md.)
 */
final class ScratchMemory {

    /** What a buffer holds; each slot is one buffer. */
    enum Slot { SRC, WEIGHTS, DST, DIFF_DST, DIFF_SRC, DIFF_WEIGHTS, BACKWARD_WEIGHTS, BACKWARD_SRC, SCRATCHPAD }

    private static final long ALIGNMENT = 64; // a cache line: what oneDNN aligns its own buffers to

    private static final ThreadLocal<ScratchMemory> PER_THREAD = ThreadLocal.withInitial(ScratchMemory::new);

    private final BytePointer[] buffers = new BytePointer[Slot.values().length];
    private final long[] capacity = new long[Slot.values().length];

    private ScratchMemory() {
    }

    static ScratchMemory current() {
        return PER_THREAD.get();
    }

    /** The 64-byte aligned address of slot's buffer, holding at least {@code bytes}. */
    long address(Slot slot, long bytes) {
        int i = slot.ordinal();
        if (capacity[i] < bytes) {
            if (buffers[i] != null) {
                buffers[i].deallocate();
            }
            buffers[i] = new BytePointer(bytes + ALIGNMENT);
            if (buffers[i].isNull()) {
                throw new OutOfMemoryError("cannot allocate " + bytes + " bytes of native memory for oneDNN");
            }
            capacity[i] = bytes;
        }
        long address = buffers[i].address();
        return (address + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Total bytes held by this thread's buffers. */
    long bytesHeld() {
        long total = 0;
        for (long c : capacity) {
            total += c;
        }
        return total;
    }
}
