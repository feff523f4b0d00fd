package org.jasyncio.http.websocket;

/**
 * The kinds of {@link WSMessage} (aiohttp's {@code WSMsgType}): the data and control frames of RFC 6455,
 * and three states of the connection reported as messages.
 */
public enum WSMsgType {
    /** A text message (UTF-8, validated). */
    TEXT,
    /** A binary message. */
    BINARY,
    /** A ping (returned only with autoping off; with it on, the pong is sent for you). */
    PING,
    /** A pong (returned only with autoping off). */
    PONG,
    /** The peer's close frame: {@link WSMessage#closeCode()} and {@link WSMessage#extra()} (its reason). */
    CLOSE,
    /** This side is closing: the connection sent its close frame and waits for the peer's. */
    CLOSING,
    /** The connection is closed: nothing more will come. */
    CLOSED,
    /** The peer broke the protocol or the connection failed: {@link WSMessage#error()}. */
    ERROR
}
