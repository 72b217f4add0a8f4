package io.cnnzoo.bench.train;

import org.bytedeco.javacpp.Pointer;

import java.util.Locale;

/**
 * Refuses work that cannot fit before it starts, instead of an OutOfMemoryError half-way. ND4J's buffers are
 * bounded by JavaCPP's {@code org.bytedeco.javacpp.maxphysicalbytes} (the whole process's resident memory);
 * {@code maxbytes} does not count them on the CPU backend (measured: a 2 GB array allocates under
 * {@code maxbytes=1G}, and fails under {@code maxphysicalbytes=1G}; docs/reliability.md).
 */
public final class MemoryBudget {

    private MemoryBudget() {
    }

    /** Not enough memory for what was asked; the message has the figures, {@link #remedy()} the flag to change. */
    public static final class MemoryBudgetException extends RuntimeException {

        MemoryBudgetException(String message) {
            super(message);
        }

        public String remedy() {
            return "raise the limit, e.g. CNNZOO_JAVA_OPTS='-Xmx2g -Dorg.bytedeco.javacpp.maxphysicalbytes=20G' "
                    + "./cnnzoo ... (at most the machine's RAM), or use a smaller batch or model";
        }
    }

    /**
     * Fails when {@code bytes} (a {@code ModelStats} estimate, which leaves out workspaces: a lower bound) exceed
     * what the process may still take under {@code maxphysicalbytes}; no limit set means no check.
     *
     * @param what what needs the memory, for the message ("training resnet1202 at batch 128")
     */
    public static void require(String what, long bytes) {
        long limit = Pointer.maxPhysicalBytes();
        if (limit <= 0) {
            return;
        }
        long inUse = Pointer.physicalBytes();
        if (bytes > limit - inUse) {
            throw new MemoryBudgetException(String.format(Locale.ROOT, "%s needs at least %.1f GiB (ModelStats' "
                    + "estimate; workspaces come on top), but the process may use %.1f GiB more: maxphysicalbytes is %.1f GiB, %.1f GiB are in use",
                    what, gib(bytes), gib(Math.max(0, limit - inUse)), gib(limit), gib(inUse)));
        }
    }

    private static double gib(long bytes) {
        return bytes / (double) (1L << 30);
    }
}
