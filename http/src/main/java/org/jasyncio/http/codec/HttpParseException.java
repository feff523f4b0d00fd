package org.jasyncio.http.codec;

/**
 * A message broke a rule of HTTP/1.x syntax or framing, or a limit: the connection cannot go on. The
 * message names the rule; {@link #status()} is what a server answers with before it closes (400, 413,
 * 414, 431, 501, 505; a response parser uses 502); {@link #offset()} is the byte of the connection's
 * stream (counting from 0 at the first byte fed) where the parser noticed.
 */
public final class HttpParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String rule;
    private final long offset;

    /** A violation of {@code rule} noticed at stream offset {@code offset}, to be answered with {@code status}. */
    public HttpParseException(int status, String rule, long offset) {
        super(rule + " (at byte " + offset + ", status " + status + ")", null, false, false);
        this.status = status;
        this.rule = rule;
        this.offset = offset;
    }

    /** The status code to answer with. */
    public int status() {
        return status;
    }

    /** The rule broken, without the offset: short enough for an error response's body. */
    public String rule() {
        return rule;
    }

    /** The offset of the offending byte in the connection's stream. */
    public long offset() {
        return offset;
    }
}
