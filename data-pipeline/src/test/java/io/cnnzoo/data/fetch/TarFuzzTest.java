package io.cnnzoo.data.fetch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.fuzz.FuzzFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Any bytes, as a tar behind gzip or as a broken gzip, are either extracted flat — every file inside the
 * target folder, under a portable name, with the digest of what was written — or refused with a
 * {@link DatasetFormatException} naming the archive.
 */
class TarFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void tarArchives(byte[] input) throws IOException {
        if (input.length < 1) {
            return;
        }
        FuzzFiles.Layer layer = (input[0] & 1) == 0 ? FuzzFiles.Layer.GZIPPED : FuzzFiles.Layer.RAW_NAMED_GZ;
        Path archive = FuzzFiles.write("fuzz.tar", input, 1, layer);
        Path into = FuzzFiles.folder("extract");
        Map<String, FileDigest> digests;
        try {
            digests = Fetcher.extractFlat(archive, into);
        } catch (DatasetFormatException e) {
            FuzzFiles.requireNamed(e, archive);
            return;
        }
        try (var listing = Files.list(into)) {
            for (Path file : listing.toList()) {
                String name = file.getFileName().toString();
                FileDigest written = digests.get(name);
                if (written == null || !name.matches("[A-Za-z0-9._-]+") || Files.size(file) != written.size()) {
                    throw new AssertionError("extracted " + name + " (" + Files.size(file) + " bytes), digests "
                            + digests);
                }
            }
        }
    }
}
