package io.cnnzoo.bench.cli;

import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.fetch.FetchPolicy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a command finds datasets, and whether it may download one: declared once for every such command. */
final class DataOptions {

    @Mixin
    DataDirOption dir;

    @Option(names = "--offline", description = "Never download: fail, saying where it looked, when the dataset is "
            + "not on this machine.")
    boolean offline;

    DataLocator locator() {
        return dir.locator();
    }

    /**
     * Whether a missing dataset may be downloaded: not with {@code --offline}, and not into a {@code --data-dir}
     * unless the command's job is to fetch ({@code data fetch}); a typo in a path never triggers a download.
     */
    FetchPolicy policy(boolean fetching) {
        return offline || (dir.dataDir != null && !fetching) ? FetchPolicy.OFFLINE : FetchPolicy.DOWNLOAD;
    }
}
