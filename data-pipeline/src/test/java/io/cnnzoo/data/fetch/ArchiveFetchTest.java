package io.cnnzoo.data.fetch;

import io.cnnzoo.data.ContentChecksum;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.RemoteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.cnnzoo.data.fetch.Payloads.listing;
import static io.cnnzoo.data.fetch.Payloads.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CIFAR-style archives: a gzipped tar with the files under one folder, extracted flat into the dataset's
 * folder ({@code <cache>/<name>/*.bin}) through a temporary sibling renamed into place.
 */
class ArchiveFetchTest {

    /** Two CIFAR-10 records (1 label byte + 3,072 pixel bytes each), and one, standing in for the real batches. */
    private final byte[] train = Payloads.random(2 * 3_073, 1);
    private final byte[] test = Payloads.random(3_073, 2);
    private final byte[] meta = "airplane\nautomobile\n".getBytes();

    @TempDir
    Path cache;

    private final LocalHttpServer server = new LocalHttpServer();

    ArchiveFetchTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private byte[] archive() throws IOException {
        return new TarFiles().directory("toy-batches-bin/").file("toy-batches-bin/data_batch_1.bin", train)
                .file("toy-batches-bin/test_batch.bin", test).file("toy-batches-bin/batches.meta.txt", meta).tarGz();
    }

    private DatasetSpec spec(RemoteFile download, long trainSize) {
        return new DatasetSpec("toy", List.of("data_batch_1.bin", "test_batch.bin"), List.of(), List.of("a", "b"),
                List.of(), new DatasetSpec.Shape(3, 32, 32), 2, 1, List.of(download),
                List.of(new ContentChecksum("data_batch_1.bin", trainSize, null),
                        new ContentChecksum("test_batch.bin", 3_073L, null)), null);
    }

    @Test
    void theArchiveIsVerifiedExtractedFlatAndDeleted() throws Exception {
        byte[] tgz = archive();
        server.serve("/toy.tar.gz", tgz);
        DatasetSpec spec = spec(Payloads.remote("toy.tar.gz", tgz, RemoteFile.Kind.TAR_GZ,
                server.url("/toy.tar.gz")), train.length);

        Path dir = new Fetcher(Payloads.noWait(1, new ArrayList<>()), FetchListener.SILENT).fetch(spec, cache);

        assertEquals(cache.resolve("toy"), dir);
        assertEquals(List.of("", "toy", "toy/SHA256SUMS", "toy/batches.meta.txt", "toy/data_batch_1.bin",
                "toy/test_batch.bin"), listing(cache));
        assertArrayEquals(train, Files.readAllBytes(dir.resolve("data_batch_1.bin")));
        assertArrayEquals(test, Files.readAllBytes(dir.resolve("test_batch.bin")));
        // The coreutils sha256sum format, so `sha256sum -c SHA256SUMS` re-checks the folder.
        assertTrue(Files.readAllLines(dir.resolve(Fetcher.MANIFEST)).contains(sha256(train) + "  data_batch_1.bin"));
        DataLocator locator = new DataLocator(null, Map.of(DataLocator.DATA_ENV, cache.toString()), cache.resolve("home"));
        assertEquals(dir, locator.find(spec).orElseThrow(), "the folder holds the .bin files directly");
        VerifyReport report = DatasetVerifier.verify(spec, dir);
        assertTrue(report.verified(), report.files().toString());
    }

    @Test
    void anArchiveMissingAFileOrWithAWrongSizeLeavesNoFolder() throws Exception {
        byte[] tgz = archive();
        Path file = Files.write(cache.resolve("toy.tar.gz"), tgz);
        List<String> before = listing(cache);
        Fetcher fetcher = new Fetcher(Payloads.noWait(1, new ArrayList<>()), FetchListener.SILENT);
        RemoteFile download = Payloads.remote("toy.tar.gz", tgz, RemoteFile.Kind.TAR_GZ, server.url("/x"));

        DatasetFormatException wrongSize = assertThrows(DatasetFormatException.class,
                () -> fetcher.installArchive(spec(download, 3 * 3_073L), file, cache.resolve("toy")));
        assertTrue(wrongSize.getMessage().contains("data_batch_1.bin") && wrongSize.getMessage().contains("9219 bytes")
                && wrongSize.getMessage().contains("6146 bytes"), wrongSize.getMessage());

        DatasetSpec other = new DatasetSpec("toy", List.of("train.bin"), List.of(), List.of("a"));
        DatasetFormatException missing = assertThrows(DatasetFormatException.class,
                () -> fetcher.installArchive(other, file, cache.resolve("toy")));
        assertTrue(missing.getMessage().contains("no file named train.bin"), missing.getMessage());
        assertEquals(before, listing(cache));
    }

    @Test
    void aTruncatedArchiveFailsNamingTheEntryAndOffsetAndLeavesNoFolder() throws Exception {
        Fetcher fetcher = new Fetcher(Payloads.noWait(1, new ArrayList<>()), FetchListener.SILENT);
        DatasetSpec spec = spec(Payloads.remote("toy.tar.gz", new byte[1], RemoteFile.Kind.TAR_GZ, server.url("/x")),
                train.length);
        byte[] tar = new TarFiles().file("toy-batches-bin/data_batch_1.bin", train)
                .file("toy-batches-bin/test_batch.bin", test).tar();

        // A tar cut inside the first entry's data, compressed properly: the tar reader notices.
        Path cutTar = Files.write(cache.resolve("cut-tar.tar.gz"), TarFiles.gzip(Arrays.copyOf(tar, 512 + 4_096)));
        // A whole tar whose gzip stream is cut: the decompressor notices.
        byte[] gz = TarFiles.gzip(tar);
        Path cutGz = Files.write(cache.resolve("cut-gz.tar.gz"), Arrays.copyOf(gz, gz.length / 2));
        List<String> before = listing(cache);

        DatasetFormatException e1 = assertThrows(DatasetFormatException.class,
                () -> fetcher.installArchive(spec, cutTar, cache.resolve("toy")));
        assertTrue(e1.getMessage().startsWith(cutTar.toString()) && e1.getMessage().contains("truncated")
                && e1.getMessage().contains("data_batch_1.bin") && e1.getMessage().contains("announces 6146 bytes")
                && e1.getMessage().contains("offset 4608"), e1.getMessage());

        DatasetFormatException e2 = assertThrows(DatasetFormatException.class,
                () -> fetcher.installArchive(spec, cutGz, cache.resolve("toy")));
        assertTrue(e2.getMessage().startsWith(cutGz.toString()) && e2.getMessage().contains("truncated"),
                e2.getMessage());
        assertEquals(before, listing(cache));
    }

    @Test
    void aCorruptHeaderIsReportedWithItsOffset() throws Exception {
        byte[] tar = new TarFiles().file("a/data_batch_1.bin", train).file("a/test_batch.bin", test).tar();
        int secondHeader = 512 + 6_656; // 6,146 data bytes padded to 13 blocks
        tar[secondHeader + 2] ^= 0x01; // a letter of the name: the checksum no longer matches
        Path file = Files.write(cache.resolve("bad.tar.gz"), TarFiles.gzip(tar));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> new Fetcher(
                Payloads.noWait(1, new ArrayList<>()), FetchListener.SILENT).installArchive(
                spec(Payloads.remote("bad.tar.gz", new byte[1], RemoteFile.Kind.TAR_GZ, server.url("/x")),
                        train.length), file, cache.resolve("toy")));
        assertTrue(e.getMessage().contains("header at offset " + secondHeader) && e.getMessage().contains("checksum"),
                e.getMessage());
        assertEquals(List.of("", "bad.tar.gz"), listing(cache));
    }

    /**
     * Entry names that are not portable file names, or that are files the fetcher writes itself, are refused
     * before anything is extracted under them.
     */
    @Test
    void entryNamesThatCannotBeFilesOrCollideWithTheFetchersOwnAreRefused() throws Exception {
        String[][] cases = {{"a/SHA256SUMS", "writes itself"}, {"a/test_batch.bin.part", "writes itself"},
                {"a/data.tmp", "writes itself"}, {"a/con:1", "portable"}, {"a/tab\there", "U+0009"},
                {"a/back\\slash", "portable"}, {"a/..", "portable"}, {"a/sp ace", "portable"}};
        for (String[] c : cases) {
            byte[] tar = new TarFiles().file(c[0], new byte[3]).tar();
            Path file = Files.write(cache.resolve("names.tar.gz"), TarFiles.gzip(tar));
            Path into = Files.createDirectories(cache.resolve("into"));
            DatasetFormatException e = assertThrows(DatasetFormatException.class,
                    () -> Fetcher.extractFlat(file, into), c[0]);
            assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(c[1]), e.getMessage());
            assertEquals(List.of(""), listing(into), "nothing extracted for " + c[0]);
        }
    }

    @Test
    void aChecksumListFarLongerThanAnyFetchWritesIsRefusedNotRead() throws Exception {
        Path manifest = Files.write(cache.resolve(Fetcher.MANIFEST), new byte[2 << 20]);
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> DatasetVerifier.readManifest(manifest));
        assertTrue(e.getCause() instanceof DatasetFormatException
                && e.getCause().getMessage().startsWith(manifest.toString()), e.getCause().getMessage());
    }

    @Test
    void aDatasetFolderThatExistsIncompleteIsNotOverwritten() throws Exception {
        byte[] tgz = archive();
        server.serve("/toy.tar.gz", tgz);
        Files.createDirectories(cache.resolve("toy"));
        Files.write(cache.resolve("toy/test_batch.bin"), test);
        IOException e = assertThrows(IOException.class, () -> new Fetcher(Payloads.noWait(1, new ArrayList<>()),
                FetchListener.SILENT).fetch(spec(Payloads.remote("toy.tar.gz", tgz, RemoteFile.Kind.TAR_GZ,
                server.url("/toy.tar.gz")), train.length), cache));
        assertTrue(e.getMessage().contains("remove it"), e.getMessage());
        assertEquals(List.of("", "toy", "toy/test_batch.bin"), listing(cache));
        assertEquals(List.of(), server.requests());
    }
}
