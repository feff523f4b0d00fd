package org.jasyncio.redis.resp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Values and commands to bytes (the sending half of the sans-I/O codec; {@link RespParser} is the
 * other). A command is an array of bulk strings, which every Redis since 1.2 accepts whatever
 * protocol version the connection speaks.
 *
 * <pre>{@code
 * byte[] wire = RespEncoder.command("SET", "k", "v");   // *3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RespEncoder {
    private static final byte[] CRLF = {'\r', '\n'};

    private RespEncoder() {}

    /** The command {@code args} (strings in UTF-8) as one RESP array of bulk strings. */
    public static byte[] command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * args.length + 16);
        header(out, '*', args.length);
        for (String a : args) {
            bulk(out, a.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The command {@code args} as one RESP array of bulk strings; appends to {@code out}. */
    public static void command(ByteArrayOutputStream out, List<byte[]> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a Redis command needs at least its name, got no arguments");
        }
        header(out, '*', args.size());
        for (byte[] a : args) {
            bulk(out, a);
        }
    }

    /** The command {@code args} as bytes. */
    public static byte[] command(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command(out, args);
        return out.toByteArray();
    }

    /**
     * {@code value} in RESP3 (a {@link RespValue.Null} as {@code _}, attributes before their value);
     * the inverse of {@link RespParser} for every value it gives.
     */
    public static byte[] encode(RespValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(out, value);
        return out.toByteArray();
    }

    /** Appends {@code value} in RESP3 to {@code out}. */
    public static void encode(ByteArrayOutputStream out, RespValue value) {
        switch (value) {
            case RespValue.SimpleString s -> line(out, '+', s.value());
            case RespValue.Error e -> {
                if (e.bulk()) {
                    byte[] b = e.message().getBytes(StandardCharsets.UTF_8);
                    header(out, '!', b.length);
                    out.writeBytes(b);
                    out.writeBytes(CRLF);
                } else {
                    line(out, '-', e.message());
                }
            }
            case RespValue.Integer i -> line(out, ':', Long.toString(i.value()));
            case RespValue.BulkString b -> bulk(out, b.value());
            case RespValue.Array a -> {
                header(out, '*', a.elements().size());
                a.elements().forEach(v -> encode(out, v));
            }
            case RespValue.Null n -> line(out, '_', "");
            case RespValue.Boolean b -> line(out, '#', b.value() ? "t" : "f");
            case RespValue.Double d -> line(out, ',', doubleText(d.value()));
            case RespValue.BigNumber n -> line(out, '(', n.value().toString());
            case RespValue.Verbatim v -> {
                byte[] b = (v.format() + ":" + v.text()).getBytes(StandardCharsets.UTF_8);
                header(out, '=', b.length);
                out.writeBytes(b);
                out.writeBytes(CRLF);
            }
            case RespValue.Map m -> {
                header(out, '%', m.entries().size());
                m.entries().forEach((k, v) -> {
                    encode(out, k);
                    encode(out, v);
                });
            }
            case RespValue.Set s -> {
                header(out, '~', s.elements().size());
                s.elements().forEach(v -> encode(out, v));
            }
            case RespValue.Attributed a -> {
                header(out, '|', a.attributes().size());
                a.attributes().forEach((k, v) -> {
                    encode(out, k);
                    encode(out, v);
                });
                encode(out, a.value());
            }
            case RespValue.Push p -> {
                header(out, '>', p.elements().size());
                p.elements().forEach(v -> encode(out, v));
            }
        }
    }

    static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            // 10.0 as "10": what Redis itself sends for integral doubles.
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static void header(ByteArrayOutputStream out, char type, long n) {
        line(out, type, Long.toString(n));
    }

    private static void line(ByteArrayOutputStream out, char type, String text) {
        out.write(type);
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(CRLF);
    }

    private static void bulk(ByteArrayOutputStream out, byte[] b) {
        header(out, '$', b.length);
        out.writeBytes(b);
        out.writeBytes(CRLF);
    }
}
