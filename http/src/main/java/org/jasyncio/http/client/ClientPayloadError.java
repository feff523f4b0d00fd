package org.jasyncio.http.client;

/**
 * The response body ended before it was complete, or could not be decoded (aiohttp's
 * {@code ClientPayloadError}): the connection closed after {@link #received()} of {@link #expected()}
 * bytes of a {@code Content-Length} body, or in the middle of a chunked body, or a gzip/deflate body
 * was corrupt. The connection is never reused after it.
 */
public final class ClientPayloadError extends ClientError {
    private static final long serialVersionUID = 1L;
    private final long received;
    private final long expected;

    /**
     * An error for a body cut short.
     *
     * @param what what was being read, e.g. {@code "GET http://host/file"}
     * @param received body bytes received
     * @param expected body bytes announced by {@code Content-Length}, or -1 (chunked)
     */
    public ClientPayloadError(String what, long received, long expected, Throwable cause) {
        super(
                "response payload is not completed: " + what + ": received " + received
                        + (expected < 0 ? " bytes of a body without Content-Length" : " of " + expected + " bytes")
                        + " before the connection ended",
                cause);
        this.received = received;
        this.expected = expected;
    }

    /** An error for a body that could not be decoded. */
    public ClientPayloadError(String message, Throwable cause) {
        super(message, cause);
        this.received = -1;
        this.expected = -1;
    }

    /** Body bytes received before the end, or -1 when not a truncation. */
    public long received() {
        return received;
    }

    /** Body bytes announced, or -1 (chunked, or not a truncation). */
    public long expected() {
        return expected;
    }
}
