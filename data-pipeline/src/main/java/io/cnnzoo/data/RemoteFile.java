package io.cnnzoo.data;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A file a dataset is published as, with what its publishers say about it: where to get it (the canonical
 * address first, then mirrors), its size in bytes, and its MD5 and SHA-256. A number nobody publishes is
 * {@code null}; at least one checksum is always known.
 *
 * @param fileName the name the file is saved under ({@code train-images-idx3-ubyte.gz})
 * @param urls     where to download it, tried in order
 * @param size     its size in bytes, or {@code null} when unpublished
 * @param md5      its MD5 as lowercase hex, or {@code null}
 * @param sha256   its SHA-256 as lowercase hex, or {@code null}
 * @param kind     what to do with it once verified
 */
public record RemoteFile(String fileName, List<URI> urls, Long size, String md5, String sha256, Kind kind) {

    /** What a verified download becomes. */
    public enum Kind {
        /** Kept as it is, in the dataset's folder (the IDX {@code .gz} files; readers decompress on the fly). */
        FILE,
        /** A gzipped tar archive whose regular files are extracted, without their folders, into the dataset's folder. */
        TAR_GZ
    }

    public RemoteFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(kind, "kind");
        urls = List.copyOf(urls);
        md5 = md5 == null ? null : md5.toLowerCase(Locale.ROOT);
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": no URL");
        }
        if (md5 == null && sha256 == null) {
            throw new IllegalArgumentException(fileName + ": neither MD5 nor SHA-256 known; a download could not be verified");
        }
    }

    /** A file at {@code base + fileName} for each base address (a folder URL ending in {@code /}). */
    public static RemoteFile at(List<String> bases, String fileName, Long size, String md5, String sha256, Kind kind) {
        return new RemoteFile(fileName, bases.stream().map(base -> URI.create(base + fileName)).toList(), size, md5,
                sha256, kind);
    }
}
