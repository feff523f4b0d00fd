package org.jasyncio.http.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RFC 6455 frame codec, fed whole and byte by byte. */
class WebSocketCodecTest {
    private static final FrameWriter CLIENT = new FrameWriter(true);
    private static final FrameWriter SERVER = new FrameWriter(false);

    /** Feeds {@code wire} to a fresh parser in one piece and byte by byte; both must give {@code expected}. */
    private static List<WSMessage> parseBothWays(boolean server, long max, byte[] wire) throws WebSocketError {
        List<WSMessage> whole = drain(new FrameParser(server, max), wire, wire.length);
        List<WSMessage> bytewise = drain(new FrameParser(server, max), wire, 1);
        assertEquals(whole.toString(), bytewise.toString());
        return whole;
    }

    private static List<WSMessage> drain(FrameParser p, byte[] wire, int step) throws WebSocketError {
        List<WSMessage> out = new ArrayList<>();
        for (int i = 0; i < wire.length; i += step) {
            p.feed(wire, i, Math.min(step, wire.length - i));
            for (WSMessage m = p.next(); m != null; m = p.next()) {
                out.add(m);
            }
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] b : parts) {
            o.writeBytes(b);
        }
        return o.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static WebSocketError violation(boolean server, long max, byte[] wire) {
        WebSocketError whole =
                assertThrows(WebSocketError.class, () -> drain(new FrameParser(server, max), wire, wire.length));
        WebSocketError bytewise =
                assertThrows(WebSocketError.class, () -> drain(new FrameParser(server, max), wire, 1));
        assertEquals(whole.code(), bytewise.code());
        return whole;
    }

    @Test
    void maskedTextAndBinaryRoundTripOfAllLengthEncodings() throws Exception {
        for (int len : new int[] {0, 1, 125, 126, 65535, 65536, 200_000}) {
            byte[] data = new byte[len];
            new Random(len).nextBytes(data);
            String text = "é".repeat(len / 2);
            List<WSMessage> got = parseBothWays(
                    true,
                    0,
                    concat(CLIENT.frame(FrameParser.OP_BINARY, data), CLIENT.frame(FrameParser.OP_TEXT, utf8(text))));
            assertEquals(2, got.size());
            assertArrayEquals(data, got.get(0).bytes());
            assertEquals(text, got.get(1).text());
        }
        List<WSMessage> got = parseBothWays(false, 0, SERVER.frame(FrameParser.OP_TEXT, utf8("hi")));
        assertEquals("hi", got.getFirst().text());
    }

    @Test
    void clientFramesUseAFreshMaskEachTime() {
        byte[] a = CLIENT.frame(FrameParser.OP_TEXT, utf8("same payload"));
        byte[] b = CLIENT.frame(FrameParser.OP_TEXT, utf8("same payload"));
        assertEquals(0x80, a[1] & 0x80);
        assertTrue(!java.util.Arrays.equals(a, b), "two frames with the same mask");
        assertEquals(0, SERVER.frame(FrameParser.OP_TEXT, utf8("x"))[1] & 0x80);
    }

    @Test
    void fragmentsAreReassembledWithControlFramesBetweenThem() throws Exception {
        byte[] e = utf8("é"); // a code point split across two fragments
        byte[] wire = concat(
                CLIENT.frame(FrameParser.OP_TEXT, false, utf8("ab" + (char) 0), 0, 2),
                CLIENT.frame(FrameParser.OP_CONTINUATION, false, e, 0, 1),
                CLIENT.frame(FrameParser.OP_PING, utf8("p")),
                CLIENT.frame(FrameParser.OP_CONTINUATION, false, new byte[0], 0, 0),
                CLIENT.frame(FrameParser.OP_CONTINUATION, true, e, 1, 1),
                CLIENT.frame(FrameParser.OP_BINARY, false, new byte[] {1, 2}, 0, 2),
                CLIENT.frame(FrameParser.OP_CONTINUATION, true, new byte[] {3}, 0, 1));
        List<WSMessage> got = parseBothWays(true, 0, wire);
        assertEquals(3, got.size());
        assertEquals(WSMsgType.PING, got.get(0).type());
        assertEquals("p", new String(got.get(0).bytes(), StandardCharsets.UTF_8));
        assertEquals("abé", got.get(1).text());
        assertArrayEquals(new byte[] {1, 2, 3}, got.get(2).bytes());
    }

