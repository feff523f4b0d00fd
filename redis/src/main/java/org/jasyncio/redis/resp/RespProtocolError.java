package org.jasyncio.redis.resp;

/**
 * The bytes are not RESP: an unknown type byte, a length that is not a number, a missing CRLF. A
 * connection that hears this cannot find the start of the next reply again, so it is closed.
 */
public final class RespProtocolError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}, which says what was expected and what came. */
    public RespProtocolError(String message) {
        super(message);
    }
}
