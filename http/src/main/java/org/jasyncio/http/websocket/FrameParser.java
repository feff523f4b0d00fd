package org.jasyncio.http.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 6455 frames in, messages out: sans-I/O (no socket, no loop, no clock), fed any slicing of the
 * byte stream. Reassembles fragmented messages, hands control frames out as they come (also between
 * the fragments of a message), unmasks, validates UTF-8 of text messages and close reasons, and
 * enforces the size limit from the frame header, before the payload is buffered.
 *
 * <p>Every violation throws a {@link WebSocketError} carrying the close code to answer with, and the
 * parser stays failed (each later call throws the same error).
 *
 * <pre>
 * OPEN --close frame--> CLOSED (later bytes are ignored: nothing may follow a close frame)
 * OPEN --violation--> FAILED
 * </pre>
 */
final class FrameParser {
    enum State {
        OPEN,
        CLOSED,
        FAILED
    }

    static final int OP_CONTINUATION = 0;
    static final int OP_TEXT = 1;
    static final int OP_BINARY = 2;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;

    /** Whether frames must be masked (a server's parser) or must not be (a client's). */
    private final boolean expectMasked;
    /** The largest message accepted, in bytes; 0: no limit. */
    private final long maxMsgSize;

    /** Input not yet parsed: {@code buf[start..end)}. */
    private byte[] buf = new byte[1024];

    private int start;
    private int end;
    /** The opcode of the fragmented message in progress, or -1 between messages. */
    private int msgOpcode = -1;
    /** The fragments so far: {@code msg[0..msgLen)}. */
    private byte[] msg = new byte[0];

    private int msgLen;
    /** Transitions as drawn on {@link State}. */
    private State state = State.OPEN;

    private WebSocketError failure;

    FrameParser(boolean expectMasked, long maxMsgSize) {
        this.expectMasked = expectMasked;
        this.maxMsgSize = maxMsgSize;
    }

    State state() {
        return state;
    }

    /** Bytes fed and not yet parsed. */
    int buffered() {
        return end - start;
    }

    /** Appends {@code data[off..off+len)} to the input (copied). */
    void feed(byte[] data, int off, int len) {
        if (state != State.OPEN || len == 0) {
            return;
        }
        if (buf.length - end < len) {
            int have = end - start;
            if (buf.length - have >= len && start > 0 && have < buf.length / 2) {
                System.arraycopy(buf, start, buf, 0, have);
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, have + len)];
                System.arraycopy(buf, start, bigger, 0, have);
                buf = bigger;
            }
            start = 0;
            end = have;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    /**
     * The next message, or {@code null} when more input is needed (or after the close frame).
     *
     * @throws WebSocketError on a violation of RFC 6455 or of the size limit
     */
    WSMessage next() throws WebSocketError {
        if (state == State.FAILED) {
            throw failure;
        }
        while (state == State.OPEN) {
            int avail = end - start;
            if (avail < 2) {
                return null;
            }
            int b0 = buf[start] & 0xff;
            int b1 = buf[start + 1] & 0xff;
            boolean fin = (b0 & 0x80) != 0;
            int op = b0 & 0x0f;
            boolean masked = (b1 & 0x80) != 0;
            int len7 = b1 & 0x7f;
            if ((b0 & 0x70) != 0) {
                throw fail(
                        WSCloseCode.PROTOCOL_ERROR,
                        "reserved bits set (0x" + Integer.toHexString(b0 & 0x70) + ") and no extension was negotiated");
            }
            boolean control = op >= 8;
            if (op != OP_CONTINUATION
                    && op != OP_TEXT
                    && op != OP_BINARY
                    && op != OP_CLOSE
                    && op != OP_PING
                    && op != OP_PONG) {
                throw fail(WSCloseCode.PROTOCOL_ERROR, "unknown opcode " + op);
            }
            if (control && !fin) {
                throw fail(WSCloseCode.PROTOCOL_ERROR, "fragmented control frame (opcode " + op + ")");
            }
            if (control && len7 > 125) {
                throw fail(WSCloseCode.PROTOCOL_ERROR, "control frame (opcode " + op + ") longer than 125 bytes");
            }
            if (op == OP_CONTINUATION && msgOpcode < 0) {
                throw fail(WSCloseCode.PROTOCOL_ERROR, "continuation frame with no fragmented message to continue");
            }
            if ((op == OP_TEXT || op == OP_BINARY) && msgOpcode >= 0) {
                throw fail(WSCloseCode.PROTOCOL_ERROR, "new data frame before the fragmented message ended");
            }
            if (masked != expectMasked) {
                throw fail(
                        WSCloseCode.PROTOCOL_ERROR,
                        expectMasked ? "client frame not masked (RFC 6455 5.1)" : "server frame masked (RFC 6455 5.1)");
            }
            int headerLen = 2;
            long payloadLen = len7;
            if (len7 == 126) {
                if (avail < 4) {
                    return null;
                }
                payloadLen = ((buf[start + 2] & 0xff) << 8) | (buf[start + 3] & 0xff);
                headerLen = 4;
            } else if (len7 == 127) {
                if (avail < 10) {
                    return null;
                }
                payloadLen = 0;
                for (int i = 0; i < 8; i++) {
                    payloadLen = (payloadLen << 8) | (buf[start + 2 + i] & 0xff);
                }
                if (payloadLen < 0) {
                    throw fail(WSCloseCode.PROTOCOL_ERROR, "64-bit payload length with its most significant bit set");
                }
                headerLen = 10;
            }
            if (masked) {
                headerLen += 4;
            }
            if (!control && maxMsgSize > 0) {
                long total = (op == OP_CONTINUATION ? msgLen : 0) + payloadLen;
                if (total > maxMsgSize) {
                    throw fail(
                            WSCloseCode.MESSAGE_TOO_BIG,
                            "message of at least " + total + " bytes exceeds the limit of " + maxMsgSize + " bytes");
                }
            }
            if (payloadLen > Integer.MAX_VALUE - 64 - msgLen) {
                throw fail(WSCloseCode.MESSAGE_TOO_BIG, "message of " + payloadLen + " bytes is too large to buffer");
            }
            if (avail < headerLen + payloadLen) {
                return null;
            }
            int p = start + headerLen;
            int n = (int) payloadLen;
            if (masked) {
                int k = p - 4;
                for (int i = 0; i < n; i++) {
                    buf[p + i] ^= buf[k + (i & 3)];
                }
            }
            start = p + n;
            if (control) {
                WSMessage m = control(op, p, n);
                compactIfEmpty();
                return m;
            }
            if (op != OP_CONTINUATION) {
                msgOpcode = op;
                msgLen = 0;
            }
            if (fin && op != OP_CONTINUATION) {
                // an unfragmented message (the common case): straight from the input buffer
                msgOpcode = -1;
                WSMessage m = message(op, Arrays.copyOfRange(buf, p, p + n));
                compactIfEmpty();
                return m;
            }
            append(p, n);
            if (fin) {
                int opcode = msgOpcode;
                byte[] whole = Arrays.copyOf(msg, msgLen);
                msgOpcode = -1;
                msgLen = 0;
                msg = new byte[0];
                compactIfEmpty();
                return message(opcode, whole);
            }
        }
        return null;
    }

