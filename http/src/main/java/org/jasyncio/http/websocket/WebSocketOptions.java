package org.jasyncio.http.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link WebSocket} behaves, on either side (the keyword arguments of aiohttp's {@code
 * WebSocketResponse} and {@code ws_connect}). Immutable; start from {@link #defaults()}.
 *
 * <pre>{@code
 * var options = WebSocketOptions.defaults().withHeartbeat(Duration.ofSeconds(30)).withProtocols("chat");
 * }</pre>
 *
 * @param protocols subprotocols: the server's supported ones, in preference order, or the ones the
 *     client offers ({@code Sec-WebSocket-Protocol}); empty for none
 * @param maxMsgSize the largest message accepted, in bytes (a larger one is answered with close code
 *     1009); 0: no limit. Default 4 MiB, as aiohttp's {@code max_msg_size}
 * @param autoping answer pings with pongs and swallow pongs, without returning them (default on)
 * @param heartbeat send a ping this often and close with 1006 when no pong comes within half of it;
 *     {@code null} (the default): none
 * @param closeTimeout how long {@link WebSocket#close} waits for the peer's close frame (default 10 s)
 */
public record WebSocketOptions(
        List<String> protocols, long maxMsgSize, boolean autoping, Duration heartbeat, Duration closeTimeout) {
    /** Checks the values. */
    public WebSocketOptions {
        protocols = List.copyOf(protocols);
        if (maxMsgSize < 0) {
            throw new IllegalArgumentException("maxMsgSize " + maxMsgSize + " is negative: use 0 for no limit");
        }
        if (heartbeat != null && (heartbeat.isNegative() || heartbeat.isZero())) {
            throw new IllegalArgumentException("heartbeat " + heartbeat + " must be positive (or null for none)");
        }
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout " + closeTimeout + " is negative");
        }
    }

    /** No subprotocol, 4 MiB messages, autoping, no heartbeat, 10 s close timeout. */
    public static WebSocketOptions defaults() {
        return new WebSocketOptions(List.of(), 4L << 20, true, null, Duration.ofSeconds(10));
    }

    /** These options with {@code protocols}. */
    public WebSocketOptions withProtocols(String... protocols) {
        return new WebSocketOptions(List.of(protocols), maxMsgSize, autoping, heartbeat, closeTimeout);
    }

    /** These options with {@code maxMsgSize} (0: no limit). */
    public WebSocketOptions withMaxMsgSize(long maxMsgSize) {
        return new WebSocketOptions(protocols, maxMsgSize, autoping, heartbeat, closeTimeout);
    }

    /** These options with {@code autoping}. */
    public WebSocketOptions withAutoping(boolean autoping) {
        return new WebSocketOptions(protocols, maxMsgSize, autoping, heartbeat, closeTimeout);
    }

    /** These options with {@code heartbeat} ({@code null}: none). */
    public WebSocketOptions withHeartbeat(Duration heartbeat) {
        return new WebSocketOptions(protocols, maxMsgSize, autoping, heartbeat, closeTimeout);
    }

    /** These options with {@code closeTimeout}. */
    public WebSocketOptions withCloseTimeout(Duration closeTimeout) {
        return new WebSocketOptions(protocols, maxMsgSize, autoping, heartbeat, closeTimeout);
    }
}
