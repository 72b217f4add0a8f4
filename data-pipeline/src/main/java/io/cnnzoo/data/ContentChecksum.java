package io.cnnzoo.data;

import java.util.Locale;
import java.util.Objects;

/**
 * What one of a dataset's files holds once decompressed: the bytes a reader sees. Checking the content
 * rather than the {@code .gz} lets a copy that was compressed again (Debian's Fashion-MNIST) be trusted:
 * gzip output depends on the compressor and its header fields, the decompressed IDX bytes do not.
 *
 * @param file   the file name as in {@link DatasetSpec#files()} (no {@code .gz})
 * @param size   the decompressed size in bytes, or {@code null} when unknown
 * @param sha256 the SHA-256 of the decompressed bytes, lowercase hex, or {@code null} when no checksum is
 *               recorded (then only the size can be checked, or the {@code SHA256SUMS} written when the
 *               file was extracted from a verified archive)
 */
public record ContentChecksum(String file, Long size, String sha256) {

    public ContentChecksum {
        Objects.requireNonNull(file, "file");
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
    }
}