    private void compactIfEmpty() {
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > 64 * 1024) {
                buf = new byte[1024]; // a large message passed: do not keep its buffer
            }
        }
    }

    private void append(int p, int n) {
        if (msg.length - msgLen < n) {
            msg = Arrays.copyOf(msg, Math.max(msg.length * 2, msgLen + n));
        }
        System.arraycopy(buf, p, msg, msgLen, n);
        msgLen += n;
    }

    private WSMessage message(int opcode, byte[] data) throws WebSocketError {
        if (opcode == OP_BINARY) {
            return WSMessage.binary(data);
        }
        return WSMessage.text(utf8(data, "text message"));
    }

    private WSMessage control(int op, int p, int n) throws WebSocketError {
        byte[] payload = Arrays.copyOfRange(buf, p, p + n);
        switch (op) {
            case OP_PING:
                return WSMessage.ping(payload);
            case OP_PONG:
                return WSMessage.pong(payload);
            default:
                break;
        }
        if (n == 1) {
            throw fail(WSCloseCode.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int code = WSCloseCode.NO_STATUS_RECEIVED;
        String reason = "";
        if (n >= 2) {
            code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            if (!WSCloseCode.isValidOnWire(code)) {
                throw fail(WSCloseCode.PROTOCOL_ERROR, "invalid close code " + code);
            }
            reason = utf8(Arrays.copyOfRange(payload, 2, n), "close reason");
        }
        state = State.CLOSED;
        start = end;
        return WSMessage.close(code, reason);
    }

    private String utf8(byte[] data, String what) throws WebSocketError {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail(WSCloseCode.INVALID_TEXT, what + " is not valid UTF-8");
        }
    }

    private WebSocketError fail(int code, String message) {
        state = State.FAILED;
        failure = new WebSocketError(code, message);
        return failure;
    }

    @Override
    public String toString() {
        return "<FrameParser " + state + (expectMasked ? " server" : " client") + " buffered=" + (end - start)
                + (msgOpcode >= 0 ? " fragmented=" + msgLen : "") + ">";
    }
}
