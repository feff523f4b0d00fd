package org.jasyncio.http.websocket;

import java.io.IOException;

/**
 * The peer broke RFC 6455 (aiohttp's {@code WebSocketError}): {@link #code()} is the close code this
 * side sends in answer (1002 protocol error, 1007 invalid text, 1009 message too big).
 */
public final class WebSocketError extends IOException {
    private static final long serialVersionUID = 1L;

    private final int code;

    /** An error answered with close code {@code code}. */
    public WebSocketError(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The close code this error is answered with. */
    public int code() {
        return code;
    }

    @Override
    public String toString() {
        return "WebSocketError[" + code + " " + getMessage() + "]";
    }
}
