package io.cnnzoo.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one URL into a partial file, continuing it when it already holds a prefix (an HTTP Range request,
 * RFC 9110 section 14): a 206 answer is appended, a 200 answer (a server that ignores ranges) restarts the file.
 *
 * <p>A download never holds more than the published size: a Content-Length or Content-Range that disagrees
 * with it is refused before a byte is read, and a body that runs on (no length, chunked, or a lying server) is
 * cut at the first byte too many and its partial file deleted. Connect and read timeouts bound every wait, a
 * minimum rate bounds a slow drip, and redirects are followed between http and https (at most five). A body
 * that ends early is an {@link IOException} so the caller can retry; the partial file is kept for that only
 * when the server accepts range requests, since otherwise no retry can continue it.
 */
final class HttpDownloader {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int MAX_REDIRECTS = 5;

    private final FetchSettings settings;
    private final ProxyChoice proxies;

    HttpDownloader(FetchSettings settings, ProxyChoice proxies) {
        this.settings = settings;
        this.proxies = proxies;
    }

    /**
     * Brings {@code part} to the full content of {@code url}, reporting progress as {@code fileName}.
     *
     * @param expectedSize the published size, or {@code null}; a partial file of that size is taken as complete
     */
    void download(URI url, Path part, Long expectedSize, String fileName, FetchListener listener) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (expectedSize != null && have > expectedSize) {
            Files.delete(part); // longer than the published file: not a prefix of it
            have = 0;
        }
        if (expectedSize != null && have == expectedSize) {
            return;
        }
        listener.downloading(fileName, url, have, expectedSize);
        HttpURLConnection connection = open(url, have);
        try {
            int code = connection.getResponseCode();
            Transfer transfer;
            if (code == HttpURLConnection.HTTP_PARTIAL && have > 0) {
                transfer = continued(connection, url, part, have, expectedSize);
            } else if (code == HttpURLConnection.HTTP_OK) {
                transfer = restarted(connection, url, expectedSize);
            } else if (code == 416 && have > 0) {
                // The server holds no byte past our prefix, yet the file is not complete: start over.
                Files.delete(part);
                throw new IOException(url + " answered HTTP 416 to bytes=" + have + "-; the partial file was deleted, "
                        + "the next attempt starts from byte 0");
            } else {
                throw new IOException("HTTP " + code + (connection.getResponseMessage() != null
                        ? " " + connection.getResponseMessage() : "") + " from " + url);
            }
            copy(connection, part, transfer, url, fileName, listener);
        } finally {
            connection.disconnect();
        }
    }

    /**
     * What an answer promises: append or restart, from which byte, to which total, and whether a retry can
     * continue it.
     */
    private record Transfer(boolean append, long from, long total, boolean resumable) {
    }

    private static Transfer continued(HttpURLConnection connection, URI url, Path part, long have, Long expectedSize)
            throws IOException {
        String range = connection.getHeaderField("Content-Range");
        Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.trim());
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) != have) {
            throw new IOException(url + " answered the range request bytes=" + have + "- with Content-Range "
                    + range + "; expected one starting at byte " + have);
        }
        long end = Long.parseLong(m.group(2));
        long total = m.group(3).equals("*") ? (expectedSize != null ? expectedSize : -1) : Long.parseLong(m.group(3));
        if (expectedSize != null && total != expectedSize) {
            Files.delete(part); // this server's file is another file: our prefix may not be part of it
            throw new IOException(url + " answered with Content-Range " + range + ": a file of " + total
                    + " bytes, but the registry publishes " + expectedSize + "; the partial file was deleted");
        }
        if (total < 0 || end != total - 1) {
            throw new IOException(url + " answered with Content-Range " + range + "; expected bytes " + have + "-"
                    + (total - 1) + (total < 0 ? " of a known size" : "/" + total));
        }
        return new Transfer(true, have, total, true);
    }

    private static Transfer restarted(HttpURLConnection connection, URI url, Long expectedSize) throws IOException {
        long length = connection.getContentLengthLong();
        if (expectedSize != null && length >= 0 && length != expectedSize) {
            throw new IOException(url + " announces " + length + " bytes (Content-Length), but the registry "
                    + "publishes " + expectedSize + " bytes for this file; not downloading it");
        }
        if (expectedSize == null && length < 0) {
            throw new IOException(url + " gives no Content-Length and the registry publishes no size; refusing a "
                    + "download without a bound");
        }
        boolean resumable = "bytes".equalsIgnoreCase(connection.getHeaderField("Accept-Ranges"));
        return new Transfer(false, 0, expectedSize != null ? expectedSize : length, resumable);
    }

    private void copy(HttpURLConnection connection, Path part, Transfer transfer, URI url, String fileName,
                      FetchListener listener) throws IOException {
        StandardOpenOption mode = transfer.append() ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long done = transfer.from();
        RateFloor floor = new RateFloor(settings, done);
        try (InputStream in = connection.getInputStream();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (done + n > transfer.total()) {
                    out.close();
                    Files.deleteIfExists(part);
                    throw new IOException(url + " sent more than the " + transfer.total() + " bytes of "
                            + fileName + "; stopped at byte " + transfer.total() + " and deleted the partial file");
                }
                out.write(buffer, 0, n);
                done += n;
                listener.progress(fileName, done, transfer.total());
                floor.check(done, url);
            }
            if (done < transfer.total()) {
                throw new IOException("connection to " + url + " closed after " + done + " of " + transfer.total()
                        + " bytes");
            }
        } catch (IOException e) {
            if (!transfer.resumable() && Files.exists(part)) {
                Files.delete(part);
                throw new IOException(e.getMessage() + "; " + url + " does not accept range requests, so no retry "
                        + "could continue the partial file: it was deleted", e);
            }
            throw e;
        }
    }

    /** A connection whose response is not a redirect, asking for bytes from {@code from} on when non-zero. */
    private HttpURLConnection open(URI url, long from) throws IOException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Proxy proxy = proxies.forUri(current);
            HttpURLConnection c = (HttpURLConnection) (proxy == null ? current.toURL().openConnection()
                    : current.toURL().openConnection(proxy));
            c.setConnectTimeout((int) settings.connectTimeout().toMillis());
            c.setReadTimeout((int) settings.readTimeout().toMillis());
            c.setInstanceFollowRedirects(false); // Java does not follow http <-> https redirects itself
            c.setRequestProperty("User-Agent", "cnnzoo-data-fetch");
            c.setRequestProperty("Accept-Encoding", "identity"); // the bytes as published, for the checksum
            if (from > 0) {
                c.setRequestProperty("Range", "bytes=" + from + "-");
            }
            int code = c.getResponseCode();
            String location = c.getHeaderField("Location");
            if (code / 100 == 3 && code != HttpURLConnection.HTTP_NOT_MODIFIED && location != null) {
                c.disconnect();
                current = current.resolve(location);
                if (!current.getScheme().equals("http") && !current.getScheme().equals("https")) {
                    throw new IOException(url + " redirects to " + current + ", not an http(s) address");
                }
                continue;
            }
            return c;
        }
        throw new IOException(url + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /** Fails a transfer that averages less than the minimum rate over a whole window. */
    private static final class RateFloor {

        private final long minimumRate;
        private final long windowNanos;
        private long windowStart = System.nanoTime();
        private long windowBytes;

        RateFloor(FetchSettings settings, long startBytes) {
            this.minimumRate = settings.minimumRate();
            this.windowNanos = settings.rateWindow().toNanos();
            this.windowBytes = startBytes;
        }

        void check(long done, URI url) throws IOException {
            long now = System.nanoTime();
            if (now - windowStart < windowNanos) {
                return;
            }
            double seconds = (now - windowStart) / 1e9;
            double rate = (done - windowBytes) / seconds;
            if (rate < minimumRate) {
                throw new IOException(String.format(Locale.ROOT, "%s sent %d bytes in %.1f s (%.0f B/s), "
                        + "below the minimum of %d B/s; dropping the connection", url, done - windowBytes, seconds,
                        rate, minimumRate));
            }
            windowStart = now;
            windowBytes = done;
        }
    }
}
