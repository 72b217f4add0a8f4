package io.cnnzoo.bench.cli;

import io.cnnzoo.bench.BuildInfo;
import picocli.CommandLine;

/** {@code --version}: the Maven version and git commit this jar was built from, Java and the OS. */
final class BuildVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{BuildInfo.describe(), "Java " + Runtime.version() + ", " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch")};
    }
}
