package io.cnnzoo.bench.cli;

import io.cnnzoo.data.DataLocator;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --data-dir}, declared once for every command that reads a dataset. */
final class DataDirOption {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Use the dataset here and nowhere else: DIR is "
            + "the dataset's folder (it holds the files, or is named after the dataset) or a folder of datasets "
            + "(DIR/NAME). Without it: $CNNZOO_DATA/NAME, ~/.cnnzoo/data/NAME, then system copies such as "
            + "Debian's dataset-fashion-mnist.")
    Path dataDir;

    DataLocator locator() {
        return DataLocator.system(dataDir);
    }
}
