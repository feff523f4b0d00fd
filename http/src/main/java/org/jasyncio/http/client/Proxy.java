package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.http.codec.BodyFraming;
import org.jasyncio.http.codec.HttpEvent;
import org.jasyncio.http.codec.HttpLimits;
import org.jasyncio.http.codec.HttpParseException;
import org.jasyncio.http.codec.HttpParser;
import org.jasyncio.http.codec.HttpWriter;
import org.jasyncio.http.codec.RequestHead;
import org.jasyncio.http.codec.ResponseHead;
import org.jasyncio.net.Connection;

/**
 * An HTTP proxy (aiohttp's {@code proxy=}, {@code proxy_auth=}): {@code http} requests go to it with
 * the absolute URL as target, {@code https} requests through a CONNECT tunnel to their origin, TLS
 * inside. User info in its URL becomes {@code Proxy-Authorization: Basic}. {@code noProxy} lists the
 * hosts reached directly, as the {@code NO_PROXY} convention has it: {@code *} for all, else names
 * that match a host and its subdomains ({@code example.com} and {@code .example.com} alike), an
 * optional {@code :port}, and IP literals matched exactly (no CIDR ranges).
 *
 * @param host the proxy's host
 * @param port the proxy's port
 * @param authorization the {@code Proxy-Authorization} value, or null
 * @param noProxy the hosts reached directly, lower case
 */
record Proxy(String host, int port, String authorization, List<String> noProxy) {
    /** A proxy from its URL ({@code http://[user:password@]host[:port]}) and a NO_PROXY list (may be null). */
    static Proxy parse(String url, String noProxy) throws InvalidUrl {
        URI u;
        try {
            u = new URI(url.contains("://") ? url : "http://" + url);
        } catch (URISyntaxException e) {
            throw new InvalidUrl(url, "not a proxy URL: " + e.getReason(), e);
        }
        if (!"http".equalsIgnoreCase(u.getScheme())) {
            throw new InvalidUrl(
                    url, "only http:// proxies are supported (https through them is tunnelled), got " + u.getScheme());
        }
        if (u.getHost() == null) {
            throw new InvalidUrl(url, "a proxy URL needs a host");
        }
        String auth = null;
        if (u.getRawUserInfo() != null) {
            String userInfo = URLDecoder.decode(u.getRawUserInfo(), UTF_8);
            auth = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(UTF_8));
        }
        List<String> no = noProxy == null || noProxy.isBlank()
                ? List.of()
                : List.of(noProxy.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        return new Proxy(u.getHost().toLowerCase(Locale.ROOT), u.getPort() < 0 ? 80 : u.getPort(), auth, no);
    }

    /** Whether a request to {@code target} goes through this proxy (not listed in NO_PROXY). */
    boolean appliesTo(Origin target) {
        for (String entry : noProxy) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return false;
            }
            String name = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && !entry.endsWith("]")) {
                if (!entry.substring(colon + 1).equals(String.valueOf(target.port()))) {
                    continue;
                }
                name = entry.substring(0, colon);
            }
            name = name.startsWith(".") ? name.substring(1) : name;
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            if (target.host().equals(name) || target.host().endsWith("." + name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens a CONNECT tunnel to {@code target} on {@code conn}, a fresh connection to this proxy; the
     * caller starts TLS on it next. A refusal is a {@link ClientProxyError} with the proxy's status.
     */
    void tunnel(Connection conn, Origin target, HttpLimits limits, Deadlines deadlines) throws IOException {
        String authority =
                target.hostHeader().contains(":") && !target.hostHeader().endsWith("]")
                        ? target.hostHeader()
                        : target.hostHeader() + ":" + target.port();
        Headers h = new Headers().add("Host", authority);
        if (authorization != null) {
            h.add("Proxy-Authorization", authorization);
        }
        conn.writer()
                .write(new HttpWriter()
                        .requestHead(new RequestHead("CONNECT", authority, HttpVersion.HTTP_1_1, h), BodyFraming.NONE));
        deadlines.other(
                () -> {
                    conn.writer().drain();
                    return null;
                },
                "sending CONNECT to " + this);
        HttpParser parser = HttpParser.forResponses(limits);
        parser.expectResponseTo("CONNECT");
        boolean established = false;
        try {
            while (true) {
                HttpEvent ev = parser.next();
                if (ev instanceof ResponseHead head) {
                    if (head.status() >= 100 && head.status() < 200) {
                        continue;
                    }
                    if (head.status() / 100 != 2) {
                        throw new ClientProxyError(
                                head.status(),
                                "the proxy " + this + " refused CONNECT " + authority + " for " + deadlines.url() + ": "
                                        + head.status() + " " + head.reason());
                    }
                    established = true;
                    continue;
                }
                if (ev instanceof HttpEvent.EndOfMessage && established) {
                    // The protocol switched: what follows the head belongs to the tunnel, and must be
                    // nothing yet, since TLS starts with the client's hello.
                    if (parser.takeRemaining().length > 0) {
                        throw new ClientProxyError(
                                200,
                                "the proxy " + this + " sent bytes after its CONNECT"
                                        + " answer, before the TLS handshake");
                    }
                    return;
                }
                if (ev instanceof HttpEvent.NeedData) {
                    byte[] data = deadlines.read(() -> conn.reader().read(16 * 1024), "the CONNECT answer of " + this);
                    if (data.length == 0) {
                        parser.feedEof();
                    } else {
                        parser.feed(data, 0, data.length);
                    }
                } else if (ev instanceof HttpEvent.ConnectionClosed) {
                    throw new ClientProxyError(
                            0,
                            "the proxy " + this + " closed the connection instead of answering" + " CONNECT "
                                    + authority);
                }
            }
        } catch (HttpParseException e) {
            throw new ClientProxyError(
                    0,
                    "the proxy " + this + " answered CONNECT " + authority + " with a bad response: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "http://" + host + ":" + port;
    }
}
