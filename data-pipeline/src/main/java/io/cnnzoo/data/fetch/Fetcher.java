package io.cnnzoo.data.fetch;

import io.cnnzoo.data.ContentChecksum;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.RemoteFile;
import io.cnnzoo.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Downloads a dataset into the cache ({@code <cacheRoot>/<name>/}, {@link DataLocator#cacheRoot()}) so that
 * the cache only ever holds verified, complete files:
 * <ol>
 *   <li>each file is downloaded into {@code <file>.part} next to its final place, trying the URLs in order,
 *       for {@link FetchSettings#attempts()} rounds with a doubling pause; an interrupted transfer is resumed
 *       from where the {@code .part} file ends (also by the next {@code fetch}, so the {@code .part} file is
 *       kept when every attempt fails on the network and the server accepts range requests); no download
 *       grows past the published size ({@link HttpDownloader});</li>
 *   <li>the size, SHA-256 and MD5 (whichever are published) are checked before anything moves; a mismatch
 *       deletes the {@code .part} file and fails naming the file, the expected and the actual value (after
 *       trying the remaining mirrors);</li>
 *   <li>the verified file is forced to disk and renamed atomically into place;</li>
 *   <li>an archive ({@link RemoteFile.Kind#TAR_GZ}, downloaded into {@code <cacheRoot>/downloads/}) is
 *       extracted without its folders into a temporary sibling of the dataset's folder, its files checked
 *       against the registry's sizes, a {@code SHA256SUMS} written, and the folder renamed into place; the
 *       archive (and the then empty {@code downloads} folder) is deleted. A corrupt or truncated archive leaves
 *       no folder behind.</li>
 * </ol>
 */
public final class Fetcher {

    /** The checksum list written next to files extracted from a verified archive ({@code sha256sum -c} reads it). */
    public static final String MANIFEST = "SHA256SUMS";

    /** Where archives are downloaded, under the cache root. */
    public static final String DOWNLOADS = "downloads";

    private final FetchSettings settings;
    private final FetchListener listener;
    private final HttpDownloader http;

    public Fetcher(FetchSettings settings, FetchListener listener) {
        this(settings, listener, ProxyChoice.system());
    }

    Fetcher(FetchSettings settings, FetchListener listener, ProxyChoice proxies) {
        this.settings = settings;
        this.listener = listener;
        this.http = new HttpDownloader(settings, proxies);
    }

    /**
     * Makes {@code <cacheRoot>/<name>} hold every file of {@code spec}, downloading what is missing; returns
     * that folder. Files already there are checked, not downloaded again.
     */
    public Path fetch(DatasetSpec spec, Path cacheRoot) throws IOException {
        return fetchInto(spec, cacheRoot.resolve(spec.name()));
    }

    /**
     * Makes {@code dir} hold every file of {@code spec}, as {@link #fetch}; archives are downloaded into a
     * {@code downloads} folder beside it.
     */
    public Path fetchInto(DatasetSpec spec, Path dir) throws IOException {
        if (spec.downloads().isEmpty()) {
            throw new IOException("the registry knows no download for dataset " + spec.name());
        }
        Path parent = dir.toAbsolutePath().getParent();
        boolean archive = spec.downloads().stream().anyMatch(d -> d.kind() == RemoteFile.Kind.TAR_GZ);
        if (archive) {
            if (hasAllFiles(dir, spec)) {
                return dir;
            }
            if (Files.exists(dir)) {
                throw new FileAlreadyExistsException(dir.toString(), null, "exists but lacks some of "
                        + spec.files() + "; remove it, then fetch " + spec.name() + " again");
            }
            Path downloads = parent.resolve(DOWNLOADS);
            Files.createDirectories(downloads);
            for (RemoteFile remote : spec.downloads()) {
                Path file = download(remote, downloads);
                if (remote.kind() == RemoteFile.Kind.TAR_GZ) {
                    listener.note("Extracting " + file.getFileName() + " into " + dir);
                    installArchive(spec, file, dir);
                    Files.delete(file);
                }
            }
            deleteIfEmpty(downloads);
            return dir;
        }
        Files.createDirectories(dir);
        for (RemoteFile remote : spec.downloads()) {
            download(remote, dir);
        }
        return dir;
    }

    /**
     * {@code dir/<fileName>}, downloaded and verified unless already there; a file already there that does not
     * verify is left alone and reported.
     */
    public Path download(RemoteFile remote, Path dir) throws IOException {
        Path target = dir.resolve(remote.fileName());
        if (Files.exists(target)) {
            Optional<Checksums.Mismatch> problem = Checksums.compare(remote, FileDigest.of(target));
            if (problem.isPresent()) {
                throw new ChecksumMismatchException(target, problem.get().what(), problem.get().expected(),
                        problem.get().actual(), "the file was already there; delete it to download it again");
            }
            return target;
        }
        Path part = dir.resolve(remote.fileName() + ".part");
        List<URI> urls = new ArrayList<>(remote.urls());
        List<String> failures = new ArrayList<>();
        ChecksumMismatchException mismatch = null;
        for (int attempt = 1; attempt <= settings.attempts() && !urls.isEmpty(); attempt++) {
            for (URI url : List.copyOf(urls)) {
                long resumedFrom = Files.exists(part) ? Files.size(part) : 0;
                try {
                    http.download(url, part, remote.size(), remote.fileName(), listener);
                } catch (IOException e) {
                    failures.add("attempt " + attempt + ", " + url + ": " + e.getMessage());
                    continue;
                }
                try {
                    verifyAndMove(remote, url, part, target);
                    return target;
                } catch (ChecksumMismatchException e) {
                    mismatch = e;
                    failures.add("attempt " + attempt + ", " + url + ": " + e.getMessage());
                    if (resumedFrom == 0) {
                        urls.remove(url); // this mirror serves other bytes; a resumed file gets one fresh try
                    }
                }
            }
            if (attempt < settings.attempts() && !urls.isEmpty()) {
                Duration wait = settings.firstBackoff().multipliedBy(1L << (attempt - 1));
                listener.retrying(remote.fileName(), failures.get(failures.size() - 1), attempt, settings.attempts(),
                        wait);
                pause(wait);
            }
        }
        if (urls.isEmpty() && mismatch != null) {
            throw mismatch;
        }
        throw new IOException("could not download " + remote.fileName() + " after " + settings.attempts()
                + " attempts:\n  " + String.join("\n  ", failures)
                + (Files.exists(part) ? "\nthe partial file " + part + " (" + Files.size(part) + " bytes) is kept; "
                + "fetching again resumes it" : ""));
    }

    private void verifyAndMove(RemoteFile remote, URI url, Path part, Path target) throws IOException {
        FileDigest digest = FileDigest.of(part);
        Optional<Checksums.Mismatch> problem = Checksums.compare(remote, digest);
        if (problem.isPresent()) {
            Files.deleteIfExists(part);
            throw new ChecksumMismatchException(target, problem.get().what(), problem.get().expected(),
                    problem.get().actual(), "downloaded " + digest.size() + " bytes from " + url
                    + "; the download was deleted");
        }
        AtomicFiles.moveIntoPlace(part, target);
        listener.verified(remote.fileName(), target);
    }

    /**
     * Extracts {@code archive} into a new folder {@code dir}: regular files only, each under its base name, in a
     * temporary sibling that is renamed to {@code dir} once every file of {@code spec} is there with its recorded
     * size and a {@code SHA256SUMS} lists them all.
     */
    void installArchive(DatasetSpec spec, Path archive, Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".extract-");
        try {
            Map<String, FileDigest> digests = extractFlat(archive, tmp);
            for (String file : spec.files()) {
                FileDigest digest = digests.get(file);
                if (digest == null) {
                    throw new DatasetFormatException(archive, "holds no file named " + file + "; expected "
                            + spec.files() + ", found " + digests.keySet());
                }
                Optional<ContentChecksum> expected = spec.content(file);
                if (expected.isPresent()) {
                    Optional<Checksums.Mismatch> problem = Checksums.compare(expected.get(), digest);
                    if (problem.isPresent()) {
                        throw new DatasetFormatException(archive, "entry " + file + ": " + problem.get().describe());
                    }
                }
            }
            writeManifest(tmp.resolve(MANIFEST), digests);
            AtomicFiles.fsyncDirectory(tmp);
            AtomicFiles.moveIntoPlace(tmp, dir);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(tmp);
            throw e;
        }
    }

    /** Extracts the regular files of a gzipped tar into {@code into}, flattened; returns their digests by name. */
    static Map<String, FileDigest> extractFlat(Path archive, Path into) throws IOException {
        Map<String, FileDigest> digests = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16),
                1 << 16)) {
            TarReader tar = new TarReader(in, archive);
            TarReader.Entry entry;
            while ((entry = tar.next()) != null) {
                if (!entry.isFile()) {
                    continue; // folders are flattened away; links and devices are not data
                }
                String name = baseName(archive, entry);
                if (digests.containsKey(name)) {
                    throw new DatasetFormatException(archive, "two entries named " + name + " (the second at offset "
                            + entry.offset() + "); they would overwrite each other once flattened");
                }
                Path file = into.resolve(name);
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                    HashingOutputStream hashing = new HashingOutputStream(out);
                    tar.copyEntry(hashing);
                    digests.put(name, hashing.digest());
                }
                AtomicFiles.fsync(file);
            }
        } catch (EOFException | ZipException e) {
            throw new DatasetFormatException(archive, "truncated or corrupt gzip stream: " + e.getMessage(), e);
        }
        return digests;
    }

    /**
     * The entry's name without its folders, if it is a portable file name (POSIX's portable filename character
     * set, {@code [A-Za-z0-9._-]}, not {@code .} or {@code ..}: a name every file system takes as it is) and not
     * one the fetcher writes itself ({@code SHA256SUMS}, {@code *.part}, {@code *.tmp}).
     */
    private static String baseName(Path archive, TarReader.Entry entry) throws DatasetFormatException {
        String name = entry.name();
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.equals(".") || base.equals("..") || base.length() > 255 || !base.matches("[A-Za-z0-9._-]+")) {
            throw new DatasetFormatException(archive, "entry at offset " + entry.offset() + " has no portable file "
                    + "name: '" + printable(name) + "'; expected letters, digits, '.', '_' and '-' only");
        }
        if (base.equals(MANIFEST) || base.endsWith(".part") || base.endsWith(".tmp")) {
            throw new DatasetFormatException(archive, "entry at offset " + entry.offset() + " is named " + base
                    + ", a name the fetcher writes itself; refusing to extract it");
        }
        return base;
    }

    /** {@code text} with control characters shown as {@code U+XXXX}, for messages. */
    private static String printable(String text) {
        StringBuilder s = new StringBuilder();
        text.codePoints().limit(300).forEach(c -> s.append(Character.isISOControl(c)
                ? String.format("U+%04X", c) : new String(Character.toChars(c))));
        return s.toString();
    }

    private static void writeManifest(Path manifest, Map<String, FileDigest> digests) throws IOException {
        StringBuilder text = new StringBuilder();
        digests.forEach((name, digest) -> text.append(digest.sha256()).append("  ").append(name).append('\n'));
        Files.writeString(manifest, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        AtomicFiles.fsync(manifest);
    }

    private static boolean hasAllFiles(Path dir, DatasetSpec spec) {
        return spec.files().stream().allMatch(name -> DataLocator.file(dir, name).isPresent());
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }

    private void pause(Duration wait) throws InterruptedIOException {
        try {
            settings.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
