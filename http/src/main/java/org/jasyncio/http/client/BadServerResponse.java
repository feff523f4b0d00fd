package org.jasyncio.http.client;

/**
 * The server's bytes are not an HTTP/1.x response: a garbage status line, a bad header, a header
 * section past the limits, broken chunk framing. The message says what was wrong and at which byte of
 * the response (from the codec's {@code HttpParseException}, the cause). The connection is closed.
 */
public final class BadServerResponse extends ClientError {
    private static final long serialVersionUID = 1L;
    private final long offset;

    /** An error saying what was wrong at byte {@code offset} of the response to {@code what}. */
    public BadServerResponse(String what, String problem, long offset, Throwable cause) {
        super("bad response to " + what + ": " + problem + (offset >= 0 ? " (at byte " + offset + ")" : ""), cause);
        this.offset = offset;
    }

    /** The byte offset in the response where the problem was found, or -1 if unknown. */
    public long offset() {
        return offset;
    }
}
