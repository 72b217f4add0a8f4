package io.cnnzoo.onednn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps freed native memory in the process for reuse. glibc's defaults give each large block back to the
 * kernel when it is freed (unmapping it, or trimming the heap) and fault it in again on the next layer
 * call. On DL4J's own oneDNN helpers, which allocate per call, that made LeNet-5 2.2x slower; cnnzoo's
 * helpers keep their buffers, and there the settings measured within noise (docs/performance.md). The
 * same three settings as the {@code GLIBC_TUNABLES} cnnzoo's launcher sets,
 * applied with {@code mallopt} once per process, so that a plain {@code java -cp} run gets them:
 * blocks up to 32 MiB from the heap rather than mmap, no trimming, 256 MiB of slack when the heap grows.
 *
 * <p>Skipped when {@code GLIBC_TUNABLES} already sets malloc parameters (the user's choice wins) or the
 * system property {@value #PROPERTY} is {@code false}.
 */
public final class MallocSettings {

    public static final String PROPERTY = "cnnzoo.malloc";

    /** mallopt(3)'s documented upper limit on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX, 4 MiB * sizeof(long)). */
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TOP_PAD = 256 << 20;
    /** mallopt(3): "Setting M_TRIM_THRESHOLD to -1 disables trimming completely." */
    static final int NO_TRIM = -1;

    private static final Logger log = LoggerFactory.getLogger(MallocSettings.class);
    private static volatile Outcome outcome;

    /** What happened when the settings were applied (once per process). */
    public enum Outcome { APPLIED, LEFT_TO_GLIBC_TUNABLES, SWITCHED_OFF, UNAVAILABLE }

    private MallocSettings() {
    }

    /** Applies the settings the first time it is called; returns what was done. */
    public static Outcome applyOnce() {
        Outcome result = outcome;
        if (result == null) {
            synchronized (MallocSettings.class) {
                if (outcome == null) {
                    outcome = apply();
                    log.debug("malloc settings: {}", outcome);
                }
                result = outcome;
            }
        }
        return result;
    }

    private static Outcome apply() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return Outcome.SWITCHED_OFF;
        }
        String tunables = System.getenv("GLIBC_TUNABLES");
        if (tunables != null && tunables.contains("glibc.malloc.")) {
            return Outcome.LEFT_TO_GLIBC_TUNABLES;
        }
        try {
            int ok = Glibc.mallopt(Glibc.M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                    & Glibc.mallopt(Glibc.M_TRIM_THRESHOLD, NO_TRIM)
                    & Glibc.mallopt(Glibc.M_TOP_PAD, TOP_PAD);
            if (ok != 1) {
                log.warn("glibc refused a malloc setting; native memory may be returned to the kernel after each layer");
            }
            return ok == 1 ? Outcome.APPLIED : Outcome.UNAVAILABLE;
        } catch (LinkageError e) {
            // Not glibc on linux-x86_64 (or the JNI stub is missing): keep the allocator's defaults.
            log.debug("malloc settings not applied: {}", e.toString());
            return Outcome.UNAVAILABLE;
        }
    }
}