    @Test
    void closeFrameCodeAndReasonAndNothingAfterIt() throws Exception {
        byte[] wire = concat(
                CLIENT.frame(FrameParser.OP_CLOSE, FrameWriter.closePayload(4001, "bye ☃")),
                CLIENT.frame(FrameParser.OP_TEXT, utf8("ignored")));
        List<WSMessage> got = parseBothWays(true, 0, wire);
        assertEquals(1, got.size());
        assertEquals(WSMsgType.CLOSE, got.getFirst().type());
        assertEquals(4001, got.getFirst().closeCode());
        assertEquals("bye ☃", got.getFirst().extra());
        WSMessage empty = parseBothWays(true, 0, CLIENT.frame(FrameParser.OP_CLOSE, new byte[0]))
                .getFirst();
        assertEquals(WSCloseCode.NO_STATUS_RECEIVED, empty.closeCode());
    }

    @Test
    void violationsCarryTheirCloseCodes() {
        assertEquals(
                1002,
                violation(true, 0, SERVER.frame(FrameParser.OP_TEXT, utf8("unmasked")))
                        .code());
        assertEquals(
                1002,
                violation(false, 0, CLIENT.frame(FrameParser.OP_TEXT, utf8("masked")))
                        .code());
        assertEquals(
                1007,
                violation(true, 0, CLIENT.frame(FrameParser.OP_TEXT, new byte[] {(byte) 0xc3, 0x28}))
                        .code());
        assertEquals(
                1009,
                violation(true, 100, CLIENT.frame(FrameParser.OP_BINARY, new byte[101]))
                        .code());
        assertEquals(
                1009,
                violation(
                                true,
                                100,
                                concat(
                                        CLIENT.frame(FrameParser.OP_BINARY, false, new byte[60], 0, 60),
                                        CLIENT.frame(FrameParser.OP_CONTINUATION, true, new byte[60], 0, 60)))
                        .code());
        byte[] rsv = CLIENT.frame(FrameParser.OP_TEXT, utf8("x"));
        rsv[0] |= 0x40;
        assertEquals(1002, violation(true, 0, rsv).code());
        byte[] op3 = CLIENT.frame(3, utf8("x"));
        assertEquals(1002, violation(true, 0, op3).code());
        assertEquals(
                1002,
                violation(true, 0, CLIENT.frame(FrameParser.OP_PING, new byte[126]))
                        .code());
        assertEquals(
                1002,
                violation(true, 0, CLIENT.frame(FrameParser.OP_PING, false, new byte[1], 0, 1))
                        .code());
        assertEquals(
                1002,
                violation(true, 0, CLIENT.frame(FrameParser.OP_CONTINUATION, utf8("x")))
                        .code());
        assertEquals(
                1002,
                violation(
                                true,
                                0,
                                concat(
                                        CLIENT.frame(FrameParser.OP_TEXT, false, utf8("a"), 0, 1),
                                        CLIENT.frame(FrameParser.OP_TEXT, utf8("b"))))
                        .code());
        assertEquals(
                1002,
                violation(true, 0, CLIENT.frame(FrameParser.OP_CLOSE, new byte[] {3}))
                        .code());
        assertEquals(
                1002,
                violation(true, 0, CLIENT.frame(FrameParser.OP_CLOSE, new byte[] {0x03, (byte) 0xed}))
                        .code());
        assertEquals(
                1007,
                violation(true, 0, CLIENT.frame(FrameParser.OP_CLOSE, new byte[] {0x03, (byte) 0xe8, (byte) 0xff}))
                        .code());
    }

    @Test
    void aFailedParserKeepsFailing() throws Exception {
        FrameParser p = new FrameParser(true, 0);
        byte[] bad = SERVER.frame(FrameParser.OP_TEXT, utf8("x"));
        p.feed(bad, 0, bad.length);
        WebSocketError first = assertThrows(WebSocketError.class, p::next);
        assertEquals(first, assertThrows(WebSocketError.class, p::next));
        assertEquals(FrameParser.State.FAILED, p.state());
        FrameParser partial = new FrameParser(true, 0);
        partial.feed(new byte[] {(byte) 0x81}, 0, 1);
        assertNull(partial.next());
    }

    @Test
    void closePayloadRules() {
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.closePayload(1005, ""));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.closePayload(1000, "x".repeat(124)));
        assertArrayEquals(new byte[] {0x03, (byte) 0xe8}, FrameWriter.closePayload(1000, null));
    }
}
