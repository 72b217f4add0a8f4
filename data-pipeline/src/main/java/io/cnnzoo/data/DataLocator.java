package io.cnnzoo.data;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a dataset's files. Without an explicit directory it searches, in this order, {@code $CNNZOO_DATA},
 * {@code ~/.cnnzoo/data}, then the folders an operating-system package installs (Debian's
 * {@code dataset-fashion-mnist}: {@code /usr/share/datasets/fashion-mnist}); under a data root the dataset
 * lives in a folder of its name ({@code $CNNZOO_DATA/fashion-mnist}).
 *
 * <p>An explicit directory (the {@code --data-dir} option) is the only place looked at: a missing or broken
 * copy there is reported, never silently replaced by another copy. It names either the dataset's folder or a
 * root of dataset folders, told apart without guessing: it is the dataset's folder when it holds any of the
 * dataset's files or bears the dataset's name, else the dataset is {@code DIR/<name>}.
 */
public final class DataLocator {

    public static final String DATA_ENV = "CNNZOO_DATA";

    private final Path explicitDir;
    private final Map<String, String> environment;
    private final Path home;

    public DataLocator(Path explicitDir, Map<String, String> environment, Path home) {
        this.explicitDir = explicitDir;
        this.environment = environment;
        this.home = home;
    }

    /** A locator reading this process's environment and home directory. */
    public static DataLocator system(Path explicitDir) {
        return new DataLocator(explicitDir, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Where cnnzoo stores downloads unless told otherwise: the first data root. */
    public Path cacheRoot() {
        return dataRoots().get(0);
    }

    /** Whether a {@code --data-dir} was given: then it is the only place looked at, and where a fetch puts files. */
    public boolean isExplicit() {
        return explicitDir != null;
    }

    /** The folder a download of {@code spec} goes into: the explicit one, else {@code <cacheRoot>/<name>}. */
    public Path downloadFolder(DatasetSpec spec) {
        return explicitDir != null ? explicitFolder(spec) : cacheRoot().resolve(spec.name());
    }

    /**
     * {@code --data-dir} as {@code spec}'s folder: itself when it holds one of the dataset's files or is named after
     * it, else its subfolder of that name.
     */
    private Path explicitFolder(DatasetSpec spec) {
        boolean holdsFiles = spec.files().stream().anyMatch(name -> file(explicitDir, name).isPresent());
        Path name = explicitDir.toAbsolutePath().normalize().getFileName();
        if (holdsFiles || (name != null && name.toString().equals(spec.name()))) {
            return explicitDir;
        }
        return explicitDir.resolve(spec.name());
    }

    /** The folders searched for {@code spec}, in order (only the explicit one when there is one). */
    public List<Path> candidates(DatasetSpec spec) {
        List<Path> candidates = new ArrayList<>();
        if (explicitDir != null) {
            return List.of(explicitFolder(spec));
        }
        for (Path root : dataRoots()) {
            candidates.add(root.resolve(spec.name()));
        }
        candidates.addAll(spec.systemCopies());
        return candidates;
    }

    /** The first folder holding every file of {@code spec} (raw or gzipped), if any. */
    public Optional<Path> find(DatasetSpec spec) {
        return candidates(spec).stream().filter(dir -> hasAllFiles(dir, spec)).findFirst();
    }

    public Path locate(DatasetSpec spec) throws FileNotFoundException {
        return find(spec).orElseThrow(() -> new FileNotFoundException("dataset " + spec.name() + " not found: "
                + "looked for " + spec.files() + " (raw or .gz) in " + candidates(spec)
                + "; pass --data-dir or set " + DATA_ENV
                + (spec == Datasets.FASHION_MNIST ? ", or install Debian's dataset-fashion-mnist package" : "")));
    }

    /** {@code dir/name}, or {@code dir/name.gz} when only the compressed file is there. */
    public static Optional<Path> file(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return Optional.of(raw);
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? Optional.of(gz) : Optional.empty();
    }

    private static boolean hasAllFiles(Path dir, DatasetSpec spec) {
        return spec.files().stream().allMatch(name -> file(dir, name).isPresent());
    }

    private List<Path> dataRoots() {
        List<Path> roots = new ArrayList<>();
        String env = environment.get(DATA_ENV);
        if (env != null && !env.isBlank()) {
            roots.add(Path.of(env));
        }
        roots.add(home.resolve(".cnnzoo").resolve("data"));
        return roots;
    }
}
