package org.jasyncio.http.websocket;

import java.io.IOException;

/**
 * {@link WebSocket#receiveStr()}, {@code receiveBytes()} or {@code receiveJson()} got another kind of
 * message (a close, or binary where text was expected): aiohttp's {@code WSMessageTypeError}.
 */
public final class WSMessageTypeError extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public WSMessageTypeError(String message) {
        super(message);
    }
}
