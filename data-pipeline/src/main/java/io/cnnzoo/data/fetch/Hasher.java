package io.cnnzoo.data.fetch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts bytes and feeds MD5 and SHA-256 with them, so a file is read once for all three. */
final class Hasher {

    private final MessageDigest md5 = algorithm("MD5");
    private final MessageDigest sha256 = algorithm("SHA-256");
    private long count;

    void update(byte[] bytes, int offset, int length) {
        md5.update(bytes, offset, length);
        sha256.update(bytes, offset, length);
        count += length;
    }

    /** The digest of everything updated so far (call once, at the end). */
    FileDigest digest() {
        HexFormat hex = HexFormat.of();
        return new FileDigest(count, hex.formatHex(md5.digest()), hex.formatHex(sha256.digest()));
    }

    private static MessageDigest algorithm(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is required of every Java platform", e);
        }
    }
}
