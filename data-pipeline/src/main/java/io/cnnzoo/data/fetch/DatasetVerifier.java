package io.cnnzoo.data.fetch;

import io.cnnzoo.data.ContentChecksum;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.RemoteFile;
import io.cnnzoo.data.io.BoundedReads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Re-checks a dataset's files on disk, in this order of trust (docs/datasets.md, "Trust"):
 * <ol>
 *   <li>the file is byte for byte the published download (size, SHA-256, MD5 from the registry): OK;</li>
 *   <li>otherwise its decompressed content matches the SHA-256 and size recorded for the content: OK. This is
 *       how a copy compressed again by someone else is trusted (Debian's Fashion-MNIST);</li>
 *   <li>otherwise, when no content checksum is recorded, the {@code SHA256SUMS} that {@link Fetcher} wrote when
 *       it extracted the file from a verified archive: OK if it matches;</li>
 *   <li>otherwise only the size can be compared: UNCHECKED when it matches.</li>
 * </ol>
 * A file that fails a recorded check is a MISMATCH whatever the other checks say; each file is read once.
 */
public final class DatasetVerifier {

    private DatasetVerifier() {
    }

    public static VerifyReport verify(DatasetSpec spec, Path dir) {
        Map<String, String> manifest = readManifest(dir.resolve(Fetcher.MANIFEST));
        List<FileCheck> checks = new ArrayList<>();
        for (String name : spec.files()) {
            Optional<Path> file = DataLocator.file(dir, name);
            if (file.isEmpty()) {
                checks.add(new FileCheck(name, dir.resolve(name), FileCheck.Status.MISSING,
                        "neither " + name + " nor " + name + ".gz is in " + dir));
                continue;
            }
            checks.add(check(spec, name, file.get(), manifest));
        }
        return new VerifyReport(spec, dir, checks);
    }

    private static FileCheck check(DatasetSpec spec, String name, Path file, Map<String, String> manifest) {
        boolean gzipped = file.getFileName().toString().endsWith(".gz");
        FileDigest raw;
        FileDigest content;
        try {
            FileDigest[] digests = digest(file, gzipped);
            raw = digests[0];
            content = digests[1];
        } catch (IOException e) {
            return new FileCheck(name, file, FileCheck.Status.MISMATCH, "cannot be read"
                    + (gzipped ? " as gzip" : "") + ": " + e.getMessage());
        }
        Optional<RemoteFile> published = spec.download(file.getFileName().toString());
        if (published.isPresent() && Checksums.compare(published.get(), raw).isEmpty()) {
            return new FileCheck(name, file, FileCheck.Status.OK, "matches the published "
                    + describe(published.get()) + " of " + published.get().fileName());
        }
        Optional<ContentChecksum> recorded = spec.content(name);
        if (recorded.isPresent()) {
            Optional<Checksums.Mismatch> problem = Checksums.compare(recorded.get(), content);
            if (problem.isPresent()) {
                return new FileCheck(name, file, FileCheck.Status.MISMATCH, (gzipped ? "decompressed " : "")
                        + problem.get().describe()
                        + (published.isPresent() ? " (and it is not the published " + published.get().fileName() + ")" : ""));
            }
            if (recorded.get().sha256() != null) {
                return new FileCheck(name, file, FileCheck.Status.OK, (gzipped ? "decompressed content" : "content")
                        + " matches the recorded SHA-256 " + abbreviate(recorded.get().sha256()) + " and size "
                        + content.size() + (gzipped && published.isPresent() ? " (the .gz itself differs from the"
                        + " published one: compressed again)" : ""));
            }
        }
        String listed = manifest.get(name);
        if (listed != null) {
            return listed.equals(content.sha256())
                    ? new FileCheck(name, file, FileCheck.Status.OK, "matches " + Fetcher.MANIFEST
                    + ", written when it was extracted from the verified archive")
                    : new FileCheck(name, file, FileCheck.Status.MISMATCH, "SHA-256 expected " + listed + " (from "
                    + Fetcher.MANIFEST + "), got " + content.sha256());
        }
        String notPublished = published.isPresent() ? "not byte for byte the published " + published.get().fileName()
                + "; " : "";
        return new FileCheck(name, file, FileCheck.Status.UNCHECKED, notPublished
                + (recorded.isPresent() && recorded.get().size() != null
                ? (gzipped ? "decompressed " : "") + "size " + content.size() + " as recorded; no checksum recorded"
                : "no size or checksum recorded"));
    }

    /** {raw digest, content digest}: one pass, decompressing a {@code .gz} while hashing both sides. */
    private static FileDigest[] digest(Path file, boolean gzipped) throws IOException {
        try (HashingInputStream raw = new HashingInputStream(Files.newInputStream(file))) {
            if (!gzipped) {
                raw.transferTo(OutputStream.nullOutputStream());
                FileDigest d = raw.digest();
                return new FileDigest[]{d, d};
            }
            HashingInputStream content = new HashingInputStream(new GZIPInputStream(raw, 1 << 16));
            content.transferTo(OutputStream.nullOutputStream());
            raw.transferTo(OutputStream.nullOutputStream()); // anything after the gzip members still counts
            return new FileDigest[]{raw.digest(), content.digest()};
        }
    }

    /** A manifest lists a dataset's handful of files; one this long is not one {@code fetch} wrote. */
    private static final long MAX_MANIFEST_BYTES = 1 << 20;

    /**
     * The {@code sha256sum} lines of {@code manifest} by file name; empty when there is none.
     *
     * @throws UncheckedIOException with a {@link DatasetFormatException} when it is longer than 1 MiB
     */
    static Map<String, String> readManifest(Path manifest) {
        Map<String, String> sums = new HashMap<>();
        if (!Files.isRegularFile(manifest)) {
            return sums;
        }
        try (InputStream in = Files.newInputStream(manifest)) {
            byte[] bytes = BoundedReads.readAtMost(in, MAX_MANIFEST_BYTES, manifest, "a checksum list of 1 MiB");
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.trim().split("\\s+\\*?", 2);
                if (parts.length == 2 && parts[0].length() == 64) {
                    sums.put(parts[1], parts[0].toLowerCase(Locale.ROOT));
                }
            }
        } catch (DatasetFormatException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            // An unreadable manifest verifies nothing; the files are then only size-checked.
        }
        return sums;
    }

    private static String describe(RemoteFile remote) {
        List<String> what = new ArrayList<>();
        if (remote.size() != null) {
            what.add("size");
        }
        if (remote.sha256() != null) {
            what.add("SHA-256");
        }
        if (remote.md5() != null) {
            what.add("MD5");
        }
        return String.join(", ", what);
    }

    private static String abbreviate(String hex) {
        return hex.substring(0, 12) + "...";
    }
}
