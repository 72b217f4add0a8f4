package io.cnnzoo.data.fetch;

import io.cnnzoo.data.ContentChecksum;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.RemoteFile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sanity of the registry against the datasets' own descriptions (READMEs, the CIFAR page, the IDX format). */
class RegistryTest {

    @Test
    void namesAreUniqueLowercaseAndResolvable() {
        Set<String> names = new HashSet<>();
        for (DatasetSpec spec : Datasets.all()) {
            assertTrue(names.add(spec.name()), "registered twice: " + spec.name());
            assertEquals(spec.name().toLowerCase(), spec.name());
            assertSame(spec, Datasets.byName(spec.name()));
        }
        assertEquals(Set.of("mnist", "fashion-mnist", "kmnist", "cifar-10", "cifar-100"), names);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("svhn"));
        assertTrue(e.getMessage().contains("cifar-100"), e.getMessage());
    }

    @Test
    void everyDownloadHasAnAddressASizeAndAChecksum() {
        for (DatasetSpec spec : Datasets.all()) {
            assertFalse(spec.downloads().isEmpty(), spec.name());
            Set<String> fileNames = new HashSet<>();
            for (RemoteFile d : spec.downloads()) {
                assertTrue(fileNames.add(d.fileName()), spec.name() + ": " + d.fileName() + " twice");
                assertFalse(d.urls().isEmpty(), d.fileName());
                for (URI url : d.urls()) {
                    assertTrue(url.getScheme().equals("https") || url.getScheme().equals("http"), url.toString());
                    assertTrue(url.getPath().endsWith("/" + d.fileName()), url + " does not name " + d.fileName());
                }
                assertTrue(d.size() != null && d.size() > 0, d.fileName() + " has no size");
                assertTrue(d.md5() != null || d.sha256() != null, d.fileName() + " has no checksum");
                assertTrue(d.md5() == null || d.md5().matches("[0-9a-f]{32}"), d.md5());
                assertTrue(d.sha256() == null || d.sha256().matches("[0-9a-f]{64}"), d.sha256());
            }
        }
    }

    @Test
    void everyFileHasAContentRecord() {
        for (DatasetSpec spec : Datasets.all()) {
            assertEquals(spec.files(), spec.contents().stream().map(ContentChecksum::file).toList(), spec.name());
            for (ContentChecksum c : spec.contents()) {
                assertTrue(c.size() != null && c.size() > 0, c.file());
                assertTrue(c.sha256() == null || c.sha256().matches("[0-9a-f]{64}"), c.file());
            }
        }
    }

    @Test
    void shapesCountsAndClassesAreThoseTheDatasetsDescribe() {
        // Fashion-MNIST and KMNIST READMEs, LeCun's MNIST page: 60,000 + 10,000 28x28 grey images, 10 classes.
        for (DatasetSpec spec : List.of(Datasets.MNIST, Datasets.FASHION_MNIST, Datasets.KMNIST)) {
            assertEquals(new DatasetSpec.Shape(1, 28, 28), spec.shape());
            assertEquals(60_000, spec.trainCount());
            assertEquals(10_000, spec.testCount());
            assertEquals(10, spec.numClasses());
        }
        // cifar.html: 50,000 + 10,000 32x32 colour images; 10 classes, or 100 classes in 20 superclasses.
        for (DatasetSpec spec : List.of(Datasets.CIFAR_10, Datasets.CIFAR_100)) {
            assertEquals(new DatasetSpec.Shape(3, 32, 32), spec.shape());
            assertEquals(50_000, spec.trainCount());
            assertEquals(10_000, spec.testCount());
        }
        assertEquals(10, Datasets.CIFAR_10.numClasses());
        assertEquals(100, Datasets.CIFAR_100.numClasses());
        assertEquals(20, Datasets.CIFAR_100.coarseClassNames().size());
        for (DatasetSpec spec : Datasets.all()) {
            assertEquals(spec.classNames().size(), new HashSet<>(spec.classNames()).size(), spec.name());
        }
        assertEquals("T-shirt/top", Datasets.FASHION_MNIST.classNames().get(0));
        assertEquals("truck", Datasets.CIFAR_10.classNames().get(9));
        assertEquals("worm", Datasets.CIFAR_100.classNames().get(99));
        assertEquals("vehicles_2", Datasets.CIFAR_100.coarseClassNames().get(19));
    }

    @Test
    void extractedSizesFollowTheFileFormats() {
        // IDX: 4-byte magic, 4 bytes per dimension, one byte per value (60,000 x 28 x 28 + 16 = 47,040,016).
        assertEquals(List.of(47_040_016L, 60_008L, 7_840_016L, 10_008L),
                Datasets.FASHION_MNIST.contents().stream().map(ContentChecksum::size).toList());
        // cifar.html: "each file should be exactly 30730000 bytes long".
        Datasets.CIFAR_10.contents().forEach(c -> assertEquals(30_730_000L, c.size(), c.file()));
        // CIFAR-100 records: 2 label bytes + 3,072 pixel bytes; 500 train and 100 test images per class.
        assertEquals(List.of(50_000L * 3_074, 10_000L * 3_074),
                Datasets.CIFAR_100.contents().stream().map(ContentChecksum::size).toList());
    }

    @Test
    void theCifarArchivesAreTheBinaryVersions() {
        // cifar.html lists these MD5s for the binary versions (the python versions' differ).
        assertEquals("c32a1d4ab5d03f1284b67883e8d87530", Datasets.CIFAR_10.downloads().get(0).md5());
        assertEquals("03b5dce01913d631647c71ecec9e9cb8", Datasets.CIFAR_100.downloads().get(0).md5());
        for (DatasetSpec spec : List.of(Datasets.CIFAR_10, Datasets.CIFAR_100)) {
            assertEquals(RemoteFile.Kind.TAR_GZ, spec.downloads().get(0).kind());
            assertTrue(spec.downloads().get(0).fileName().endsWith("-binary.tar.gz"));
        }
    }

    @Test
    void theOldFourArgumentSpecStillWorks() {
        DatasetSpec spec = new DatasetSpec("toy", List.of("a"), List.of(), List.of("x", "y"));
        assertEquals(2, spec.numClasses());
        assertTrue(spec.downloads().isEmpty() && spec.contents().isEmpty());
    }
}
