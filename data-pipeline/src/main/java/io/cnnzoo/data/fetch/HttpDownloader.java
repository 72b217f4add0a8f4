package io.cnnzoo.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one URL into a partial file, continuing it when it already holds a prefix (an HTTP Range request,
 * RFC 9110 section 14): a 206 answer is appended, a 200 answer (a server that ignores ranges) restarts the file.
 * Connect and read timeouts bound every wait; redirects are followed between http and https (at most five).
 * A body that ends before its announced length is an {@link IOException}, so the caller can retry and resume.
 */
final class HttpDownloader {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int MAX_REDIRECTS = 5;

    private final Duration connectTimeout;
    private final Duration readTimeout;

    HttpDownloader(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
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
            boolean append;
            long total;
            if (code == HttpURLConnection.HTTP_PARTIAL && have > 0) {
                String range = connection.getHeaderField("Content-Range");
                Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.trim());
                if (m == null || !m.matches() || Long.parseLong(m.group(1)) != have) {
                    throw new IOException(url + " answered the range request bytes=" + have + "- with Content-Range "
                            + range + "; expected one starting at byte " + have);
                }
                append = true;
                total = m.group(3).equals("*") ? (expectedSize != null ? expectedSize : -1) : Long.parseLong(m.group(3));
            } else if (code == HttpURLConnection.HTTP_OK) {
                append = false;
                have = 0;
                long length = connection.getContentLengthLong();
                total = length >= 0 ? length : (expectedSize != null ? expectedSize : -1);
            } else if (code == 416 && have > 0) {
                // The server holds no byte past our prefix, yet the file is not complete: start over.
                Files.delete(part);
                throw new IOException(url + " answered HTTP 416 to bytes=" + have + "-; the partial file was deleted, "
                        + "the next attempt starts from byte 0");
            } else {
                throw new IOException("HTTP " + code + (connection.getResponseMessage() != null
                        ? " " + connection.getResponseMessage() : "") + " from " + url);
            }
            copy(connection, part, append, have, total, url, fileName, listener);
        } finally {
            connection.disconnect();
        }
    }

    private void copy(HttpURLConnection connection, Path part, boolean append, long have, long total, URI url,
                      String fileName, FetchListener listener) throws IOException {
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long done = have;
        try (InputStream in = connection.getInputStream();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                done += n;
                listener.progress(fileName, done, total);
            }
        }
        if (total >= 0 && done < total) {
            throw new IOException("connection to " + url + " closed after " + done + " of " + total + " bytes");
        }
    }

    /** A connection whose response is not a redirect, asking for bytes from {@code from} on when non-zero. */
    private HttpURLConnection open(URI url, long from) throws IOException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection c = (HttpURLConnection) current.toURL().openConnection();
            c.setConnectTimeout((int) connectTimeout.toMillis());
            c.setReadTimeout((int) readTimeout.toMillis());
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
}
