package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** URL checks and arithmetic for requests: resolving against a base, query parameters, targets. */
final class Urls {
    private Urls() {}

    /**
     * The absolute URL for {@code url}: resolved against {@code base} (may be null), with
     * {@code query} appended, checked to be http(s) with a host.
     */
    static URI resolve(URI base, String url, List<Map.Entry<String, String>> query) throws InvalidUrl {
        if (url == null) {
            throw new InvalidUrl("null", "a URL is required");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidUrl(url, e.getReason() + " at index " + e.getIndex(), e);
        }
        if (!u.isAbsolute()) {
            if (base == null) {
                throw new InvalidUrl(url, "not absolute, and the session has no base URL to resolve it against");
            }
            u = base.resolve(u);
        }
        u = check(url, u);
        if (!query.isEmpty()) {
            StringBuilder q = new StringBuilder(u.getRawQuery() == null ? "" : u.getRawQuery());
            for (Map.Entry<String, String> e : query) {
                if (!q.isEmpty()) {
                    q.append('&');
                }
                q.append(URLEncoder.encode(e.getKey(), UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(e.getValue(), UTF_8));
            }
            u = withRawQuery(url, u, q.toString());
        }
        return u;
    }

    /** Checks an absolute URL: scheme http(s), a host, a valid port. */
    static URI check(String given, URI u) throws InvalidUrl {
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new InvalidUrl(given, "the scheme must be http or https, got " + u.getScheme());
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            if (u.getRawAuthority() != null) {
                throw new InvalidUrl(given, "the authority '" + u.getRawAuthority() + "' is not a valid host[:port]");
            }
            throw new InvalidUrl(given, "no host");
        }
        if (u.getPort() > 65535) {
            throw new InvalidUrl(given, "port " + u.getPort() + " is out of range");
        }
        return u;
    }

    private static URI withRawQuery(String given, URI u, String rawQuery) throws InvalidUrl {
        StringBuilder sb = new StringBuilder();
        sb.append(u.getScheme()).append("://").append(u.getRawAuthority());
        sb.append(u.getRawPath() == null ? "" : u.getRawPath());
        sb.append('?').append(rawQuery);
        if (u.getRawFragment() != null) {
            sb.append('#').append(u.getRawFragment());
        }
        try {
            return new URI(sb.toString());
        } catch (URISyntaxException e) {
            throw new InvalidUrl(given, "the query makes it invalid: " + e.getReason(), e);
        }
    }

    /** The request target of the origin form: path (at least "/") and query, no fragment. */
    static String target(URI u) {
        String path = u.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
    }

    /** The request target of the absolute form, for a forwarding proxy: no fragment, no user info. */
    static String absoluteTarget(URI u) {
        URI c = clean(u);
        String path = c.getRawPath() == null || c.getRawPath().isEmpty() ? "/" : c.getRawPath();
        return c.getScheme().toLowerCase(Locale.ROOT) + "://" + c.getRawAuthority() + path
                + (c.getRawQuery() == null ? "" : "?" + c.getRawQuery());
    }

    /** The URL without its fragment and user info, as named in messages and history. */
    static URI clean(URI u) {
        if (u.getRawFragment() == null && u.getRawUserInfo() == null) {
            return u;
        }
        try {
            String auth = u.getRawAuthority();
            int at = auth.lastIndexOf('@');
            return new URI(
                    u.getScheme() + "://" + auth.substring(at + 1) + (u.getRawPath() == null ? "" : u.getRawPath())
                            + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        } catch (URISyntaxException e) {
            return u;
        }
    }
}
