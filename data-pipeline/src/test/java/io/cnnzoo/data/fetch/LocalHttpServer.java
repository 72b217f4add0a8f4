package io.cnnzoo.data.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on the loopback interface serving bytes the test made: with Range support (RFC 9110
 * section 14: {@code Range: bytes=N-} gets a 206 with {@code Content-Range}), or misbehaving on purpose.
 * Tests never touch the network beyond it.
 */
final class LocalHttpServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** How a path answers. */
    interface Route {
        void handle(HttpExchange exchange, int requestNumber) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytesSent = new AtomicLong();

    LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(path + " " + (range == null ? "-" : range));
            int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Route route = routes.get(path);
            try {
                if (route == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    route.handle(exchange, n);
                }
            } catch (IOException e) {
                // A route that drops the connection ends here on purpose.
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    URI url(String path) {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path);
    }

    /** Serves {@code body}, honouring {@code Range: bytes=N-}. */
    void serve(String path, byte[] body) {
        routes.put(path, (exchange, n) -> send(exchange, body, true, body.length));
    }

    /** The first request announces the whole body but the connection closes after {@code cut} bytes; later ones are whole. */
    void serveDroppingFirst(String path, byte[] body, int cut) {
        routes.put(path, (exchange, n) -> send(exchange, body, true, n == 1 ? cut : Integer.MAX_VALUE));
    }

    /** Always answers 200 with the whole body, whatever the Range header says. */
    void serveIgnoringRange(String path, byte[] body) {
        routes.put(path, (exchange, n) -> send(exchange, body, false, body.length));
    }

    /** Always answers {@code code} with an empty body. */
    void fail(String path, int code) {
        routes.put(path, (exchange, n) -> exchange.sendResponseHeaders(code, -1));
    }

    /** Answers with a redirect to {@code location}. */
    void redirect(String path, String location) {
        routes.put(path, (exchange, n) -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
    }

    /** Answers {@code path} with {@code route}: for misbehaviour a test spells out itself. */
    void route(String path, Route route) {
        routes.put(path, route);
    }

    /** Every request's path and Range header ({@code "-"} when none), in order. */
    List<String> requests() {
        return List.copyOf(ranges);
    }

    /** Body bytes written to clients so far. */
    long bytesSent() {
        return bytesSent.get();
    }

    private void send(HttpExchange exchange, byte[] body, boolean rangesSupported, int limit) throws IOException {
        int from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (rangesSupported) {
            exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
        }
        if (rangesSupported && m != null && m.matches()) {
            from = Integer.parseInt(m.group(1));
            if (from >= body.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, body.length - from);
        } else {
            exchange.sendResponseHeaders(200, body.length);
        }
        int end = (int) Math.min(body.length, (long) from + limit);
        OutputStream out = exchange.getResponseBody();
        out.write(body, from, end - from);
        out.flush();
        bytesSent.addAndGet(end - from);
        if (end < body.length) {
            throw new IOException("dropping the connection after " + (end - from) + " bytes"); // see the handler
        }
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
