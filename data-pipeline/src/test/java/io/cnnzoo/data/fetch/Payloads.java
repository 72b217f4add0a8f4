package io.cnnzoo.data.fetch;

import io.cnnzoo.data.RemoteFile;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Test bytes, their digests computed with the JDK's MessageDigest, and helpers shared by the fetch tests. */
final class Payloads {

    private Payloads() {
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        return hex("SHA-256", bytes);
    }

    static String md5(byte[] bytes) {
        return hex("MD5", bytes);
    }

    /** A registry entry for {@code body} served at {@code urls}, with its true size and checksums. */
    static RemoteFile remote(String fileName, byte[] body, RemoteFile.Kind kind, URI... urls) {
        return new RemoteFile(fileName, List.of(urls), (long) body.length, md5(body), sha256(body), kind);
    }

    /** Settings that never wait, recording the pauses they were asked for. */
    static FetchSettings noWait(int attempts, List<Duration> pauses) {
        return new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), attempts, Duration.ofSeconds(2),
                1024, Duration.ofSeconds(60), pauses::add);
    }

    /** Every path below {@code dir} (relative), sorted: a folder's state before and after an operation. */
    static List<String> listing(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<String> names = new ArrayList<>(paths.map(p -> dir.relativize(p).toString()).sorted().toList());
            return names;
        }
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
