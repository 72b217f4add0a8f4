package io.cnnzoo.bench.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the Maven version and git commit this jar was built from (bench/pom.xml fills them in). */
final class BuildVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream("/io/cnnzoo/bench/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        String commit = known(p.getProperty("commit"));
        String dirty = "true".equals(p.getProperty("dirty")) ? " with uncommitted changes" : "";
        return new String[]{"cnnzoo " + known(p.getProperty("version")) + " (commit " + commit + dirty
                + (known(p.getProperty("commitTime")).equals("unknown") ? "" : ", " + p.getProperty("commitTime"))
                + ")", "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch")};
    }

    /** A property Maven did not fill in (no git checkout) reads {@code ${...}}: say "unknown" instead. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }
}
