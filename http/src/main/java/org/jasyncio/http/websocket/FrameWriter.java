package org.jasyncio.http.websocket;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Messages in, RFC 6455 frames out: sans-I/O. A client's writer masks every frame with a fresh random
 * key (RFC 6455 5.3: unpredictable, hence {@link SecureRandom}); a server's never masks. Each frame is
 * one array, so frames written by several tasks never interleave.
 */
final class FrameWriter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean mask;

    FrameWriter(boolean mask) {
        this.mask = mask;
    }

    /** One frame: {@code fin}, {@code opcode}, and {@code payload[off..off+len)} (not changed). */
    byte[] frame(int opcode, boolean fin, byte[] payload, int off, int len) {
        int headerLen = len < 126 ? 2 : len < 65536 ? 4 : 10;
        int maskAt = headerLen;
        if (mask) {
            headerLen += 4;
        }
        byte[] out = new byte[headerLen + len];
        out[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        int maskBit = mask ? 0x80 : 0;
        if (len < 126) {
            out[1] = (byte) (maskBit | len);
        } else if (len < 65536) {
            out[1] = (byte) (maskBit | 126);
            out[2] = (byte) (len >>> 8);
            out[3] = (byte) len;
        } else {
            out[1] = (byte) (maskBit | 127);
            long l = len;
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) (l >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, off, out, headerLen, len);
        if (mask) {
            byte[] key = new byte[4];
            RANDOM.nextBytes(key);
            System.arraycopy(key, 0, out, maskAt, 4);
            for (int i = 0; i < len; i++) {
                out[headerLen + i] ^= key[i & 3];
            }
        }
        return out;
    }

    /** A whole message (or control frame) in one frame. */
    byte[] frame(int opcode, byte[] payload) {
        return frame(opcode, true, payload, 0, payload.length);
    }

    /**
     * A close frame's payload: {@code code} and {@code reason} in UTF-8.
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason is over 123 bytes
     */
    static byte[] closePayload(int code, String reason) {
        if (!WSCloseCode.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code
                    + " may not be sent: it must be 1000..1003, 1007..1014 or 3000..4999 (RFC 6455 7.4)");
        }
        byte[] r = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (r.length > 123) {
            throw new IllegalArgumentException("close reason of " + r.length
                    + " bytes is too long: a control frame carries at most 125 bytes, 2 of them the code");
        }
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return p;
    }
}
