package io.cnnzoo.onednn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The in-process malloc settings: the JNI stub loads and glibc takes each value. The speed effect, against
 * the same settings given as GLIBC_TUNABLES, is measured with the JMH suite (docs/performance.md).
 */
class MallocSettingsTest {

    /** This module's Surefire fork runs without GLIBC_TUNABLES (onednn/pom.xml), as a plain java -cp does. */
    @Test
    void aRunWithoutGlibcTunablesGetsTheSettingsFromTheFirstAcceleratedGraph() {
        assertEquals("", System.getenv().getOrDefault("GLIBC_TUNABLES", ""));
        io.cnnzoo.zoo.Zoo.create("lenet5"); // the zoo applies the accelerators, and so the settings
        assertEquals(MallocSettings.Outcome.APPLIED, MallocSettings.applyOnce());
    }

    /**
     * mallopt(3) returns 1 on success and 0 on error; M_MXFAST (1) takes 0 to 80 * sizeof(size_t) / 4
     * bytes, so glibc itself answering 0 for 1 MiB shows the call reaches it.
     */
    @Test
    void glibcAcceptsEachSettingAndRefusesAnOutOfRangeOne() {
        assertEquals(1, Glibc.mallopt(Glibc.M_MMAP_THRESHOLD, MallocSettings.MMAP_THRESHOLD));
        assertEquals(1, Glibc.mallopt(Glibc.M_TRIM_THRESHOLD, MallocSettings.NO_TRIM));
        assertEquals(1, Glibc.mallopt(Glibc.M_TOP_PAD, MallocSettings.TOP_PAD));
        assertEquals(0, Glibc.mallopt(1, 1 << 20));
    }
}
