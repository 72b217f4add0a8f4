package io.cnnzoo.data.fetch;

import io.cnnzoo.data.ContentChecksum;
import io.cnnzoo.data.RemoteFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Compares digests with what the registry records. */
final class Checksums {

    /** A failed comparison: which check, the recorded and the found value. */
    record Mismatch(String what, String expected, String actual) {
        String describe() {
            return what + " expected " + expected + ", got " + actual;
        }
    }

    private Checksums() {
    }

    /** The first of size, SHA-256 and MD5 that {@code digest} fails for {@code remote}, checking what is published. */
    static Optional<Mismatch> compare(RemoteFile remote, FileDigest digest) {
        List<Mismatch> problems = new ArrayList<>();
        if (remote.size() != null && remote.size() != digest.size()) {
            problems.add(new Mismatch("size", remote.size() + " bytes", digest.size() + " bytes"));
        }
        if (remote.sha256() != null && !remote.sha256().equals(digest.sha256())) {
            problems.add(new Mismatch("SHA-256", remote.sha256(), digest.sha256()));
        }
        if (remote.md5() != null && !remote.md5().equals(digest.md5())) {
            problems.add(new Mismatch("MD5", remote.md5(), digest.md5()));
        }
        // Name the checksum when it differs: a size mismatch alone says less about what arrived.
        return problems.stream().filter(p -> !p.what().equals("size")).findFirst()
                .or(() -> problems.stream().findFirst());
    }

    /** Like {@link #compare(RemoteFile, FileDigest)} for decompressed content; empty when nothing recorded differs. */
    static Optional<Mismatch> compare(ContentChecksum content, FileDigest digest) {
        if (content.sha256() != null && !content.sha256().equals(digest.sha256())) {
            return Optional.of(new Mismatch("content SHA-256", content.sha256(), digest.sha256()));
        }
        if (content.size() != null && content.size() != digest.size()) {
            return Optional.of(new Mismatch("content size", content.size() + " bytes", digest.size() + " bytes"));
        }
        return Optional.empty();
    }
}
