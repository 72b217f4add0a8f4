package io.cnnzoo.data.fetch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Which proxy a download goes through, by the conventions users already set: Java's {@code https.proxyHost} /
 * {@code http.proxyHost} system properties (and {@code http.nonProxyHosts}) win, as Java applies them itself;
 * otherwise the {@code HTTPS_PROXY} / {@code HTTP_PROXY} environment variables of curl and wget (either case),
 * with {@code NO_PROXY} (comma-separated host names or suffixes, {@code *} for all) to bypass them.
 */
final class ProxyChoice {

    private final Map<String, String> environment;
    private final Properties properties;

    ProxyChoice(Map<String, String> environment, Properties properties) {
        this.environment = environment;
        this.properties = properties;
    }

    static ProxyChoice system() {
        return new ProxyChoice(System.getenv(), System.getProperties());
    }

    /** {@code null} to let Java's own selector decide (a system property is set); else the proxy to use. */
    Proxy forUri(URI url) throws IOException {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (properties.getProperty(scheme + ".proxyHost") != null) {
            return null;
        }
        String setting = variable(scheme + "_proxy");
        if (setting == null || setting.isBlank() || bypassed(url.getHost())) {
            return Proxy.NO_PROXY;
        }
        URI proxy = URI.create(setting.contains("://") ? setting : "http://" + setting);
        if (proxy.getHost() == null) {
            throw new IOException(scheme.toUpperCase(Locale.ROOT) + "_PROXY=" + setting + " names no host; "
                    + "expected http://HOST:PORT");
        }
        if (proxy.getUserInfo() != null) {
            throw new IOException(scheme.toUpperCase(Locale.ROOT) + "_PROXY carries credentials, which "
                    + "cnnzoo does not send; set -Dhttps.proxyHost/-Dhttps.proxyPort and a JVM Authenticator instead");
        }
        int port = proxy.getPort() >= 0 ? proxy.getPort() : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port));
    }

    private boolean bypassed(String host) {
        String list = variable("no_proxy");
        if (list == null || host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : list.split(",")) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.equals("*") || (!e.isEmpty() && (h.equals(e.startsWith(".") ? e.substring(1) : e)
                    || h.endsWith(e.startsWith(".") ? e : "." + e)))) {
                return true;
            }
        }
        return false;
    }

    /** curl reads the lower-case name first; both are common. */
    private String variable(String lowerCase) {
        String value = environment.get(lowerCase);
        return value != null ? value : environment.get(lowerCase.toUpperCase(Locale.ROOT));
    }
}
