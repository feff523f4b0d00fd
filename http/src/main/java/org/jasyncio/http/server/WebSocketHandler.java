package org.jasyncio.http.server;

import org.jasyncio.http.websocket.WebSocket;

/**
 * A WebSocket endpoint's body ({@link App#websocket}, FastAPI's {@code @app.websocket}): runs with the
 * handshake done; the WebSocket is closed (1000, or 1011 if this throws) when it returns.
 */
@FunctionalInterface
public interface WebSocketHandler {
    /** Talks on {@code ws}, opened for {@code request}. */
    void handle(Request request, WebSocket ws) throws Exception;
}
