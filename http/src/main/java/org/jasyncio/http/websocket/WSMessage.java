package org.jasyncio.http.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One message from {@link WebSocket#receive()} (aiohttp's {@code WSMessage}): its {@link #type()} and,
 * by type, its text, bytes, close code and reason, or error. Immutable.
 *
 * <pre>{@code
 * for (WSMessage msg : ws) {
 *     switch (msg.type()) {
 *         case TEXT -> ws.sendStr("echo: " + msg.text());
 *         case BINARY -> ws.sendBytes(msg.bytes());
 *         case ERROR -> System.err.println("ws failed: " + msg.error());
 *         default -> {}
 *     }
 * }
 * }</pre>
 */
public final class WSMessage {
    private static final byte[] NONE = new byte[0];

    /** The message {@link WebSocket#receive()} returns once the connection is closed. */
    public static final WSMessage CLOSED = new WSMessage(WSMsgType.CLOSED, NONE, null, 0, null, null);

    /** The message returned to a reader while this side closes. */
    public static final WSMessage CLOSING = new WSMessage(WSMsgType.CLOSING, NONE, null, 0, null, null);

    private final WSMsgType type;
    private final byte[] data;
    private final String text;
    private final int closeCode;
    private final String extra;
    private final Throwable error;

    private WSMessage(WSMsgType type, byte[] data, String text, int closeCode, String extra, Throwable error) {
        this.type = type;
        this.data = data;
        this.text = text;
        this.closeCode = closeCode;
        this.extra = extra;
        this.error = error;
    }

    /** A text message. */
    public static WSMessage text(String text) {
        return new WSMessage(WSMsgType.TEXT, null, Objects.requireNonNull(text, "text"), 0, null, null);
    }

    /** A binary message; {@code data} is not copied. */
    public static WSMessage binary(byte[] data) {
        return new WSMessage(WSMsgType.BINARY, Objects.requireNonNull(data, "data"), null, 0, null, null);
    }

    /** A ping with its payload. */
    public static WSMessage ping(byte[] payload) {
        return new WSMessage(WSMsgType.PING, payload, null, 0, null, null);
    }

    /** A pong with its payload. */
    public static WSMessage pong(byte[] payload) {
        return new WSMessage(WSMsgType.PONG, payload, null, 0, null, null);
    }

    /** The peer's close frame: {@code code} (1005 when it carried none) and its reason. */
    public static WSMessage close(int code, String reason) {
        return new WSMessage(WSMsgType.CLOSE, NONE, null, code, reason, null);
    }

    /** The connection failed with {@code error}. */
    public static WSMessage error(Throwable error) {
        return new WSMessage(WSMsgType.ERROR, NONE, null, 0, null, Objects.requireNonNull(error, "error"));
    }

    /** The kind of message. */
    public WSMsgType type() {
        return type;
    }

    /**
     * The text of a {@link WSMsgType#TEXT} message.
     *
     * @throws IllegalStateException for any other type
     */
    public String text() {
        if (type != WSMsgType.TEXT) {
            throw new IllegalStateException(this + ": text() needs a TEXT message (use bytes() for BINARY)");
        }
        return text;
    }

    /**
     * The payload: a binary message's bytes, a ping's or pong's payload, a text message's UTF-8 bytes.
     *
     * @throws IllegalStateException for CLOSE, CLOSING, CLOSED and ERROR
     */
    public byte[] bytes() {
        if (type == WSMsgType.TEXT) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (data == NONE && type != WSMsgType.BINARY) {
            throw new IllegalStateException(this + ": bytes() needs a TEXT, BINARY, PING or PONG message");
        }
        return data;
    }

    /** A CLOSE message's code (1005 when the frame carried none); 0 for other types. */
    public int closeCode() {
        return closeCode;
    }

    /** A CLOSE message's reason (aiohttp's {@code msg.extra}); {@code null} for other types. */
    public String extra() {
        return extra;
    }

    /** An ERROR message's cause; {@code null} for other types. */
    public Throwable error() {
        return error;
    }

    @Override
    public String toString() {
        return switch (type) {
            case TEXT -> "<WSMessage TEXT " + text.length() + " chars>";
            case BINARY, PING, PONG -> "<WSMessage " + type + " " + data.length + " bytes>";
            case CLOSE -> "<WSMessage CLOSE " + closeCode + (extra == null || extra.isEmpty() ? "" : " " + extra) + ">";
            case ERROR -> "<WSMessage ERROR " + error + ">";
            default -> "<WSMessage " + type + ">";
        };
    }
}
