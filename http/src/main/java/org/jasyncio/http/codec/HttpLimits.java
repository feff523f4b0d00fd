package org.jasyncio.http.codec;

/**
 * The sizes an {@link HttpParser} accepts before it rejects a message.
 *
 * @param maxRequestLine    bytes of the request line (or status line) without CRLF; longer is 414
 * @param maxHeaderBytes    bytes of the header section (or trailer section) after the first line,
 *                          CRLFs included; larger is 431
 * @param maxHeaderCount    header (or trailer) field lines; more is 431
 * @param maxBodySize       bytes of a body, or -1 for unlimited (the default: the server enforces its
 *                          per-route limit); a larger Content-Length or chunked total is 413
 * @param maxChunkExtension bytes of the extensions on one chunk-size line; more is 400
 */
public record HttpLimits(
        int maxRequestLine, int maxHeaderBytes, int maxHeaderCount, long maxBodySize, int maxChunkExtension) {

    /** Checks that every limit is positive (or -1 for the body). */
    public HttpLimits {
        if (maxRequestLine < 16) {
            throw new IllegalArgumentException("HttpLimits.maxRequestLine must be >= 16, got " + maxRequestLine);
        }
        if (maxHeaderBytes < 2) {
            throw new IllegalArgumentException("HttpLimits.maxHeaderBytes must be >= 2, got " + maxHeaderBytes);
        }
        if (maxHeaderCount < 1) {
            throw new IllegalArgumentException("HttpLimits.maxHeaderCount must be >= 1, got " + maxHeaderCount);
        }
        if (maxBodySize < -1) {
            throw new IllegalArgumentException(
                    "HttpLimits.maxBodySize must be >= 0 or -1 (unlimited), got " + maxBodySize);
        }
        if (maxChunkExtension < 0) {
            throw new IllegalArgumentException("HttpLimits.maxChunkExtension must be >= 0, got " + maxChunkExtension);
        }
    }

    /** Request line 8 KiB, header section 16 KiB, 100 fields, body unlimited, chunk extensions 4 KiB. */
    public static HttpLimits defaults() {
        return new HttpLimits(8192, 16384, 100, -1, 4096);
    }

    /** These limits with another request-line limit. */
    public HttpLimits withMaxRequestLine(int n) {
        return new HttpLimits(n, maxHeaderBytes, maxHeaderCount, maxBodySize, maxChunkExtension);
    }

    /** These limits with another header-section limit. */
    public HttpLimits withMaxHeaderBytes(int n) {
        return new HttpLimits(maxRequestLine, n, maxHeaderCount, maxBodySize, maxChunkExtension);
    }

    /** These limits with another field-count limit. */
    public HttpLimits withMaxHeaderCount(int n) {
        return new HttpLimits(maxRequestLine, maxHeaderBytes, n, maxBodySize, maxChunkExtension);
    }

    /** These limits with another body limit (-1: unlimited). */
    public HttpLimits withMaxBodySize(long n) {
        return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaderCount, n, maxChunkExtension);
    }

    /** These limits with another chunk-extension limit. */
    public HttpLimits withMaxChunkExtension(int n) {
        return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaderCount, maxBodySize, n);
    }
}
