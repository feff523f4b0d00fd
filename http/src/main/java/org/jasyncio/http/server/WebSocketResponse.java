package org.jasyncio.http.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import org.jasyncio.http.internal.WebSocketAccess;
import org.jasyncio.http.websocket.WebSocket;
import org.jasyncio.http.websocket.WebSocketOptions;

/**
 * The server side of the WebSocket handshake (aiohttp's {@code web.WebSocketResponse}, FastAPI's
 * {@code websocket.accept()}): {@link #prepare} checks the request, answers {@code 101 Switching
 * Protocols}, and hands the connection to the returned {@link WebSocket} for the rest of the handler.
 *
 * <pre>{@code
 * app.get("/ws", request -> {
 *     WebSocket ws = new WebSocketResponse().prepare(request);
 *     for (WSMessage msg : ws) {
 *         if (msg.type() == WSMsgType.TEXT) {
 *             ws.sendStr(msg.text() + "/answer");
 *         }
 *     }
 *     return ws; // as in aiohttp; whatever the handler returns is not sent
 * });
 * }</pre>
 *
 * <p>A request that is no WebSocket handshake is answered as RFC 6455 4.2 says: 405 for a method other
 * than GET, 426 (with {@code Upgrade: websocket}) without {@code Upgrade: websocket}, 400 without
 * {@code Connection: upgrade} or with a key that is not 16 bytes in base64, 426 with {@code
 * Sec-WebSocket-Version: 13} for another version. When the handler returns, a WebSocket it left open
 * is closed (1000, or 1011 if it failed) and the connection closes. A graceful shutdown closes open
 * WebSockets with 1001 (going away). The connection's keep-alive and header timeouts do not apply to
 * it, and the handler timeout ({@link ServerOptions#handlerTimeout()}, {@link Route#timeout}) ends at
 * the handshake: it bounds the HTTP exchange, while a WebSocket lives as long as its handler (its
 * heartbeat, {@link WebSocketOptions#heartbeat()}, drops a peer that went silent).
 */
public final class WebSocketResponse {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final WebSocketOptions options;
    private boolean prepared;

    /** With {@link WebSocketOptions#defaults()}. */
    public WebSocketResponse() {
        this(WebSocketOptions.defaults());
    }

    /** With {@code options} (subprotocols, message size limit, autoping, heartbeat, close timeout). */
    public WebSocketResponse(WebSocketOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Checks the handshake, answers 101, and returns the open WebSocket. The subprotocol is the first
     * one the client offers that {@link WebSocketOptions#protocols()} lists (none if no match, as in
     * aiohttp).
     *
     * @throws HttpError the 400, 405 or 426 answer of a request that is no valid handshake
     * @throws IllegalStateException if called twice
     */
    public WebSocket prepare(Request request) {
        if (prepared) {
            throw new IllegalStateException(this + ": prepare() was called already: one handshake per response");
        }
        if (!(request.bodySource() instanceof HttpConnection connection)) {
            throw new IllegalStateException(this + ": " + request + " did not come on a server connection");
        }
        String accept = accept(request);
        String protocol = chooseProtocol(request.header("Sec-WebSocket-Protocol"));
        WebSocketConduit conduit = new WebSocketConduit(connection);
        conduit.takeOver();
        prepared = true;
        request.liftHandlerTimeout();
        StringBuilder head = new StringBuilder(160)
                .append("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Accept: ")
                .append(accept)
                .append("\r\n");
        if (protocol != null) {
            head.append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n");
        }
        head.append("\r\n");
        connection.send(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        WebSocket ws = WebSocketAccess.get()
                .open(conduit, false, options, protocol, request.app().json());
        conduit.attach(ws);
        return ws;
    }

    /** The {@code Sec-WebSocket-Accept} value for a valid handshake; throws the answer to an invalid one. */
    private static String accept(Request request) {
        if (!"GET".equals(request.method())) {
            throw new HttpMethodNotAllowed(request.method(), Set.of("GET"));
        }
        String upgrade = request.header("Upgrade");
        if (upgrade == null || !request.headers().containsToken("Upgrade", "websocket")) {
            throw new HttpError(426, "this resource is a WebSocket: the request needs Upgrade: websocket")
                    .header("Upgrade", "websocket")
                    .header("Connection", "Upgrade")
                    .header("Sec-WebSocket-Version", "13");
        }
        if (!request.headers().containsToken("Connection", "upgrade")) {
            throw new HttpBadRequest("a WebSocket handshake needs Connection: upgrade (RFC 6455 4.2.1)");
        }
        String version = request.header("Sec-WebSocket-Version");
        if (!"13".equals(version == null ? null : version.trim())) {
            throw new HttpError(426, "unsupported Sec-WebSocket-Version " + version + ": this server speaks 13")
                    .header("Sec-WebSocket-Version", "13");
        }
        String key = request.header("Sec-WebSocket-Key");
        if (key == null) {
            throw new HttpBadRequest("a WebSocket handshake needs Sec-WebSocket-Key (RFC 6455 4.2.1)");
        }
        key = key.trim();
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            raw = null;
        }
        if (raw == null || raw.length != 16) {
            throw new HttpBadRequest("Sec-WebSocket-Key is not 16 bytes in base64 (RFC 6455 4.2.1)");
        }
        return acceptFor(key);
    }

    /** base64(SHA-1(key + the RFC 6455 GUID)): the server's proof that it read the handshake. */
    static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    private String chooseProtocol(String offered) {
        if (offered == null || options.protocols().isEmpty()) {
            return null;
        }
        for (String p : offered.split(",")) {
            String t = p.trim();
            if (options.protocols().contains(t)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "<WebSocketResponse " + (prepared ? "prepared" : "not prepared") + ">";
    }
}
