package io.cnnzoo.data.fetch;

import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.RemoteFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The trust policy on Debian's Fashion-MNIST (package dataset-fashion-mnist), whose {@code .gz} files were
 * compressed again and so are not byte for byte the published ones: they verify by their decompressed content.
 */
class DebianFashionMnistTest {

    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    @BeforeEach
    void requireDebianCopy() {
        assumeTrue(Files.isDirectory(DEBIAN), DEBIAN + " is missing: install Debian's dataset-fashion-mnist package "
                + "to run the checks on the real files");
    }

    @Test
    void debiansRecompressedFilesVerifyByTheirContent() throws Exception {
        for (RemoteFile published : Datasets.FASHION_MNIST.downloads()) {
            // tensorflow-datasets' size of the canonical .gz; Debian's differs: re-compressed.
            assertNotEquals(published.size(), Files.size(DEBIAN.resolve(published.fileName())), published.fileName());
        }
        VerifyReport report = DatasetVerifier.verify(Datasets.FASHION_MNIST, DEBIAN);
        assertTrue(report.verified(), report.files().toString());
        for (FileCheck check : report.files()) {
            assertTrue(check.detail().startsWith("decompressed content matches the recorded SHA-256"), check.toString());
        }
    }

    @Test
    void aOneByteChangeInACopyFailsNamingTheFile() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("fashion-mnist"));
        for (RemoteFile f : Datasets.FASHION_MNIST.downloads()) {
            Files.copy(DEBIAN.resolve(f.fileName()), copy.resolve(f.fileName()));
        }
        byte[] labels;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(DEBIAN.resolve("t10k-labels-idx1-ubyte.gz")))) {
            labels = in.readAllBytes();
        }
        labels[8] = (byte) ((labels[8] + 1) % 10); // the first test label (after the 8-byte IDX header), still 0..9
        Files.delete(copy.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.write(copy.resolve("t10k-labels-idx1-ubyte.gz"), TarFiles.gzip(labels));

        VerifyReport report = DatasetVerifier.verify(Datasets.FASHION_MNIST, copy);
        assertTrue(report.failed());
        for (FileCheck check : report.files()) {
            if (check.name().equals("t10k-labels-idx1-ubyte")) {
                assertEquals(FileCheck.Status.MISMATCH, check.status());
                assertEquals(copy.resolve("t10k-labels-idx1-ubyte.gz"), check.path());
                assertTrue(check.detail().contains(Datasets.FASHION_MNIST.content("t10k-labels-idx1-ubyte")
                        .orElseThrow().sha256()) && check.detail().contains(Payloads.sha256(labels)), check.detail());
            } else {
                assertEquals(FileCheck.Status.OK, check.status(), check.toString());
            }
        }
    }

    @Test
    void anUncompressedCopyVerifiesByContentToo() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("raw"));
        for (String name : Datasets.FASHION_MNIST.files()) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(DEBIAN.resolve(name + ".gz")))) {
                Files.copy(in, copy.resolve(name));
            }
        }
        VerifyReport report = DatasetVerifier.verify(Datasets.FASHION_MNIST, copy);
        assertTrue(report.verified(), report.files().toString());
    }

    @Test
    void resolveFindsTheSystemCopyWithoutDownloading() throws Exception {
        DataLocator locator = new DataLocator(null, Map.of(), tmp.resolve("home"));
        assertEquals(DEBIAN, DatasetFiles.resolve(Datasets.FASHION_MNIST, locator, FetchPolicy.OFFLINE,
                FetchListener.SILENT));
        assertEquals(DEBIAN, DatasetFiles.resolve(Datasets.FASHION_MNIST, locator, FetchPolicy.DOWNLOAD,
                FetchListener.SILENT));
        assertTrue(!Files.exists(tmp.resolve("home")), "nothing was written to the cache");
    }
}
