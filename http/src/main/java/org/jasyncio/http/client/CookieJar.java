package org.jasyncio.http.client;

import java.net.URI;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The cookies of one session (aiohttp's {@code CookieJar}): stored from {@code Set-Cookie} response
 * headers, sent back in a {@code Cookie} header to the hosts and paths they were set for, as RFC 6265
 * section 5 says: domain and path matching, {@code Expires} and {@code Max-Age}, {@code Secure},
 * host-only cookies. Not done: public-suffix checks (a server could set a cookie for a whole
 * registry-controlled domain such as {@code co.uk}); third-party and {@code SameSite} policies, which
 * matter to browsers.
 *
 * <pre>{@code
 * var jar = session.cookieJar();
 * jar.cookies().forEach(c -> System.out.println(c.name() + "=" + c.value()));
 * }</pre>
 *
 * Loop thread only, like the session.
 */
public final class CookieJar {
    /** Key: domain, path, name. Insertion order is creation order, used to sort equal paths. */
    private final Map<String, Cookie> cookies = new LinkedHashMap<>();

    private final LongSupplier clock;

    /** An empty jar on the system's wall clock (cookie expiry dates are wall-clock dates). */
    public CookieJar() {
        this(System::currentTimeMillis);
    }

    /** An empty jar reading epoch milliseconds from {@code clock} (for tests). */
    public CookieJar(LongSupplier clock) {
        this.clock = clock;
    }

    /** Stores the cookies of the {@code Set-Cookie} header values a response from {@code url} carried. */
    public void update(URI url, List<String> setCookies) {
        for (String sc : setCookies) {
            Cookie c = parse(url, sc);
            if (c == null) {
                continue;
            }
            String key = c.domain() + ";" + c.path() + ";" + c.name();
            if (c.expired(clock.getAsLong())) {
                cookies.remove(key); // an expiry date in the past deletes the cookie
            } else {
                cookies.remove(key);
                cookies.put(key, c);
            }
        }
    }

    /** Stores one cookie as given. */
    public void add(Cookie cookie) {
        cookies.put(cookie.domain() + ";" + cookie.path() + ";" + cookie.name(), cookie);
    }

    /** The {@code Cookie} header value for a request to {@code url}, or {@code null} when no cookie applies. */
    public String header(URI url) {
        if (cookies.isEmpty()) {
            return null; // the common case of a session that never got a cookie: no clock read, no iterator
        }
        long now = clock.getAsLong();
        cookies.values().removeIf(c -> c.expired(now));
        String host = host(url);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        List<Cookie> match = new ArrayList<>();
        for (Cookie c : cookies.values()) {
            if ((c.hostOnly() ? host.equals(c.domain()) : domainMatch(host, c.domain()))
                    && pathMatch(path, c.path())
                    && (!c.secure() || https)) {
                match.add(c);
            }
        }
        if (match.isEmpty()) {
            return null;
        }
        match.sort(Comparator.comparingInt((Cookie c) -> c.path().length()).reversed()); // stable: creation order next
        StringBuilder sb = new StringBuilder();
        for (Cookie c : match) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(c.name()).append('=').append(c.value());
        }
        return sb.toString();
    }

    /** The cookies held (expired ones dropped). */
    public List<Cookie> cookies() {
        long now = clock.getAsLong();
        cookies.values().removeIf(c -> c.expired(now));
        return List.copyOf(cookies.values());
    }

    /** Forgets every cookie. */
    public void clear() {
        cookies.clear();
    }

    /** How many cookies it holds, expired ones included until the next lookup. */
    public int size() {
        return cookies.size();
    }

    private static String host(URI url) {
        String h = url.getHost().toLowerCase(Locale.ROOT);
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    private static boolean isIp(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    static boolean domainMatch(String host, String domain) {
        return host.equals(domain) || (host.endsWith("." + domain) && !isIp(host));
    }

    static boolean pathMatch(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    private static String defaultPath(URI url) {
        String p = url.getRawPath();
        if (p == null || !p.startsWith("/")) {
            return "/";
        }
        int i = p.lastIndexOf('/');
        return i <= 0 ? "/" : p.substring(0, i);
    }

    /** RFC 6265 section 5.2 and 5.3: a cookie, or null when the header is to be ignored. */
    private Cookie parse(URI url, String header) {
        String[] parts = header.split(";");
        String pair = parts[0];
        int eq = pair.indexOf('=');
        if (eq < 0) {
            return null;
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (name.isEmpty()) {
            return null;
        }
        String host = host(url);
        String domain = null;
        String path = null;
        long expires = Long.MAX_VALUE;
        boolean maxAgeSeen = false;
        boolean secure = false;
        boolean httpOnly = false;
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i];
            int e = attr.indexOf('=');
            String an = (e < 0 ? attr : attr.substring(0, e)).trim().toLowerCase(Locale.ROOT);
            String av = e < 0 ? "" : attr.substring(e + 1).trim();
            switch (an) {
                case "expires" -> {
                    if (!maxAgeSeen) {
                        long t = parseDate(av);
                        if (t != Long.MIN_VALUE) {
                            expires = t;
                        }
                    }
                }
                case "max-age" -> {
                    try {
                        long s = Long.parseLong(av);
                        expires = s <= 0
                                ? Long.MIN_VALUE + 1
                                : clock.getAsLong() + Math.min(s, Long.MAX_VALUE / 2000) * 1000;
                        maxAgeSeen = true;
                    } catch (NumberFormatException ignored) {
                        // RFC 6265 5.2.2: a non-numeric Max-Age is ignored
                    }
                }
                case "domain" -> {
                    String d = av.startsWith(".") ? av.substring(1) : av;
                    if (!d.isEmpty()) {
                        domain = d.toLowerCase(Locale.ROOT);
                    }
                }
                case "path" -> path = av.startsWith("/") ? av : null;
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                default -> {
                    // SameSite, Priority, Partitioned and unknown attributes: nothing for a client to do
                }
            }
        }
        boolean hostOnly = domain == null;
        if (hostOnly) {
            domain = host;
        } else if (!domainMatch(host, domain)) {
            return null; // a server may not set cookies for another domain
        }
        if (secure && !"https".equalsIgnoreCase(url.getScheme())) {
            return null; // RFC 6265bis 5.6: only a secure origin may set a Secure cookie
        }
        return new Cookie(
                name, value, domain, hostOnly, path == null ? defaultPath(url) : path, expires, secure, httpOnly);
    }

    private static long parseDate(String s) {
        try {
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                // The old Netscape form with dashes: "Wed, 09-Jun-2021 10:18:14 GMT"
                return ZonedDateTime.parse(
                                s.replace('-', ' '),
                                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.ROOT))
                        .toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException e2) {
                return Long.MIN_VALUE; // unparseable: ignored, as RFC 6265 5.2.1 says
            }
        }
    }

    @Override
    public String toString() {
        return "<CookieJar cookies=" + cookies.size() + ">";
    }
}
