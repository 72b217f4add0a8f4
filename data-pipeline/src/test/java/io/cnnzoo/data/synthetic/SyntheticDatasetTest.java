package io.cnnzoo.data.synthetic;

import io.cnnzoo.data.ImageDataset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticDatasetTest {

    private static String fingerprint(ImageDataset d) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < d.size(); i++) {
            s.append(d.label(i)).append(':');
            for (int p = 0; p < d.imageSize(); p++) {
                s.append(d.pixel(i, p)).append(',');
            }
        }
        return s.toString();
    }

    @Test
    void hasTheRequestedShapeAndIsReproducible() {
        ImageDataset d = SyntheticDataset.of("cifar-like", 20, 3, 32, 32, 10, 5);
        assertEquals(20, d.size());
        assertEquals(3 * 32 * 32, d.imageSize());
        assertEquals(10, d.numClasses());
        assertEquals("cifar-like", d.name());
        assertEquals(fingerprint(d), fingerprint(SyntheticDataset.of("cifar-like", 20, 3, 32, 32, 10, 5)));
        assertNotEquals(fingerprint(d), fingerprint(SyntheticDataset.of("cifar-like", 20, 3, 32, 32, 10, 6)));
    }

    @Test
    void coversTheByteRangeAndEveryClass() {
        ImageDataset d = SyntheticDataset.of("odd", 1_000, 1, 3, 5, 7, 1); // 15 bytes: not a multiple of 8
        boolean[] value = new boolean[256];
        for (int i = 0; i < d.size(); i++) {
            for (int p = 0; p < d.imageSize(); p++) {
                value[d.pixel(i, p)] = true;
            }
        }
        for (int v = 0; v < 256; v++) {
            assertTrue(value[v], "byte " + v + " never drawn in 15,000");
        }
        for (int count : d.classCounts()) {
            assertTrue(count > 0);
        }
    }

    @Test
    void rejectsShapesWithoutPixels() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticDataset.of("bad", 1, 0, 32, 32, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticDataset.of("bad", 1, 3, 32, 32, 0, 0));
    }
}
