package io.cnnzoo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The Maven version and git commit this jar was built from (bench/pom.xml fills them in at build time). */
public final class BuildInfo {

    private BuildInfo() {
    }

    /** For example "cnnzoo 0.1.0-SNAPSHOT (commit 7c2a924, 2026-12-01T08:53:10Z)"; "unknown" where Maven filled in nothing. */
    public static String describe() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/cnnzoo/bench/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the jar's version.properties", e);
        }
        String dirty = "true".equals(p.getProperty("dirty")) ? " with uncommitted changes" : "";
        String time = known(p.getProperty("commitTime"));
        return "cnnzoo " + known(p.getProperty("version")) + " (commit " + known(p.getProperty("commit")) + dirty
                + (time.equals("unknown") ? "" : ", " + time) + ")";
    }

    /** A property Maven did not fill in (no git checkout) reads {@code ${...}}: say "unknown" instead. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }
}
