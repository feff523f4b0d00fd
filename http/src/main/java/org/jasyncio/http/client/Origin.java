package org.jasyncio.http.client;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes, the key of the connection pool: scheme, host and port (RFC 6454's origin),
 * and the proxy it goes through, if any. Through a proxy, an {@code https} origin is reached through a
 * CONNECT tunnel of its own; every {@code http} origin shares the connections to the proxy, whose key
 * is the proxy's own origin with itself as {@code proxy} ({@link #forwarding()}).
 *
 * @param scheme {@code http} or {@code https}, lower case
 * @param host the host, lower case, IPv6 literals without brackets
 * @param port the port, the scheme's default filled in
 * @param proxy the HTTP proxy in between, or null for a direct connection
 */
record Origin(String scheme, String host, int port, Proxy proxy) {
    /** The origin of an absolute http(s) URI (already checked by {@link Urls}). */
    static Origin of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return new Origin(scheme, host.toLowerCase(Locale.ROOT), port, null);
    }

    /** This origin reached through {@code p}: a tunnel for https, the proxy's shared connections for http. */
    Origin via(Proxy p) {
        if (p == null) {
            return this;
        }
        if (tls()) {
            return new Origin(scheme, host, port, p);
        }
        return new Origin("http", p.host(), p.port(), p);
    }

    /** Whether requests on it go to a forwarding proxy (absolute-form targets, no tunnel). */
    boolean forwarding() {
        return proxy != null && !tls();
    }

    /** Whether it is a CONNECT tunnel through a proxy. */
    boolean tunnel() {
        return proxy != null && tls();
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
        if (forwarding()) {
            return "proxy " + proxy;
        }
        String s = scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return proxy == null ? s : s + " via proxy " + proxy;
    }
}
