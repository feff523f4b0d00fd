package org.jasyncio.http.codec;

import java.nio.charset.StandardCharsets;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.http.internal.HeadersAccess;
import org.jasyncio.http.internal.HttpChars;

/**
 * Reads the lines of a head (or trailer section) from the fed bytes. {@link HttpParser} calls it for
 * each line as soon as its scanner has found the line's CRLF (and checked that the line holds no other
 * CR or LF), so a bad line is rejected without waiting for the rest of the head, and the reader only
 * checks what is between the CRLFs: one pass, no regular expression, strings made once per field.
 */
final class HeadReader {
    private HeadReader() {}

    private static final HeadersAccess ACCESS = HeadersAccess.get();

    /** A parsed request line. */
    record RequestLine(String method, String target, HttpVersion version) {}

    /** A parsed status line. */
    record StatusLine(int status, String reason, HttpVersion version) {}

    /**
     * Reads the request line {@code in[start..cr)} (the scanner found CRLF at {@code cr}: the line holds
     * no other CR). {@code base} is the stream offset of {@code in[0]}.
     */
    static RequestLine requestLine(byte[] in, int start, long base) {
        int i = start;
        while (HttpChars.isTchar(in[i])) {
            i++;
        }
        if (i == start) {
            throw fail(400, "request line does not start with a method token (RFC 9112 3)", base, i);
        }
        if (in[i] != ' ') {
            throw fail(400, "method is not a token followed by a single SP (RFC 9112 3)", base, i);
        }
        String method = KnownNames.method(in, start, i - start);
        int t = ++i;
        boolean query = false;
        while (in[i] != ' ' && in[i] != '\r') {
            byte b = in[i];
            query |= b == '?';
            if (!HttpChars.isUriChar(b) && !(query && HttpChars.isQueryExtra(b))) {
                throw fail(
                        400,
                        "invalid character 0x" + Integer.toHexString(b & 0xFF)
                                + " in request-target (RFC 9112 3.2, RFC 3986)",
                        base,
                        i);
            }
            if (b == '%' && (HttpChars.hexValue(in[i + 1]) < 0 || HttpChars.hexValue(in[i + 2]) < 0)) {
                throw fail(400, "'%' in request-target not followed by two hex digits (RFC 3986 2.1)", base, i);
            }
            i++;
        }
        if (i == t) {
            throw fail(400, "empty request-target or more than one SP after the method (RFC 9112 3)", base, i);
        }
        if (in[i] != ' ') {
            throw fail(400, "request line without HTTP-version (RFC 9112 3: HTTP/0.9 is not supported)", base, i);
        }
        String target = new String(in, t, i - t, StandardCharsets.ISO_8859_1);
        checkTargetForm(method, target, base, t);
        i++;
        HttpVersion version = version(in, i, 400, base);
        i += 8;
        if (in[i] != '\r') {
            throw fail(400, "request line has bytes after the HTTP-version (RFC 9112 3)", base, i);
        }
        return new RequestLine(method, target, version);
    }

    /** Reads the status line {@code in[start..cr)}. */
    static StatusLine statusLine(byte[] in, int start, long base) {
        HttpVersion version = version(in, start, 502, base);
        int i = start + 8;
        if (in[i] != ' ') {
            throw fail(502, "status line: HTTP-version not followed by SP (RFC 9112 4)", base, i);
        }
        i++;
        int status = 0;
        for (int k = 0; k < 3; k++, i++) {
            byte b = in[i];
            if (b < '0' || b > '9') {
                throw fail(502, "status code is not three digits (RFC 9112 4)", base, i);
            }
            status = status * 10 + (b - '0');
        }
        if (status < 100) {
            throw fail(502, "status code below 100 (RFC 9110 15)", base, i - 3);
        }
        String reason = "";
        if (in[i] == ' ') {
            int r = ++i;
            while (in[i] != '\r') {
                byte b = in[i];
                if (!HttpChars.isFieldVchar(b) && b != ' ' && b != '\t') {
                    throw fail(502, "control character in reason-phrase (RFC 9112 4)", base, i);
                }
                i++;
            }
            reason = new String(in, r, i - r, StandardCharsets.ISO_8859_1);
        } else if (in[i] != '\r') {
            throw fail(502, "status code not followed by SP (RFC 9112 4)", base, i);
        }
        return new StatusLine(status, reason, version);
    }

    /** HTTP-version at {@code in[i..i+8)}: 1.0 and 1.1 are spoken, other HTTP/d.d are 505. */
    private static HttpVersion version(byte[] in, int i, int status, long base) {
        for (int k = 0; k < 5; k++) {
            if (in[i + k] != "HTTP/".charAt(k)) {
                throw fail(status, "malformed HTTP-version (RFC 9112 2.3: HTTP/DIGIT.DIGIT)", base, i + k);
            }
        }
        // One byte at a time: the line's CR stops the checks, so nothing past the line's LF is read.
        byte major = in[i + 5];
        if (major < '0' || major > '9') {
            throw fail(status, "malformed HTTP-version (RFC 9112 2.3: HTTP/DIGIT.DIGIT)", base, i + 5);
        }
        if (in[i + 6] != '.') {
            throw fail(status, "malformed HTTP-version (RFC 9112 2.3: HTTP/DIGIT.DIGIT)", base, i + 6);
        }
        byte minor = in[i + 7];
        if (minor < '0' || minor > '9') {
            throw fail(status, "malformed HTTP-version (RFC 9112 2.3: HTTP/DIGIT.DIGIT)", base, i + 7);
        }
        if (major == '1' && minor == '1') {
            return HttpVersion.HTTP_1_1;
        }
        if (major == '1' && minor == '0') {
            return HttpVersion.HTTP_1_0;
        }
        throw fail(
                status == 400 ? 505 : status,
                "HTTP version " + (char) major + "." + (char) minor + " is not supported (only 1.0 and 1.1)",
                base,
                i + 5);
    }

