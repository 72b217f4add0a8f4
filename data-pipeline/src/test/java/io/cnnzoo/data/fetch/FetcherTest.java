package io.cnnzoo.data.fetch;

import io.cnnzoo.data.RemoteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.cnnzoo.data.fetch.Payloads.listing;
import static io.cnnzoo.data.fetch.Payloads.noWait;
import static io.cnnzoo.data.fetch.Payloads.remote;
import static io.cnnzoo.data.fetch.Payloads.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads from a loopback HTTP server: resume, retries, mirrors, verification before the atomic move. */
class FetcherTest {

    private static final String FILE = "train-images-idx3-ubyte.gz";

    @TempDir
    Path cache;

    private final LocalHttpServer server = new LocalHttpServer();
    private final List<Duration> pauses = new ArrayList<>();
    private final byte[] body = Payloads.random(300_000, 42);

    FetcherTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Fetcher fetcher(int attempts) {
        return new Fetcher(noWait(attempts, pauses), FetchListener.SILENT);
    }

    @Test
    void digestsMatchTheStandardTestVectors() throws IOException {
        // RFC 1321 appendix A.5 and FIPS 180-2 appendix B.1: the message "abc".
        FileDigest abc = FileDigest.of(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(3, abc.size());
        assertEquals("900150983cd24fb0d6963f7d28e17f72", abc.md5());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", abc.sha256());
    }

    @Test
    void downloadsVerifiesAndMovesIntoPlaceLeavingNoPartialFile() throws Exception {
        server.serve("/d/" + FILE, body);
        Path file = fetcher(1).download(remote(FILE, body, RemoteFile.Kind.FILE, server.url("/d/" + FILE)), cache);
        assertEquals(cache.resolve(FILE), file);
        assertArrayEquals(body, Files.readAllBytes(file));
        assertEquals(List.of("", FILE), listing(cache));
    }

    @Test
    void aDroppedConnectionIsResumedWithARangeRequest() throws Exception {
        int cut = 120_000;
        server.serveDroppingFirst("/d/" + FILE, body, cut);
        Path file = fetcher(3).download(remote(FILE, body, RemoteFile.Kind.FILE, server.url("/d/" + FILE)), cache);
        assertArrayEquals(body, Files.readAllBytes(file));
        assertEquals(List.of("/d/" + FILE + " -", "/d/" + FILE + " bytes=" + cut + "-"), server.requests());
        assertEquals(body.length, server.bytesSent(), "the second request sent only the missing bytes");
        assertEquals(List.of(Duration.ofSeconds(2)), pauses, "one pause, the first backoff, before the second round");
    }

    @Test
    void aPartialFileFromAnEarlierRunIsContinued() throws Exception {
        int have = 100_000;
        Files.write(cache.resolve(FILE + ".part"), Arrays.copyOf(body, have));
        server.serve("/d/" + FILE, body);
        Path file = fetcher(1).download(remote(FILE, body, RemoteFile.Kind.FILE, server.url("/d/" + FILE)), cache);
        assertArrayEquals(body, Files.readAllBytes(file));
        assertEquals(List.of("/d/" + FILE + " bytes=" + have + "-"), server.requests());
        assertEquals(body.length - have, server.bytesSent());
    }

    @Test
    void aServerIgnoringRangesRestartsThePartialFile() throws Exception {
        Files.write(cache.resolve(FILE + ".part"), Payloads.random(1_000, 7)); // not even a prefix of the body
        server.serveIgnoringRange("/d/" + FILE, body);
        Path file = fetcher(1).download(remote(FILE, body, RemoteFile.Kind.FILE, server.url("/d/" + FILE)), cache);
        assertArrayEquals(body, Files.readAllBytes(file));
    }

    @Test
    void wrongBytesFailNamingFileExpectedAndActualAndLeaveTheCacheAsItWas() throws Exception {
        byte[] wrong = body.clone();
        wrong[12_345] ^= 1;
        server.serve("/d/" + FILE, wrong);
        Files.writeString(cache.resolve("unrelated.txt"), "kept");
        List<String> before = listing(cache);

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> fetcher(2)
                .download(remote(FILE, body, RemoteFile.Kind.FILE, server.url("/d/" + FILE)), cache));
        assertTrue(e.getMessage().contains(cache.resolve(FILE).toString()), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(body)), "expected checksum named: " + e.getMessage());
        assertTrue(e.getMessage().contains(sha256(wrong)), "actual checksum named: " + e.getMessage());
        assertEquals(sha256(body), e.expected());
        assertEquals(sha256(wrong), e.actual());
        assertEquals(before, listing(cache));
        assertEquals(1, server.requests().size(), "a mirror serving other bytes is not asked again");
    }

    @Test
    void theNextMirrorIsTriedWhenOneFailsAndRedirectsAreFollowed() throws Exception {
        server.fail("/gone/" + FILE, 404);
        server.redirect("/moved/" + FILE, "/d/" + FILE);
        server.serve("/d/" + FILE, body);
        Path file = fetcher(1).download(remote(FILE, body, RemoteFile.Kind.FILE,
                server.url("/gone/" + FILE), server.url("/moved/" + FILE)), cache);
        assertArrayEquals(body, Files.readAllBytes(file));
        assertEquals(List.of("/gone/" + FILE + " -", "/moved/" + FILE + " -", "/d/" + FILE + " -"), server.requests());
    }

    @Test
    void givesUpAfterTheAttemptsWithDoublingPausesAndSaysWhy() throws Exception {
        server.fail("/d/" + FILE, 503);
        IOException e = assertThrows(IOException.class, () -> fetcher(3)
                .download(remote(FILE, body, RemoteFile.Kind.FILE, server.url("/d/" + FILE)), cache));
        assertTrue(e.getMessage().contains("after 3 attempts") && e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)), pauses);
        assertEquals(3, server.requests().size());
        assertEquals(List.of(""), listing(cache));
    }

    @Test
    void aVerifiedFileAlreadyInPlaceIsNotDownloadedAgain() throws Exception {
        Files.write(cache.resolve(FILE), body);
        server.serve("/d/" + FILE, body);
        fetcher(1).download(remote(FILE, body, RemoteFile.Kind.FILE, server.url("/d/" + FILE)), cache);
        assertEquals(List.of(), server.requests());
    }

    @Test
    void aFileInPlaceThatDoesNotVerifyIsReportedAndLeftAlone() throws Exception {
        byte[] other = Payloads.random(body.length, 3);
        Files.write(cache.resolve(FILE), other);
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> fetcher(1)
                .download(remote(FILE, body, RemoteFile.Kind.FILE, server.url("/d/" + FILE)), cache));
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
        assertArrayEquals(other, Files.readAllBytes(cache.resolve(FILE)));
        assertFalse(Files.exists(cache.resolve(FILE + ".part")));
    }
}
