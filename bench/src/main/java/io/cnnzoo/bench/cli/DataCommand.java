package io.cnnzoo.bench.cli;

import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.fetch.ConsoleProgress;
import io.cnnzoo.data.fetch.DatasetFiles;
import io.cnnzoo.data.fetch.DatasetVerifier;
import io.cnnzoo.data.fetch.FileCheck;
import io.cnnzoo.data.fetch.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Datasets: where they are found, downloading and verifying them (see docs/datasets.md).",
        subcommands = {DataCommand.Info.class, DataCommand.Fetch.class, DataCommand.Verify.class})
final class DataCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "List the known datasets, where each was found (--data-dir, $CNNZOO_DATA, "
                    + "~/.cnnzoo/data, then system copies such as Debian's dataset-fashion-mnist) and whether its "
                    + "files verify.")
    static final class Info implements Runnable {

        @Mixin
        private DataDirOption dataDir;

        @Override
        public void run() {
            DataLocator locator = dataDir.locator();
            for (DatasetSpec spec : Datasets.all()) {
                Optional<Path> found = locator.find(spec);
                String line = found.map(dir -> dir + " (" + where(spec, locator, dir) + "): "
                                + DatasetVerifier.verify(spec, dir).verdict())
                        .orElse("not found; get it with ./cnnzoo data fetch " + spec.name());
                System.out.printf("%-14s %s%n", spec.name(), line);
            }
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Make a dataset available: use it where it is found, else download it into the cache "
                    + "(~/.cnnzoo/data/NAME, or $CNNZOO_DATA/NAME) with progress, verify size and checksum before "
                    + "moving it into place (CIFAR archives are extracted there, without their folder); then "
                    + "verify what is on disk.",
                    "An interrupted download resumes where it stopped when fetched again."})
    static final class Fetch implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist, kmnist, cifar-10 or cifar-100.")
        private String name;

        @Mixin
        private DataOptions data;

        @Override
        public Integer call() throws IOException {
            DatasetSpec spec = Names.dataset(name);
            DataLocator locator = data.locator();
            Path dir = DatasetFiles.resolve(spec, locator, data.policy(true), new ConsoleProgress(System.out));
            System.out.println(spec.name() + ": " + dir + " (" + where(spec, locator, dir) + ")");
            return print(DatasetVerifier.verify(spec, dir), System.out);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Re-check a dataset on disk: each file against its published size and checksum, or, for a "
                    + "copy compressed again (Debian's Fashion-MNIST), the SHA-256 of its decompressed content; "
                    + "files extracted by fetch against the SHA256SUMS written then.",
                    "Prints OK, UNCHECKED (size as recorded, no checksum known), MISMATCH or MISSING per file; "
                            + "exits with 1 when a file is missing or differs (also when --data-dir holds no copy: "
                            + "no other copy is verified instead)."})
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist, kmnist, cifar-10 or cifar-100.")
        private String name;

        @Mixin
        private DataDirOption dataDir;

        @Override
        public Integer call() {
            DatasetSpec spec = Names.dataset(name);
            DataLocator locator = dataDir.locator();
            Path dir = locator.find(spec).orElseGet(() -> partialCopy(spec, locator));
            System.out.println(spec.name() + ": " + dir + " (" + where(spec, locator, dir) + ")");
            return print(DatasetVerifier.verify(spec, dir), System.out);
        }

        /** With no complete copy, the first folder holding some of the files (else the download folder). */
        private static Path partialCopy(DatasetSpec spec, DataLocator locator) {
            return locator.candidates(spec).stream()
                    .filter(dir -> spec.files().stream().anyMatch(f -> DataLocator.file(dir, f).isPresent()))
                    .findFirst().orElse(locator.downloadFolder(spec));
        }
    }

    /** Prints one line per file and the verdict; 1 when something is missing or differs. */
    private static int print(VerifyReport report, PrintStream out) {
        for (FileCheck check : report.files()) {
            out.println("  " + check);
        }
        out.println(report.spec().name() + ": " + report.verdict());
        return report.failed() ? Failure.CHECK_FAILED : 0;
    }

    /**
     * Which entry of the search order {@code dir} is: {@code --data-dir}, the download cache ({@code $CNNZOO_DATA}
     * when set, else {@code ~/.cnnzoo/data}), {@code ~/.cnnzoo/data} behind {@code $CNNZOO_DATA}, or a system copy.
     */
    static String where(DatasetSpec spec, DataLocator locator, Path dir) {
        String kind;
        if (locator.isExplicit()) {
            kind = "--data-dir";
        } else if (spec.systemCopies().contains(dir)) {
            kind = "system copy";
        } else if (dir.equals(locator.cacheRoot().resolve(spec.name()))) {
            kind = "download cache, " + (System.getenv(DataLocator.DATA_ENV) != null ? "$CNNZOO_DATA" : "~/.cnnzoo/data");
        } else {
            kind = "~/.cnnzoo/data";
        }
        List<Path> candidates = locator.candidates(spec);
        return kind + "; candidate " + (candidates.indexOf(dir) + 1) + " of " + candidates.size();
    }
}
