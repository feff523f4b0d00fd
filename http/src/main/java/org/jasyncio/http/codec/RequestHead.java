package org.jasyncio.http.codec;

import java.util.Objects;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;

/**
 * The head of a request: request line and header fields. The parser gives it as an event; a client
 * gives it to {@link HttpWriter#requestHead}.
 *
 * @param method  the method token as sent (case-sensitive: {@code GET})
 * @param target  the request-target as sent: origin-form {@code /a?b}, absolute-form
 *                {@code http://h/a}, authority-form {@code h:443} (CONNECT) or {@code *} (OPTIONS)
 * @param version HTTP/1.0 or HTTP/1.1
 * @param headers the header fields
 */
public record RequestHead(String method, String target, HttpVersion version, Headers headers)
        implements HttpEvent.Head {

    /** Checks that no component is null. */
    public RequestHead {
        Objects.requireNonNull(method, "RequestHead.method");
        Objects.requireNonNull(target, "RequestHead.target");
        Objects.requireNonNull(version, "RequestHead.version");
        Objects.requireNonNull(headers, "RequestHead.headers");
    }

    /** An HTTP/1.1 request head. */
    public static RequestHead of(String method, String target, Headers headers) {
        return new RequestHead(method, target, HttpVersion.HTTP_1_1, headers);
    }

    /**
     * Whether the connection stays open after this request: HTTP/1.1 unless {@code Connection: close},
     * HTTP/1.0 only with {@code Connection: keep-alive}.
     */
    public boolean keepAlive() {
        return Framing.persistent(version, headers);
    }

    /** Whether the client waits for {@code 100 Continue} before it sends the body (HTTP/1.1 only). */
    public boolean expectsContinue() {
        if (version != HttpVersion.HTTP_1_1) {
            return false;
        }
        String expect = headers.get("Expect");
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    /**
     * How the body is delimited.
     *
     * @throws HttpParseException when the framing fields are invalid or contradict each other
     */
    public BodyFraming framing() {
        return Framing.of(version, headers, true, 400, -1);
    }

    /** Whether the target is in absolute-form ({@code http://host/path}). */
    public boolean isAbsoluteForm() {
        return !target.isEmpty() && target.charAt(0) != '/' && target.contains("://");
    }

    /**
     * The authority the request is for (RFC 9112 3.2.2): the absolute-form target's authority, which
     * overrides Host, else the Host field, else the empty string.
     */
    public String authority() {
        if (isAbsoluteForm()) {
            int start = target.indexOf("://") + 3;
            int end = start;
            while (end < target.length() && "/?".indexOf(target.charAt(end)) < 0) {
                end++;
            }
            return target.substring(start, end);
        }
        if ("CONNECT".equals(method)) {
            return target;
        }
        String host = headers.get("Host");
        return host == null ? "" : host;
    }

    /** The target's path and query in origin-form ({@code /p?q}); {@code *} and CONNECT's authority as they are. */
    public String pathAndQuery() {
        if (!isAbsoluteForm()) {
            return target;
        }
        int start = target.indexOf("://") + 3;
        int slash = start;
        while (slash < target.length() && "/?".indexOf(target.charAt(slash)) < 0) {
            slash++;
        }
        String rest = target.substring(slash);
        return rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest;
    }
}
