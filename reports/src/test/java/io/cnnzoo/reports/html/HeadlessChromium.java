package io.cnnzoo.reports.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A small client for the Chrome DevTools Protocol (CDP): just enough to load one of our self-contained HTML reports in
 * headless Chromium and ask what happened (console messages, uncaught exceptions, requests), query the DOM and take
 * screenshots. Only the JDK's {@link HttpClient} and {@link WebSocket} plus Jackson; no Selenium.
 *
 * <p>Why the launch flags ({@link #FLAGS}):
 * <ul>
 * <li>Networking is disabled, so that "self-contained" is really tested, the same way offline and online: http(s)
 * goes to the proxy 127.0.0.1:9 where nothing listens, and the host resolver maps every host to NOTFOUND, including
 * localhost and IP literals such as 127.0.0.1, which Chromium never sends to a proxy. Any request fails fast and is
 * listed in {@link PageLoad#requests()}. The background-networking, component-update, sync and extension flags keep
 * Chromium itself quiet.</li>
 * <li>{@code --no-sandbox}: Chromium's sandbox refuses to run as root, and our builds and containers run as root. We
 * only load our own local files, so running unsandboxed is acceptable.</li>
 * <li>{@code --remote-debugging-port=0} lets the OS pick a free port; Chromium announces it on stderr as
 * {@code DevTools listening on ws://...}. Stderr is drained on a daemon thread for the life of the process, because
 * Chromium logs plenty (D-Bus errors in containers) and would block once the pipe is full.</li>
 * </ul>
 * We talk to the <em>page</em> target listed by {@code /json/list}, where the Page, Runtime, Network and Log domains
 * live, not to the browser target that stderr announces. A WebSocket delivers a large message (a screenshot is
 * megabytes of base64) in several {@code onText} fragments with {@code last == false}; they are joined before parsing.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** What a page did until it loaded, see {@link #open(Path)}. */
    public record PageLoad(List<String> consoleMessages, List<String> exceptions, List<String> requests) {}

    static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--remote-debugging-port=0", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9");

    private static final long TIMEOUT_SECONDS = 30;
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CompletableFuture<String> listening = new CompletableFuture<>(); // the browser's ws:// URL
    private final StringBuffer startupLog = new StringBuffer(); // stderr until DevTools listens
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>(); // CDP messages without an id
    private final AtomicInteger lastId = new AtomicInteger();
    private volatile CompletableFuture<JsonNode> loaded = new CompletableFuture<>(); // next Page.loadEventFired
    private WebSocket socket;

    private HeadlessChromium(Process process) {
        this.process = process;
        Thread drain = new Thread(this::drainStderr, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    /** Debian's /usr/bin/chromium, else chromium, chromium-browser or google-chrome on the PATH. */
    public static Optional<Path> find() {
        List<String> path = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        return Stream.concat(Stream.of(Path.of("/usr/bin/chromium")),
                        Stream.of("chromium", "chromium-browser", "google-chrome").flatMap(name -> path.stream()
                                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name))))
                .filter(Files::isExecutable).findFirst();
    }

    /** Launches Chromium with {@link #FLAGS} on about:blank and connects to that page. */
    public static HeadlessChromium start(Path executable, Path userDataDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(FLAGS);
        command.addAll(List.of("--user-data-dir=" + userDataDir.toAbsolutePath(), "about:blank"));
        var chromium = new HeadlessChromium(
                new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        try {
            int port;
            try {
                port = URI.create(await(chromium.listening, "Waiting for 'DevTools listening on'")).getPort();
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage() + "; chromium's stderr:\n" + chromium.startupLog, e);
            }
            URI page = URI.create(chromium.pageWebSocketUrl(port));
            chromium.socket = await(chromium.http.newWebSocketBuilder().buildAsync(page, chromium.new Listener()),
                    "Connecting to " + page);
            return chromium;
        } catch (Throwable e) {
            chromium.close();
            throw e;
        }
    }

    private void drainStderr() {
        try (var reader = process.errorReader()) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!listening.isDone()) startupLog.append(line).append('\n');
                var matcher = LISTENING.matcher(line);
                if (matcher.find()) listening.complete(matcher.group(1));
            }
        } catch (IOException streamClosedByClose) {
            // nothing left to drain
        }
        listening.completeExceptionally(new IOException("chromium exited or closed its stderr"));
    }

    /** The page target normally exists once DevTools listens; poll briefly in case it does not yet. */
    private String pageWebSocketUrl(int port) throws IOException, InterruptedException {
        var list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS); ; Thread.sleep(50)) {
            JsonNode targets = JSON.readTree(http.send(list, HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode target : targets) {
                if ("page".equals(target.path("type").asText())) return target.path("webSocketDebuggerUrl").asText();
            }
            if (System.nanoTime() > deadline) throw new IOException("No page target in /json/list: " + targets);
        }
    }

    /** Joins fragments into messages: a reply (with an id) completes its future, anything else is an event. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence fragment, boolean last) {
            message.append(fragment);
            if (last) {
                try {
                    JsonNode json = JSON.readTree(message.toString());
                    CompletableFuture<JsonNode> reply = replies.get(json.path("id").asInt(-1));
                    if (reply != null) reply.complete(json);
                    if (!json.has("id")) events.add(json);
                    if ("Page.loadEventFired".equals(json.path("method").asText())) loaded.complete(json);
                } catch (IOException e) {
                    onError(webSocket, e);
                }
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
            onError(webSocket, new IOException("DevTools closed the WebSocket: " + status + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            replies.values().forEach(reply -> reply.completeExceptionally(error));
        }
    }

    /** A JSON object from a map, to keep calls short: {@code params(Map.of("url", url))}. */
    public static ObjectNode params(Map<String, ?> values) {
        return JSON.valueToTree(values);
    }

    /** Sends a CDP command and returns its result; throws naming the method if CDP answers with an error. */
    public JsonNode send(String method, ObjectNode params) {
        int id = lastId.incrementAndGet();
        var reply = new CompletableFuture<JsonNode>();
        replies.put(id, reply);
        ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
        request.set("params", params == null ? JSON.createObjectNode() : params);
        try {
            synchronized (this) { // a java.net.http.WebSocket allows one outstanding send at a time
                await(socket.sendText(request.toString(), true), "Sending " + method);
            }
            JsonNode response = await(reply, "CDP " + method), error = response.path("error");
            if (error.isObject()) {
                String data = error.has("data") ? " (" + error.path("data").asText() + ")" : "";
                throw new IllegalStateException("CDP " + method + " failed: " + error.path("message").asText() + data);
            }
            return response.path("result");
        } finally {
            replies.remove(id);
        }
    }

    /** All CDP events received so far, in arrival order. */
    public List<JsonNode> events() {
        return List.copyOf(events);
    }

    /**
     * Loads a local HTML file and reports, until its load event plus 300 ms, console API calls and Log entries of level
     * error or warning, uncaught exceptions, and the URLs requested other than the page itself and inline data: URLs.
     */
    public PageLoad open(Path htmlFile) throws InterruptedException {
        String url = htmlFile.toAbsolutePath().toUri().toString();
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) send(domain + ".enable", null);
        int from = events.size();
        loaded = new CompletableFuture<>();
        JsonNode navigation = send("Page.navigate", params(Map.of("url", url)));
        if (navigation.has("errorText")) {
            throw new IllegalStateException("Cannot open " + url + ": " + navigation.get("errorText").asText());
        }
        await(loaded, "Page.loadEventFired for " + url);
        Thread.sleep(300);
        List<String> console = new ArrayList<>(), exceptions = new ArrayList<>(), requests = new ArrayList<>();
        List<JsonNode> all = events();
        for (JsonNode event : all.subList(from, all.size())) {
            JsonNode params = event.path("params"), entry = params.path("entry");
            String requested = params.path("request").path("url").asText(), where = entry.path("url").asText();
            switch (event.path("method").asText()) {
                case "Runtime.consoleAPICalled" -> console.add(params.path("type").asText() + ": " + text(params));
                case "Log.entryAdded" -> {
                    if (entry.path("level").asText().matches("error|warning")) console.add(entry.path("level").asText()
                            + ": " + entry.path("text").asText() + (where.isEmpty() ? "" : " (" + where + ")"));
                }
                case "Runtime.exceptionThrown" -> exceptions.add(describe(params.path("exceptionDetails")));
                case "Network.requestWillBeSent" -> {
                    if (!requested.equals(url) && !requested.startsWith("data:")) requests.add(requested);
                }
                default -> { }
            }
        }
        return new PageLoad(List.copyOf(console), List.copyOf(exceptions), List.copyOf(requests));
    }

    /** Console arguments as text: primitives by value, objects by their description, such as {@code Array(3)}. */
    private static String text(JsonNode consoleApiCall) {
        List<String> texts = new ArrayList<>();
        for (JsonNode arg : consoleApiCall.path("args")) {
            texts.add(arg.has("value") ? arg.get("value").asText() : arg.path("unserializableValue")
                    .asText(arg.path("description").asText(arg.path("type").asText())));
        }
        return String.join(" ", texts);
    }

    private static String describe(JsonNode exceptionDetails) {
        JsonNode exception = exceptionDetails.path("exception");
        return exception.has("description") ? exception.path("description").asText()
                : (exceptionDetails.path("text").asText() + " " + exception.path("value").asText()).trim();
    }

    /** Evaluates JavaScript, awaiting a promise, and returns its JSON value (a missing node for undefined). */
    public JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate",
                params(Map.of("expression", expression, "returnByValue", true, "awaitPromise", true)));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw " + describe(result.path("exceptionDetails")));
        }
        return result.path("result").path("value");
    }

    /** Emulates a screen of width x height CSS pixels; mobile also honours the page's viewport meta tag. */
    public void viewport(int width, int height, boolean mobile) {
        send("Emulation.setDeviceMetricsOverride",
                params(Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile)));
    }

    /** Writes a PNG of the whole page, {@code width} CSS pixels wide; the viewport stays that large afterwards. */
    public void screenshot(Path png, int width) throws IOException {
        viewport(width, 800, false);
        double height = send("Page.getLayoutMetrics", null).path("cssContentSize").path("height").asDouble();
        viewport(width, (int) Math.ceil(height), false);
        JsonNode shot = send("Page.captureScreenshot", params(Map.of("format", "png", "captureBeyondViewport", true)));
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": no answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }

    /** Closes the WebSocket, terminates Chromium and its helper processes and waits (10 s at most) until they exit. */
    @Override
    public void close() {
        if (socket != null) socket.abort();
        List<ProcessHandle> all = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle handle : all) { // polled: onExit() of a process that is not our child looks every 300+ ms
            while (handle.isAlive() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            if (handle.isAlive()) handle.destroyForcibly();
        }
    }
}
