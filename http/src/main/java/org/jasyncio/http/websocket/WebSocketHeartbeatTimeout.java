package org.jasyncio.http.websocket;

import java.io.IOException;

/**
 * The peer did not answer a heartbeat ping in time ({@link WebSocketOptions#heartbeat()}): the
 * connection was dropped with close code 1006 (aiohttp's {@code ServerTimeoutError} in this case).
 */
public final class WebSocketHeartbeatTimeout extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public WebSocketHeartbeatTimeout(String message) {
        super(message);
    }
}
