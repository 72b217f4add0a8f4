package io.cnnzoo.data.fetch;

import com.sun.net.httpserver.HttpExchange;
import io.cnnzoo.data.RemoteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.cnnzoo.data.fetch.Payloads.listing;
import static io.cnnzoo.data.fetch.Payloads.remote;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download never outgrows the registry's published size, never hangs on a drip, never keeps a partial
 * file no retry could continue, and goes through the proxy the user set.
 */
class BoundedDownloadTest {

    private static final String FILE = "train-labels-idx1-ubyte.gz";

    @TempDir
    Path cache;

    private final LocalHttpServer server = new LocalHttpServer();
    private final byte[] body = Payloads.random(100_000, 11);
    private final List<Long> progress = new ArrayList<>();
    private final FetchListener recordProgress = new FetchListener() {
        @Override
        public void progress(String fileName, long bytes, long total) {
            progress.add(total);
        }
    };

    BoundedDownloadTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Fetcher fetcher(long minimumRate, Duration window) {
        return new Fetcher(new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 1, Duration.ZERO,
                minimumRate, window, d -> { }), recordProgress, new ProxyChoice(Map.of(), new Properties()));
    }

    private Fetcher fetcher() {
        return fetcher(0, Duration.ofSeconds(60));
    }

    private RemoteFile published() {
        return remote(FILE, body, RemoteFile.Kind.FILE, server.url("/d/" + FILE));
    }

    @Test
    void aContentLengthOtherThanThePublishedSizeIsRefusedBeforeReading() throws Exception {
        byte[] forty = new byte[40_000_000];
        server.route("/d/" + FILE, (exchange, n) -> {
            exchange.sendResponseHeaders(200, forty.length);
            exchange.getResponseBody().write(forty);
        });
        IOException e = assertThrows(IOException.class, () -> fetcher().download(published(), cache));
        assertTrue(e.getMessage().contains("announces 40000000 bytes") && e.getMessage().contains("publishes 100000"),
                e.getMessage());
        assertEquals(List.of(""), listing(cache), "nothing written");
        assertTrue(progress.isEmpty());
    }

    @Test
    void anEndlessBodyWithoutLengthIsCutAtThePublishedSizeAndDeleted() throws Exception {
        server.route("/d/" + FILE, (exchange, n) -> {
            exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            exchange.sendResponseHeaders(200, 0); // chunked: no length
            OutputStream out = exchange.getResponseBody();
            byte[] chunk = new byte[8192];
            for (int i = 0; i < 10_000; i++) { // 80 MB unless the client hangs up
                out.write(chunk);
            }
        });
        IOException e = assertThrows(IOException.class, () -> fetcher().download(published(), cache));
        assertTrue(e.getMessage().contains("sent more than the 100000 bytes"), e.getMessage());
        assertEquals(List.of(""), listing(cache));
        assertTrue(progress.stream().allMatch(total -> total == body.length), "progress out of the published size");
    }

    @Test
    void aContentRangeOfAnotherFileSizeIsRefusedAndThePrefixDeleted() throws Exception {
        Files.write(cache.resolve(FILE + ".part"), Arrays.copyOf(body, 1_000));
        server.route("/d/" + FILE, (exchange, n) -> {
            exchange.getResponseHeaders().add("Content-Range", "bytes 1000-39999999/40000000");
            exchange.sendResponseHeaders(206, 39_999_000);
        });
        IOException e = assertThrows(IOException.class, () -> fetcher().download(published(), cache));
        assertTrue(e.getMessage().contains("bytes 1000-39999999/40000000") && e.getMessage().contains("100000"),
                e.getMessage());
        assertEquals(List.of(""), listing(cache));
    }

    @Test
    void aSlowDripIsDroppedAndThePartialFileKeptWhereRangesWork() throws Exception {
        server.route("/d/" + FILE, drip(true));
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> fetcher(1_000_000, Duration.ofMillis(300)).download(published(), cache));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "dropped within the window, not at the read timeout");
        assertTrue(e.getMessage().contains("below the minimum of 1000000 B/s"), e.getMessage());
        assertTrue(e.getMessage().contains("is kept; fetching again resumes it"), e.getMessage());
        assertTrue(Files.size(cache.resolve(FILE + ".part")) > 0);
    }

    @Test
    void aPartialFileNoRetryCouldContinueIsDeletedAndNotPromised() throws Exception {
        server.route("/d/" + FILE, drip(false));
        IOException e = assertThrows(IOException.class,
                () -> fetcher(1_000_000, Duration.ofMillis(300)).download(published(), cache));
        assertTrue(e.getMessage().contains("does not accept range requests") && !e.getMessage().contains("resumes"),
                e.getMessage());
        assertEquals(List.of(""), listing(cache));
    }

    /** 100 bytes every 50 ms: never silent long enough for a read timeout, far below any sane rate. */
    private LocalHttpServer.Route drip(boolean acceptRanges) {
        return (exchange, n) -> {
            if (acceptRanges) {
                exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            }
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            for (int at = 0; at < body.length; at += 100) {
                out.write(body, at, 100);
                out.flush();
                sleep(50);
            }
        };
    }

    @Test
    void httpProxyFromTheEnvironmentCarriesTheRequest() throws Exception {
        // The loopback server plays the proxy: a proxied request names the absolute URL of a host that does not exist.
        server.route("/d/" + FILE, (exchange, n) -> serveIfAbsolute(exchange));
        URI unreachable = URI.create("http://mirror.cnnzoo.invalid/d/" + FILE);
        RemoteFile remote = remote(FILE, body, RemoteFile.Kind.FILE, unreachable);
        ProxyChoice proxies = new ProxyChoice(Map.of("HTTP_PROXY", server.url("").toString()), new Properties());
        Fetcher fetcher = new Fetcher(Payloads.noWait(1, new ArrayList<>()), FetchListener.SILENT, proxies);
        assertArrayEquals(body, Files.readAllBytes(fetcher.download(remote, cache)));
    }

    private void serveIfAbsolute(HttpExchange exchange) throws IOException {
        if (!"mirror.cnnzoo.invalid".equals(exchange.getRequestURI().getHost())) {
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    @Test
    void proxySettingsFollowJavaFirstThenCurlsVariables() throws Exception {
        URI https = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
        Properties java = new Properties();
        java.setProperty("https.proxyHost", "proxy.example");
        assertNull(new ProxyChoice(Map.of("HTTPS_PROXY", "http://other:3128"), java).forUri(https),
                "Java's own selector applies https.proxyHost");

        Proxy proxy = new ProxyChoice(Map.of("https_proxy", "proxy.example:3128"), new Properties()).forUri(https);
        assertEquals("proxy.example:3128", proxy.address().toString().replace("/<unresolved>", ""));

        assertEquals(Proxy.NO_PROXY, new ProxyChoice(Map.of("HTTPS_PROXY", "http://proxy.example:3128",
                "NO_PROXY", "localhost,.toronto.edu"), new Properties()).forUri(https));
        assertEquals(Proxy.NO_PROXY, new ProxyChoice(Map.of(), new Properties()).forUri(https));
        IOException e = assertThrows(IOException.class, () -> new ProxyChoice(
                Map.of("HTTPS_PROXY", "http://user:secret@proxy.example:3128"), new Properties()).forUri(https));
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
