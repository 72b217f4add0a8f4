package io.cnnzoo.bench.cli;

import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

@Command(name = "data", mixinStandardHelpOptions = true, description = "Datasets: where they are found.",
        subcommands = {DataCommand.Info.class})
final class DataCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "List the known datasets and where each was found: --data-dir, $CNNZOO_DATA, "
                    + "~/.cnnzoo/data, then system copies (Debian's dataset-fashion-mnist).")
    static final class Info implements Runnable {

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Look here first.")
        private Path dataDir;

        @Override
        public void run() {
            DataLocator locator = DataLocator.system(dataDir);
            for (DatasetSpec spec : List.of(Datasets.MNIST, Datasets.FASHION_MNIST)) {
                Optional<Path> found = locator.find(spec);
                System.out.println(spec.name() + ": " + found.map(p -> "found in " + p)
                        .orElse("not found (searched " + locator.candidates(spec) + ")"));
            }
        }
    }
}
