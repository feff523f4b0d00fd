package org.jasyncio.http.client;

import java.net.URI;
import org.jasyncio.http.Headers;

/**
 * The server did not accept a WebSocket handshake (aiohttp's {@code WSServerHandshakeError}): it answered
 * another status than 101 ({@link #status()}), or a 101 without the right {@code Upgrade}, {@code
 * Connection} or {@code Sec-WebSocket-Accept}, or with a subprotocol the client did not offer.
 */
public final class WSServerHandshakeError extends ClientResponseError {
    private static final long serialVersionUID = 1L;

    /** The server's answer {@code status} to the handshake to {@code url} was not a valid upgrade: {@code why}. */
    public WSServerHandshakeError(String why, int status, URI url, Headers headers) {
        super("WebSocket handshake with " + url + " failed: " + why, status, "GET", url, headers);
    }
}