    /**
     * Which of the four forms of RFC 9112 3.2 the target has, and whether the method allows it:
     * asterisk-form only for OPTIONS, authority-form only (and always) for CONNECT, absolute-form with a
     * scheme and "://", otherwise origin-form starting with '/'.
     */
    private static void checkTargetForm(String method, String target, long base, int at) {
        char c = target.charAt(0);
        if ("CONNECT".equals(method)) {
            int colon = target.lastIndexOf(':');
            boolean ok = colon > 0 && colon < target.length() - 1;
            for (int k = 0; ok && k < target.length(); k++) {
                char x = target.charAt(k);
                ok = x != '/' && x != '?' && x != '@' && (k <= colon || (x >= '0' && x <= '9'));
            }
            if (!ok) {
                throw fail(400, "CONNECT needs an authority-form target host:port (RFC 9112 3.2.3)", base, at);
            }
            return;
        }
        if (c == '/') {
            return;
        }
        if (target.equals("*")) {
            if (!"OPTIONS".equals(method)) {
                throw fail(400, "asterisk-form target is only for OPTIONS (RFC 9112 3.2.4)", base, at);
            }
            return;
        }
        int k = 0;
        boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (alpha) {
            k = 1;
            while (k < target.length()) {
                char x = target.charAt(k);
                if ((x >= 'a' && x <= 'z')
                        || (x >= 'A' && x <= 'Z')
                        || (x >= '0' && x <= '9')
                        || x == '+'
                        || x == '-'
                        || x == '.') {
                    k++;
                } else {
                    break;
                }
            }
        }
        if (!alpha || !target.startsWith("://", k) || target.length() == k + 3 || target.charAt(k + 3) == '/') {
            throw fail(
                    400,
                    "request-target is neither origin-form (/path) nor absolute-form"
                            + " (scheme://authority) (RFC 9112 3.2)",
                    base,
                    at);
        }
    }

    /**
     * Reads the field line {@code in[ls..cr)} into {@code headers}. Rejects obs-fold and any whitespace
     * at the start of a line, whitespace before the colon, non-token names and control characters in
     * values; the value is stored without surrounding whitespace.
     */
    static void field(byte[] in, int ls, Headers headers, int status, long base) {
        byte first = in[ls];
        if (first == ' ' || first == '\t') {
            throw fail(status, "field line starts with whitespace (obs-fold, RFC 9112 5.2: rejected)", base, ls);
        }
        int i = ls;
        while (HttpChars.isTchar(in[i])) {
            i++;
        }
        byte b = in[i];
        if (b != ':') {
            if (b == ' ' || b == '\t') {
                throw fail(status, "whitespace between field name and colon (RFC 9112 5.1: MUST reject)", base, i);
            }
            if (b == '\r') {
                throw fail(status, "field line without a colon (RFC 9112 5)", base, i);
            }
            throw fail(
                    status,
                    "invalid character 0x" + Integer.toHexString(b & 0xFF) + " in field name (RFC 9110 5.1: a token)",
                    base,
                    i);
        }
        if (i == ls) {
            throw fail(status, "empty field name (RFC 9110 5.1: a token)", base, i);
        }
        String name = KnownNames.headerName(in, ls, i - ls);
        i++;
        while (in[i] == ' ' || in[i] == '\t') {
            i++;
        }
        int vs = i;
        while (true) {
            byte v = in[i];
            if (v == '\r') {
                break;
            }
            if (!HttpChars.isFieldVchar(v) && v != ' ' && v != '\t') {
                throw fail(
                        status,
                        "control character 0x" + Integer.toHexString(v & 0xFF) + " in the value of " + name
                                + " (RFC 9110 5.5)",
                        base,
                        i);
            }
            i++;
        }
        int ve = i;
        while (ve > vs && (in[ve - 1] == ' ' || in[ve - 1] == '\t')) {
            ve--;
        }
        String value = ve == vs ? "" : new String(in, vs, ve - vs, StandardCharsets.ISO_8859_1);
        ACCESS.addValidated(headers, name, value);
    }

    static HttpParseException fail(int status, String rule, long base, int index) {
        return new HttpParseException(status, rule, base + index);
    }

    /**
     * {@code uri-host [ ":" port ]}: an IP-literal in brackets, or a reg-name / IPv4 address
     * (unreserved, sub-delims, pct-encoded), then optionally a colon and a port up to 65535 (RFC 3986
     * allows any digits; no TCP port is larger). Empty is allowed
     * (RFC 9110 7.2: a target URI without authority).
     */
    static boolean validHost(String host) {
        int n = host.length();
        int i = 0;
        if (n > 0 && host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int k = 1; k < close; k++) {
                char c = host.charAt(k);
                if (!(HttpChars.isHostChar(c) && c != '[' && c != '%')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            while (i < n && host.charAt(i) != ':') {
                char c = host.charAt(i);
                if (!HttpChars.isHostChar(c) || c == '[' || c == ']') {
                    return false;
                }
                if (c == '%'
                        && (i + 2 >= n
                                || HttpChars.hexValue(host.charAt(i + 1)) < 0
                                || HttpChars.hexValue(host.charAt(i + 2)) < 0)) {
                    return false;
                }
                i++;
            }
        }
        if (i == n) {
            return true;
        }
        if (host.charAt(i) != ':' || n - i - 1 > 5) {
            return false;
        }
        int port = 0;
        for (i++; i < n; i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }
}
