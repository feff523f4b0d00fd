package org.jasyncio.redis.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jasyncio.redis.resp.RespValue.Array;
import org.jasyncio.redis.resp.RespValue.Attributed;
import org.jasyncio.redis.resp.RespValue.BigNumber;
import org.jasyncio.redis.resp.RespValue.BulkString;
import org.jasyncio.redis.resp.RespValue.Error;
import org.jasyncio.redis.resp.RespValue.Null;
import org.jasyncio.redis.resp.RespValue.Push;
import org.jasyncio.redis.resp.RespValue.SimpleString;
import org.jasyncio.redis.resp.RespValue.Verbatim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples of the RESP specification (redis.io's "Redis serialization protocol specification"
 * and the RESP3 specification in redis-doc), byte for byte: each decodes to the value the spec
 * describes, whole, split at every point into two feeds, and fed one byte at a time; and the value
 * encodes back to the same bytes (RESP2's null forms excepted: they decode to the RESP3 null).
 */
class RespCodecTest {
    static Stream<Arguments> specExamples() {
        return Stream.of(
                ex("+OK\r\n", new SimpleString("OK")),
                ex("-Error message\r\n", new Error("Error message", false)),
                ex("-ERR unknown command 'asdf'\r\n", new Error("ERR unknown command 'asdf'", false)),
                ex(
                        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                        new Error("WRONGTYPE Operation against a key holding the wrong kind of value", false)),
                ex(":0\r\n", new RespValue.Integer(0)),
                ex(":1000\r\n", new RespValue.Integer(1000)),
                ex(":-42\r\n", new RespValue.Integer(-42)),
                ex("$5\r\nhello\r\n", BulkString.of("hello")),
                ex("$0\r\n\r\n", BulkString.of("")),
                ex("$12\r\nhello\r\nworld\r\n", BulkString.of("hello\r\nworld")),
                ex("*0\r\n", new Array(List.of())),
                ex(
                        "*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n",
                        new Array(List.of(BulkString.of("hello"), BulkString.of("world")))),
                ex("*3\r\n:1\r\n:2\r\n:3\r\n", new Array(List.of(i(1), i(2), i(3)))),
                ex(
                        "*5\r\n:1\r\n:2\r\n:3\r\n:4\r\n$5\r\nhello\r\n",
                        new Array(List.of(i(1), i(2), i(3), i(4), BulkString.of("hello")))),
                ex(
                        "*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Hello\r\n-World\r\n",
                        new Array(List.of(
                                new Array(List.of(i(1), i(2), i(3))),
                                new Array(List.of(new SimpleString("Hello"), new Error("World", false)))))),
                ex("_\r\n", new Null()),
                ex("#t\r\n", new RespValue.Boolean(true)),
                ex("#f\r\n", new RespValue.Boolean(false)),
                ex(",1.23\r\n", new RespValue.Double(1.23)),
                ex(",10\r\n", new RespValue.Double(10)),
                ex(",inf\r\n", new RespValue.Double(Double.POSITIVE_INFINITY)),
                ex(",-inf\r\n", new RespValue.Double(Double.NEGATIVE_INFINITY)),
                ex(",nan\r\n", new RespValue.Double(Double.NaN)),
                ex(
                        "(3492890328409238509324850943850943825024385\r\n",
                        new BigNumber(new BigInteger("3492890328409238509324850943850943825024385"))),
                ex("!21\r\nSYNTAX invalid syntax\r\n", new Error("SYNTAX invalid syntax", true)),
                ex("=15\r\ntxt:Some string\r\n", new Verbatim("txt", "Some string")),
                ex(
                        "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n",
                        new RespValue.Map(
                                RespValue.mapOf(new SimpleString("first"), i(1), new SimpleString("second"), i(2)))),
                ex(
                        "~5\r\n+orange\r\n+apple\r\n#t\r\n:100\r\n:999\r\n",
                        new RespValue.Set(List.of(
                                new SimpleString("orange"),
                                new SimpleString("apple"),
                                new RespValue.Boolean(true),
                                i(100),
                                i(999)))),
                ex(
                        "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n",
                        new Attributed(
                                RespValue.mapOf(
                                        new SimpleString("key-popularity"),
                                        new RespValue.Map(RespValue.mapOf(
                                                BulkString.of("a"),
                                                new RespValue.Double(0.1923),
                                                BulkString.of("b"),
                                                new RespValue.Double(0.0012)))),
                                new Array(List.of(i(2039123), i(9543892))))),
                ex(
                        ">4\r\n+pubsub\r\n+message\r\n+somechannel\r\n+this is the message\r\n",
                        new Push(List.of(
                                new SimpleString("pubsub"),
                                new SimpleString("message"),
                                new SimpleString("somechannel"),
                                new SimpleString("this is the message")))));
    }

    /** Forms that decode to a value which encodes differently (RESP2 nulls, streamed forms). */
    static Stream<Arguments> decodeOnlyExamples() {
        return Stream.of(
                ex("$-1\r\n", new Null()),
                ex("*-1\r\n", new Null()),
                ex(
                        "*3\r\n$5\r\nhello\r\n$-1\r\n$5\r\nworld\r\n",
                        new Array(List.of(BulkString.of("hello"), new Null(), BulkString.of("world")))),
                ex("$?\r\n;4\r\nHell\r\n;5\r\no wor\r\n;1\r\nd\r\n;0\r\n", BulkString.of("Hello word")),
                ex("*?\r\n:1\r\n:2\r\n:3\r\n.\r\n", new Array(List.of(i(1), i(2), i(3)))),
                ex(
                        "%?\r\n+a\r\n:1\r\n+b\r\n:2\r\n.\r\n",
                        new RespValue.Map(RespValue.mapOf(new SimpleString("a"), i(1), new SimpleString("b"), i(2)))),
                ex(",1.5e3\r\n", new RespValue.Double(1500)));
    }

    @ParameterizedTest
    @MethodSource("specExamples")
    void decodesWholeAndEncodesBackByteForByte(String wire, RespValue expected) {
        assertThat(decodeAll(List.of(bytes(wire)))).containsExactly(expected);
        assertThat(new String(RespEncoder.encode(expected), StandardCharsets.UTF_8))
                .isEqualTo(wire);
    }

    @ParameterizedTest
    @MethodSource({"specExamples", "decodeOnlyExamples"})
    void decodesTheSameValueAtEverySplitPoint(String wire, RespValue expected) {
        byte[] b = bytes(wire);
        for (int cut = 0; cut <= b.length; cut++) {
            byte[] head = java.util.Arrays.copyOfRange(b, 0, cut);
            byte[] tail = java.util.Arrays.copyOfRange(b, cut, b.length);
            assertThat(decodeAll(List.of(head, tail))).as("split at %d", cut).containsExactly(expected);
        }
        List<byte[]> singles = new ArrayList<>();
        for (byte x : b) {
            singles.add(new byte[] {x});
        }
        assertThat(decodeAll(singles)).as("one byte at a time").containsExactly(expected);
    }

    @ParameterizedTest
    @MethodSource("decodeOnlyExamples")
    void decodesResp2NullsAndStreamedForms(String wire, RespValue expected) {
        assertThat(decodeAll(List.of(bytes(wire)))).containsExactly(expected);
    }

    @Test
    void manyValuesInOneFeedComeOutInOrderAndNothingIsLeftBuffered() {
        RespParser p = new RespParser();
        p.feed(bytes("+OK\r\n:1\r\n$3\r\nfoo\r\n_\r\n"));
        assertThat(p.next()).isEqualTo(new SimpleString("OK"));
        assertThat(p.next()).isEqualTo(i(1));
        assertThat(p.next()).isEqualTo(BulkString.of("foo"));
        assertThat(p.next()).isEqualTo(new Null());
        assertThat(p.next()).isNull();
        assertThat(p.buffered()).isZero();
    }

    @Test
    void aLargeBulkStringFedInSmallChunksArrivesWhole() {
        byte[] payload = new byte[200_000];
        for (int k = 0; k < payload.length; k++) {
            payload[k] = (byte) k; // binary, CR and LF included
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        RespEncoder.encode(out, new BulkString(payload));
        byte[] wire = out.toByteArray();
        RespParser p = new RespParser();
        RespValue v = null;
        for (int off = 0; off < wire.length; off += 1000) {
            assertThat(v).isNull();
            p.feed(wire, off, Math.min(1000, wire.length - off));
            v = p.next();
        }
        assertThat(v).isEqualTo(new BulkString(payload));
    }

    @Test
    void encodesACommandAsAnArrayOfBulkStrings() {
        assertThat(new String(RespEncoder.command("SET", "mykey", "myvalue"), StandardCharsets.UTF_8))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$5\r\nmykey\r\n$7\r\nmyvalue\r\n");
        assertThat(new String(RespEncoder.command("LLEN", "mylist"), StandardCharsets.UTF_8))
                .isEqualTo("*2\r\n$4\r\nLLEN\r\n$6\r\nmylist\r\n");
        assertThat(new String(RespEncoder.command("GET", "é"), StandardCharsets.UTF_8))
                .isEqualTo("*2\r\n$3\r\nGET\r\n$2\r\né\r\n");
        assertThatThrownBy(() -> RespEncoder.command(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least its name");
    }

    @Test
    void malformedInputFailsWithTheReasonAndTheParserStaysFailed() {
        RespParser p = new RespParser();
        p.feed(bytes("?what\r\n"));
        assertThatThrownBy(p::next)
                .isInstanceOf(RespProtocolError.class)
                .hasMessageContaining("unknown RESP type byte '?'");
        assertThat(p.state()).isEqualTo(RespParser.State.FAILED);
        p.feed(bytes("+OK\r\n"));
        assertThatThrownBy(p::next).isInstanceOf(RespProtocolError.class);

        assertThatThrownBy(() -> decodeAll(List.of(bytes(":12x\r\n")))).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> decodeAll(List.of(bytes("$3\r\nabcd\r\n"))))
                .hasMessageContaining("not followed by CRLF");
        assertThatThrownBy(() -> decodeAll(List.of(bytes("+OK\n")))).hasMessageContaining("LF without CR");
        assertThatThrownBy(() -> decodeAll(List.of(bytes("#x\r\n")))).hasMessageContaining("#t or #f");
        assertThatThrownBy(() -> decodeAll(List.of(bytes(",Infinity\r\n")))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> decodeAll(List.of(bytes("$-5\r\n")))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> decodeAll(List.of(bytes("=3\r\ntxt\r\n")))).hasMessageContaining("3-letter format");
    }

    @Test
    void tooDeepNestingIsRefused() {
        RespParser p = new RespParser();
        p.feed(bytes("*1\r\n".repeat(RespParser.MAX_DEPTH + 2) + ":1\r\n"));
        assertThatThrownBy(p::next).isInstanceOf(RespProtocolError.class).hasMessageContaining("nested deeper");
    }

    @Test
    void valuesRefuseWhatTheWireCannotCarry() {
        assertThatThrownBy(() -> new SimpleString("a\r\nb")).hasMessageContaining("cannot hold CR or LF");
        assertThatThrownBy(() -> new Verbatim("text", "x")).hasMessageContaining("3 characters");
        assertThat(new Error("WRONGTYPE Operation", false).code()).isEqualTo("WRONGTYPE");
        assertThat(new Push(List.of(BulkString.of("message"), BulkString.of("ch"))).kind())
                .isEqualTo("message");
    }

    private static List<RespValue> decodeAll(List<byte[]> feeds) {
        RespParser p = new RespParser();
        List<RespValue> out = new ArrayList<>();
        for (byte[] f : feeds) {
            p.feed(f);
            for (RespValue v = p.next(); v != null; v = p.next()) {
                out.add(v);
            }
        }
        assertThat(p.buffered()).as("bytes left over").isZero();
        return out;
    }

    private static RespValue i(long n) {
        return new RespValue.Integer(n);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Arguments ex(String wire, RespValue v) {
        return Arguments.of(wire, v);
    }
}
