package io.cnnzoo.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The size, MD5 and SHA-256 of some bytes (lowercase hex), computed in one pass.
 *
 * @param size   the number of bytes
 * @param md5    MD5 (RFC 1321)
 * @param sha256 SHA-256 (FIPS 180-4)
 */
public record FileDigest(long size, String md5, String sha256) {

    /** The digest of a whole file. */
    public static FileDigest of(Path file) throws IOException {
        try (HashingInputStream in = new HashingInputStream(Files.newInputStream(file))) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.digest();
        }
    }

    /** The digest of what {@code in} yields until its end; does not close it. */
    public static FileDigest of(InputStream in) throws IOException {
        HashingInputStream hashing = new HashingInputStream(in);
        hashing.transferTo(OutputStream.nullOutputStream());
        return hashing.digest();
    }
}
