package org.jasyncio.redis.resp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes to values (the receiving half of the sans-I/O codec): {@link #feed} whatever the socket
 * gave, then call {@link #next()} until it returns {@code null} (no complete value buffered yet).
 * No socket, no loop, no clock: every split of the input is a unit test.
 *
 * <pre>{@code
 * RespParser p = new RespParser();
 * p.feed("*2\r\n$5\r\nhel".getBytes());
 * p.next();                        // null: the array is not complete
 * p.feed("lo\r\n:1\r\n".getBytes());
 * p.next();                        // Array[[BulkString[hello], Integer[1]]]
 * }</pre>
 *
 * <p>All of RESP3 is understood, RESP2 included: the thirteen types, attributes (attached to the
 * value after them as {@link RespValue.Attributed}), streamed strings ({@code $?} with {@code ;}
 * chunks) and streamed aggregates ({@code *?}, {@code %?}, {@code ~?}, {@code >?}, ended by
 * {@code .}).
 *
 * <p><b>Why re-parse instead of a resumable state machine:</b> an incomplete value is parsed again
 * from its first byte when more bytes come. Replies are small and usually arrive whole, so this is
 * simple and rarely repeated; a large bulk string remembers how many bytes it needs, so it is not
 * re-scanned before they are all there. hiredis keeps an explicit stack of partial aggregates
 * instead, which pays off only for replies of many thousands of elements split over many reads.
 *
 * <pre>
 * State: OPEN --malformed input--> FAILED (every later call throws the same RespProtocolError)
 * </pre>
 * Not thread-safe: one connection's reader only.
 */
public final class RespParser {
    /** Redis's own default {@code proto-max-bulk-len}. */
    public static final int MAX_BULK_LENGTH = 512 * 1024 * 1024;
    /** Deeper nesting than this is refused (Redis never sends it; a hostile peer could). */
    public static final int MAX_DEPTH = 128;

    /** The parser's states. */
    public enum State {
        OPEN,
        FAILED
    }

    // Invariant: the unconsumed input is buf[start, end).
    private byte[] buf = new byte[4096];
    private int start;
    private int end;
    /** The unconsumed input must be at least this long before the next parse attempt can succeed. */
    private int needed;

    private int pos;
    private State state = State.OPEN;
    private RespProtocolError failure;

    /** Buffers {@code data}. */
    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** Buffers {@code len} bytes of {@code data} from {@code off}. */
    public void feed(byte[] data, int off, int len) {
        if (end + len > buf.length) {
            int live = end - start;
            if (live + len <= buf.length / 2 || (start > 0 && live + len <= buf.length)) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, live + len)];
                System.arraycopy(buf, start, bigger, 0, live);
                buf = bigger;
            }
            end = live;
            start = 0;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    /**
     * The next complete value, or {@code null} if the buffered bytes do not hold one yet.
     *
     * @throws RespProtocolError if the bytes are not RESP (then always, for this parser)
     */
    public RespValue next() {
        if (state == State.FAILED) {
            throw failure;
        }
        if (end - start < needed || end == start) {
            return null;
        }
        pos = start;
        try {
            RespValue v = value(0);
            if (v == null) {
                return null;
            }
            start = pos;
            needed = 0;
            if (start == end) {
                start = end = 0;
            }
            return v;
        } catch (RespProtocolError e) {
            state = State.FAILED;
            failure = e;
            throw e;
        }
    }

    /** How many bytes are buffered and not yet returned as values. */
    public int buffered() {
        return end - start;
    }

    /** {@link State#OPEN} or {@link State#FAILED}. */
    public State state() {
        return state;
    }

    @Override
    public String toString() {
        return "<RespParser " + state + " buffered=" + buffered() + ">";
    }

    // ---- the grammar; every method returns null when the input ends before the value does ----

    private RespValue value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new RespProtocolError("RESP value nested deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= end) {
            return needMore();
        }
        byte type = buf[pos];
        int lineEnd = lineEnd(pos + 1);
        if (lineEnd < 0) {
            return needMore();
        }
        String line = new String(buf, pos + 1, lineEnd - pos - 1, StandardCharsets.UTF_8);
        pos = lineEnd + 2;
        return switch (type) {
            case '+' -> new RespValue.SimpleString(line);
            case '-' -> new RespValue.Error(line, false);
            case ':' -> new RespValue.Integer(integer(line, "integer"));
            case '_' -> {
                if (!line.isEmpty()) {
                    throw new RespProtocolError("RESP null must be '_\\r\\n', got '_" + line + "'");
                }
                yield new RespValue.Null();
            }
            case '#' ->
                switch (line) {
                    case "t" -> new RespValue.Boolean(true);
                    case "f" -> new RespValue.Boolean(false);
                    default -> throw new RespProtocolError("RESP boolean must be #t or #f, got #" + line);
                };
            case ',' -> new RespValue.Double(doubleValue(line));
            case '(' -> {
                try {
                    yield new RespValue.BigNumber(new BigInteger(line));
                } catch (NumberFormatException e) {
                    throw new RespProtocolError("RESP big number is not a number: (" + line);
                }
            }
            case '$' -> {
                if (line.equals("?")) {
                    yield streamedString();
                }
                byte[] b = blob(line, "bulk string");
                yield b == null ? (line.equals("-1") ? new RespValue.Null() : null) : new RespValue.BulkString(b);
            }
            case '!' -> {
                byte[] b = blob(line, "bulk error");
                yield b == null ? null : new RespValue.Error(new String(b, StandardCharsets.UTF_8), true);
            }
            case '=' -> {
                byte[] b = blob(line, "verbatim string");
                if (b == null) {
                    yield null;
                }
                if (b.length < 4 || b[3] != ':') {
                    throw new RespProtocolError("RESP verbatim string must start with a 3-letter format and ':', got "
                            + new String(b, 0, Math.min(b.length, 8), StandardCharsets.UTF_8));
                }
                yield new RespValue.Verbatim(
                        new String(b, 0, 3, StandardCharsets.UTF_8),
                        new String(b, 4, b.length - 4, StandardCharsets.UTF_8));
            }
            case '*', '~', '>' -> {
                if (type == '*' && line.equals("-1")) {
                    yield new RespValue.Null();
                }
                List<RespValue> items = elements(line, depth, String.valueOf((char) type));
                if (items == null) {
                    yield null;
                }
                yield type == '*'
                        ? new RespValue.Array(items)
                        : type == '~' ? new RespValue.Set(items) : new RespValue.Push(items);
            }
            case '%', '|' -> {
                Map<RespValue, RespValue> m = pairs(line, depth, String.valueOf((char) type));
                if (m == null) {
                    yield null;
                }
                if (type == '%') {
                    yield new RespValue.Map(m);
                }
                RespValue after = value(depth + 1);
                yield after == null ? null : new RespValue.Attributed(m, after);
            }
            default ->
                throw new RespProtocolError(
                        "unknown RESP type byte '" + printable(type) + "' at the start of: " + printable(line));
        };
    }

    /** The input ends inside a line: at least one more byte is needed. */
    private RespValue needMore() {
        needed = Math.max(needed, end - start + 1);
        return null;
    }

    private RespValue incomplete(int more) {
        needed = Math.max(needed, pos - start + more);
        return null;
    }

    private byte[] blob(String line, String what) {
        long n = integer(line, what + " length");
        if (n == -1 && what.equals("bulk string")) {
            return null;
        }
        if (n < 0 || n > MAX_BULK_LENGTH) {
            throw new RespProtocolError("RESP " + what + " length out of range: " + n);
        }
        int len = (int) n;
        if (end - pos < len + 2) {
            incomplete(len + 2);
            return null;
        }
        if (buf[pos + len] != '\r' || buf[pos + len + 1] != '\n') {
            throw new RespProtocolError("RESP " + what + " of length " + len + " is not followed by CRLF");
        }
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len + 2;
        return b;
    }

    private RespValue streamedString() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            if (pos >= end) {
                return needMore();
            }
            if (buf[pos] != ';') {
                throw new RespProtocolError(
                        "RESP streamed string chunk must start with ';', got '" + printable(buf[pos]) + "'");
            }
            int lineEnd = lineEnd(pos + 1);
            if (lineEnd < 0) {
                return needMore();
            }
            String line = new String(buf, pos + 1, lineEnd - pos - 1, StandardCharsets.US_ASCII);
            pos = lineEnd + 2;
            long n = integer(line, "streamed string chunk length");
            if (n == 0) {
                return new RespValue.BulkString(out.toByteArray());
            }
            byte[] chunk = blob(line, "streamed string chunk");
            if (chunk == null) {
                return null;
            }
            out.writeBytes(chunk);
        }
    }

    private List<RespValue> elements(String line, int depth, String type) {
        List<RespValue> items = new ArrayList<>();
        if (line.equals("?")) {
            while (true) {
                if (pos >= end) {
                    needMore();
                    return null;
                }
                if (buf[pos] == '.') {
                    if (end - pos < 3) {
                        incomplete(3);
                        return null;
                    }
                    expectCrlf(pos + 1, "end of streamed aggregate '.'");
                    pos += 3;
                    return items;
                }
                RespValue v = value(depth + 1);
                if (v == null) {
                    return null;
                }
                items.add(v);
            }
        }
        long n = integer(line, type + " length");
        if (n < 0) {
            throw new RespProtocolError("RESP aggregate length out of range: " + type + n);
        }
        for (long i = 0; i < n; i++) {
            RespValue v = value(depth + 1);
            if (v == null) {
                return null;
            }
            items.add(v);
        }
        return items;
    }

    private Map<RespValue, RespValue> pairs(String line, int depth, String type) {
        Map<RespValue, RespValue> m = new LinkedHashMap<>();
        if (line.equals("?")) {
            List<RespValue> kv = elements(line, depth, type);
            if (kv == null) {
                return null;
            }
            if (kv.size() % 2 != 0) {
                throw new RespProtocolError("RESP streamed map has an odd number of elements: " + kv.size());
            }
            for (int i = 0; i < kv.size(); i += 2) {
                m.put(kv.get(i), kv.get(i + 1));
            }
            return m;
        }
        long n = integer(line, type + " length");
        if (n < 0) {
            throw new RespProtocolError("RESP map length out of range: " + type + n);
        }
        for (long i = 0; i < n; i++) {
            RespValue k = value(depth + 1);
            if (k == null) {
                return null;
            }
            RespValue v = value(depth + 1);
            if (v == null) {
                return null;
            }
            m.put(k, v);
        }
        return m;
    }

    /** The index of the CR of the CRLF that ends the line starting at {@code from}, or -1. */
    private int lineEnd(int from) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
                throw new RespProtocolError("RESP line has a LF without CR: "
                        + printable(new String(buf, from, i - from, StandardCharsets.UTF_8)));
            }
            if (buf[i] == '\r') {
                if (i + 1 >= end) {
                    return -1;
                }
                if (buf[i + 1] != '\n') {
                    throw new RespProtocolError("RESP line has a CR without LF: "
                            + printable(new String(buf, from, i - from, StandardCharsets.UTF_8)));
                }
                return i;
            }
        }
        return -1;
    }

    private void expectCrlf(int at, String what) {
        if (buf[at] != '\r' || buf[at + 1] != '\n') {
            throw new RespProtocolError("RESP " + what + " must be followed by CRLF");
        }
    }

    private static long integer(String line, String what) {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new RespProtocolError("RESP " + what + " is not an integer: '" + printable(line) + "'");
        }
    }

    private static double doubleValue(String line) {
        switch (line) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
                // Double.parseDouble accepts "Infinity", hex and trailing 'd': RESP allows none of them.
                if (line.isEmpty() || !line.matches("[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                    throw new RespProtocolError("RESP double is not a number: '," + printable(line) + "'");
                }
                return Double.parseDouble(line);
            }
        }
    }

    private static String printable(byte b) {
        return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replace("\r", "\\r").replace("\n", "\\n");
    }
}
