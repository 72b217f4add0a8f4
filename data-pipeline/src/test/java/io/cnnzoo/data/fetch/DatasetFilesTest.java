package io.cnnzoo.data.fetch;

import io.cnnzoo.data.ContentChecksum;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.RemoteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DatasetFiles#resolve}: offline fails with directions, download says what it fetches. */
class DatasetFilesTest {

    @TempDir
    Path tmp;

    private final LocalHttpServer server = new LocalHttpServer();
    private final byte[] images = Payloads.random(5_000, 11);
    private final byte[] labels = Payloads.random(500, 12);

    DatasetFilesTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DatasetSpec toy() {
        return new DatasetSpec("toy", List.of("images", "labels"), List.of(), List.of("a", "b"), List.of(), null, 0, 0,
                List.of(Payloads.remote("images.gz", images, RemoteFile.Kind.FILE, server.url("/images.gz")),
                        Payloads.remote("labels.gz", labels, RemoteFile.Kind.FILE, server.url("/labels.gz"))),
                List.of(new ContentChecksum("images", null, null), new ContentChecksum("labels", null, null)), null);
    }

    @Test
    void offlineFailsListingWhereItLookedAndTheFetchCommand() throws Exception {
        DataLocator locator = new DataLocator(null, Map.of(), tmp.resolve("home"));
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> DatasetFiles.resolve(Datasets.KMNIST, locator, FetchPolicy.OFFLINE, FetchListener.SILENT));
        assertTrue(e.getMessage().contains(tmp.resolve("home/.cnnzoo/data/kmnist").toString())
                && e.getMessage().contains("./cnnzoo data fetch kmnist"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("home")));
        assertEquals(List.of(), server.requests());
    }

    @Test
    void downloadSaysWhatItFetchesAndReturnsTheCacheFolder() throws Exception {
        server.serve("/images.gz", images);
        server.serve("/labels.gz", labels);
        DataLocator locator = new DataLocator(null, Map.of(DataLocator.DATA_ENV, tmp.resolve("data").toString()),
                tmp.resolve("home"));
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        FetchListener listener = new ConsoleProgress(new PrintStream(terminal, true, StandardCharsets.UTF_8), false);
        Fetcher fetcher = new Fetcher(Payloads.noWait(1, new ArrayList<>()), listener);
        Path dir = DatasetFiles.resolve(toy(), locator, FetchPolicy.DOWNLOAD, fetcher, listener);

        assertEquals(tmp.resolve("data/toy"), dir);
        assertArrayEquals(images, Files.readAllBytes(dir.resolve("images.gz")));
        List<String> lines = terminal.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).contains("downloading 2 files") && lines.get(0).contains(dir.toString()), lines.get(0));
        assertTrue(lines.contains("Downloading images.gz (0.0 MB) from " + server.url("/images.gz")), lines.toString());
        assertTrue(lines.contains("  images.gz 100% 0.0 MB of 0.0 MB"), lines.toString());
        assertTrue(lines.contains("  labels.gz: size and checksum verified, saved as " + dir.resolve("labels.gz")),
                lines.toString());
        assertEquals(dir, locator.find(toy()).orElseThrow());
    }
}
