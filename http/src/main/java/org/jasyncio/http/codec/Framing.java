package org.jasyncio.http.codec;

import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.http.internal.HttpChars;

/**
 * The framing rules of RFC 9112 section 6, strict: shared by the parser (which calls them once per
 * head) and the head records (which call them on demand).
 */
final class Framing {
    private Framing() {}

    /**
     * The body framing of a request (RFC 9112 6.3): Transfer-Encoding ending in chunked, else
     * Content-Length, else none. Rejects what could be read two ways.
     *
     * @param status the status of the exception (400 for a request parser, 502 for a response parser)
     */
    static BodyFraming of(HttpVersion version, Headers headers, boolean request, int status, long offset) {
        int te = headers.count("Transfer-Encoding");
        int cl = headers.count("Content-Length");
        if (te > 0 && cl > 0) {
            throw new HttpParseException(
                    status,
                    "Content-Length together with Transfer-Encoding (RFC 9112 6.1: request smuggling risk)",
                    offset);
        }
        if (te > 0) {
            if (version == HttpVersion.HTTP_1_0) {
                throw new HttpParseException(
                        status, "Transfer-Encoding in an HTTP/1.0 message (RFC 9112 6.1: faulty framing)", offset);
            }
            checkChunkedOnly(headers, request, status, offset);
            return BodyFraming.CHUNKED;
        }
        if (cl > 0) {
            if (cl > 1) {
                throw new HttpParseException(
                        status, "more than one Content-Length field (RFC 9112 6.3: rejected even when equal)", offset);
            }
            return new BodyFraming.Length(contentLength(headers.get("Content-Length"), status, offset));
        }
        return request ? BodyFraming.NONE : BodyFraming.UNTIL_CLOSE;
    }

    /**
     * The value of a Content-Length field: 1*DIGIT, no sign, no list, no whitespace inside, at most
     * {@link Long#MAX_VALUE}.
     */
    static long contentLength(String value, int status, long offset) {
        int n = value.length();
        if (n == 0) {
            throw new HttpParseException(status, "empty Content-Length (RFC 9110 8.6: 1*DIGIT)", offset);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpParseException(
                        status, "Content-Length is not 1*DIGIT (RFC 9110 8.6: no sign, list or whitespace)", offset);
            }
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw new HttpParseException(status, "Content-Length overflows 63 bits", offset);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Checks that the Transfer-Encoding fields, joined as one list, are exactly {@code chunked}: it is
     * the only coding this codec implements (anything before it would have to be decoded, and an unknown
     * coding is 501), it must be last (RFC 9112 6.3: otherwise the length of a request cannot be
     * determined), and it may not be applied twice (RFC 9112 7). Elements must be bare tokens: no empty
     * element, no parameter, no quoted string.
     */
    private static void checkChunkedOnly(Headers headers, boolean request, int status, long offset) {
        int elements = 0;
        boolean lastChunked = false;
        boolean chunkedSeen = false;
        boolean unknownSeen = false;
        for (String value : headers.getAll("Transfer-Encoding")) {
            int n = value.length();
            int i = 0;
            while (true) {
                int end = value.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                int s = i;
                int e = end;
                while (s < e && (value.charAt(s) == ' ' || value.charAt(s) == '\t')) {
                    s++;
                }
                while (e > s && (value.charAt(e - 1) == ' ' || value.charAt(e - 1) == '\t')) {
                    e--;
                }
                String coding = value.substring(s, e);
                if (!HttpChars.isToken(coding)) {
                    throw new HttpParseException(
                            status,
                            "Transfer-Encoding element " + describe(coding)
                                    + " is not a bare token (RFC 9112 7: strict list, no parameters)",
                            offset);
                }
                elements++;
                lastChunked = HttpChars.equalsIgnoreCase(coding, "chunked");
                if (lastChunked) {
                    if (chunkedSeen) {
                        throw new HttpParseException(
                                status, "chunked applied more than once (RFC 9112 7: MUST NOT)", offset);
                    }
                    chunkedSeen = true;
                } else {
                    unknownSeen = true;
                }
                if (end == n) {
                    break;
                }
                i = end + 1;
            }
        }
        if (!lastChunked) {
            throw new HttpParseException(
                    status,
                    "chunked is not the final transfer coding (RFC 9112 6.3: body length undeterminable)",
                    offset);
        }
        if (unknownSeen && elements > 0) {
            throw new HttpParseException(
                    request ? 501 : status,
                    "unsupported transfer coding before chunked (RFC 9112 6.1: only chunked is implemented)",
                    offset);
        }
    }

    private static String describe(String s) {
        return s.isEmpty() ? "(empty)" : '"' + s + '"';
    }

    /** Whether a message keeps the connection open by its version and Connection field. */
    static boolean persistent(HttpVersion version, Headers headers) {
        if (version == HttpVersion.HTTP_1_1) {
            return !headers.containsToken("Connection", "close");
        }
        return headers.containsToken("Connection", "keep-alive") && !headers.containsToken("Connection", "close");
    }

    /** Whether a response to {@code requestMethod} with {@code status} has no body by definition. */
    static boolean bodyless(String requestMethod, int status) {
        return status < 200
                || status == 204
                || status == 304
                || "HEAD".equals(requestMethod)
                || ("CONNECT".equals(requestMethod) && status < 300);
    }
}
