package io.cnnzoo.data.fetch;

import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetSpec;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one call experiment and user code makes to get a dataset's folder: what {@link DataLocator} finds,
 * else (with {@link FetchPolicy#DOWNLOAD}) a verified download into the cache. Tests and training commands
 * pass {@link FetchPolicy#OFFLINE}, so nothing is ever downloaded behind the user's back.
 */
public final class DatasetFiles {

    private DatasetFiles() {
    }

    /**
     * The folder holding every file of {@code spec}; with {@code DOWNLOAD}, a missing dataset is fetched into
     * {@code locator.cacheRoot()}, announced and shown on {@code listener}.
     *
     * @throws FileNotFoundException when {@code OFFLINE} and the dataset is nowhere; the message lists where it
     *                               looked and the {@code ./cnnzoo data fetch NAME} command
     */
    public static Path resolve(DatasetSpec spec, DataLocator locator, FetchPolicy policy, FetchListener listener)
            throws IOException {
        return resolve(spec, locator, policy, new Fetcher(FetchSettings.defaults(), listener), listener);
    }

    /** As {@link #resolve(DatasetSpec, DataLocator, FetchPolicy, FetchListener)}, downloading with {@code fetcher}. */
    public static Path resolve(DatasetSpec spec, DataLocator locator, FetchPolicy policy, Fetcher fetcher,
                               FetchListener listener) throws IOException {
        Optional<Path> found = locator.find(spec);
        if (found.isPresent()) {
            return found.get();
        }
        if (policy == FetchPolicy.OFFLINE || spec.downloads().isEmpty()) {
            throw new FileNotFoundException(notFound(spec, locator));
        }
        long bytes = spec.downloadBytes();
        Path target = locator.downloadFolder(spec);
        listener.note("Dataset " + spec.name() + " is not on this machine (looked in " + locator.candidates(spec)
                + "); downloading " + spec.downloads().size() + (spec.downloads().size() == 1 ? " file" : " files")
                + (bytes >= 0 ? " (" + ConsoleProgress.megabytes(bytes) + ")" : "") + " into " + target);
        return fetcher.fetchInto(spec, target);
    }

    /** Where {@code spec} was looked for, and how to get it. */
    public static String notFound(DatasetSpec spec, DataLocator locator) {
        StringBuilder message = new StringBuilder("dataset " + spec.name() + " not found: looked for "
                + spec.files() + " (raw or .gz) in");
        for (Path candidate : locator.candidates(spec)) {
            message.append("\n  ").append(candidate);
        }
        if (!spec.downloads().isEmpty()) {
            message.append("\ndownload it with: ./cnnzoo data fetch ").append(spec.name());
        }
        if (locator.isExplicit()) {
            message.append(" (into the --data-dir folder: ./cnnzoo data fetch ").append(spec.name())
                    .append(" --data-dir DIR)\nor correct --data-dir: it names the dataset's folder or a folder holding ")
                    .append(spec.name()).append("/");
        } else {
            message.append("\nor pass --data-dir DIR, or set ").append(DataLocator.DATA_ENV)
                    .append(" to a folder holding ").append(spec.name()).append("/");
        }
        return message.toString();
    }
}
