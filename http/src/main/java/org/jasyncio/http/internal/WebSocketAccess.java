package org.jasyncio.http.internal;

import org.jasyncio.http.json.JsonCodec;
import org.jasyncio.http.websocket.WebSocket;
import org.jasyncio.http.websocket.WebSocketOptions;

/**
 * A back door for the server and the client: opens a {@link WebSocket} on a conduit after a
 * handshake, without a public constructor. {@code WebSocket} installs the only instance when it is
 * initialized (as {@link HeadersAccess} for {@code Headers}).
 */
public interface WebSocketAccess {
    /**
     * A WebSocket on {@code conduit}: the client side masks its frames and expects unmasked ones.
     *
     * @param protocol the subprotocol agreed in the handshake, or {@code null}
     */
    WebSocket open(ByteConduit conduit, boolean client, WebSocketOptions options, String protocol, JsonCodec json);

    /** The installed instance (initializes {@code WebSocket} first). */
    static WebSocketAccess get() {
        WebSocketAccess access = Holder.instance;
        if (access == null) {
            try {
                Class.forName(WebSocket.class.getName(), true, WebSocket.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            access = Holder.instance;
        }
        return access;
    }

    /** Called once by {@code WebSocket}'s static initializer. */
    static void install(WebSocketAccess access) {
        Holder.instance = access;
    }

    /** The installed instance. */
    final class Holder {
        private Holder() {}

        private static volatile WebSocketAccess instance;
    }
}
