package org.jasyncio.http.client;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes, the key of the connection pool: scheme, host and port (RFC 6454's origin).
 *
 * @param scheme {@code http} or {@code https}, lower case
 * @param host the host, lower case, IPv6 literals without brackets
 * @param port the port, the scheme's default filled in
 */
record Origin(String scheme, String host, int port) {
    /** The origin of an absolute http(s) URI (already checked by {@link Urls}). */
    static Origin of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return new Origin(scheme, host.toLowerCase(Locale.ROOT), port);
    }

    static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    boolean tls() {
        return "https".equals(scheme);
    }

    /** The {@code Host} header value: the port only when it is not the scheme's default. */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == defaultPort(scheme) ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
