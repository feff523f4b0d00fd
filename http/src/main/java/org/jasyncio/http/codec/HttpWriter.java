package org.jasyncio.http.codec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.http.internal.HttpChars;

/**
 * The sans-I/O HTTP/1.x serializer of one connection's outgoing messages: a head with its framing
 * fields, the body (chunk-framed when chunked, size-checked with Content-Length), the end (last chunk
 * and trailers). It returns the bytes to write; it owns no socket and no clock.
 *
 * <pre>{@code
 * HttpWriter w = new HttpWriter();
 * transport.write(w.responseHead(ResponseHead.of(200, Headers.of("Content-Type", "text/plain")),
 *         BodyFraming.CHUNKED));
 * transport.write(w.data(bytes, 0, bytes.length));   // "5\r\nhello\r\n"
 * transport.write(w.end(null));                      // "0\r\n\r\n"
 * }</pre>
 *
 * <p>The framing argument is the only source of framing: a head whose headers already carry
 * Content-Length or Transfer-Encoding is refused, except that a response with {@link BodyFraming#NONE}
 * may carry Content-Length (a response to HEAD, or a 304, announces the size it does not send).
 * {@code NONE} writes no framing field: for a response that must have no body (HEAD, 1xx, 204, 304);
 * an empty body of a 200 is {@code length(0)}. Chunked needs an HTTP/1.1 head. Not thread-safe.
 */
public final class HttpWriter {

    /**
     * Where the writer is.
     *
     * <pre>
     *   IDLE --requestHead/responseHead--> BODY --end--> IDLE
     * </pre>
     */
    public enum State {
        /** Between messages. */
        IDLE,
        /** A head was written; its body (possibly empty) and end are due. */
        BODY
    }

    private static final byte[] EMPTY = new byte[0];

    private State state = State.IDLE;
    // Valid in BODY: the framing of the message being written, the body bytes written so far, and
    // whether a chunk's data was announced whose CRLF is still to come (written before the next chunk
    // header or the last chunk, so a zero-copy chunk costs one extra write, not two).
    private BodyFraming framing;
    private long written;
    private boolean chunkOpen;

    /** A writer between messages. */
    public HttpWriter() {}

    /** Where the writer is. */
    public State state() {
        return state;
    }

    /**
     * The bytes of a request head with the framing field: {@code Content-Length: n} for
     * {@code length(n)} (also 0), {@code Transfer-Encoding: chunked}, nothing for {@code NONE}.
     *
     * @throws IllegalArgumentException for an invalid method or target, a head with its own framing
     *                                  fields, UNTIL_CLOSE, or chunked in HTTP/1.0
     */
    public byte[] requestHead(RequestHead head, BodyFraming framing) {
        checkIdle("requestHead");
        Objects.requireNonNull(framing, "framing");
        if (!HttpChars.isToken(head.method())) {
            throw new IllegalArgumentException(
                    "request method \"" + head.method() + "\" is not a token (RFC 9110 9.1)");
        }
        checkTarget(head.target());
        if (framing instanceof BodyFraming.UntilClose) {
            throw new IllegalArgumentException("a request body cannot be delimited by the close (RFC 9112 6.3)");
        }
        checkFramingFields(head.headers(), framing, false);
        checkChunkedVersion(head.version(), framing);
        Sink out = new Sink(128 + head.target().length() + 32 * head.headers().size());
        out.ascii(head.method())
                .add(' ')
                .ascii(head.target())
                .add(' ')
                .ascii(head.version().text())
                .crlf();
        fields(out, head.headers());
        framingField(out, framing);
        out.crlf();
        begin(framing);
        return out.toArray();
    }

    /**
     * The bytes of a response head with the framing field ({@code Content-Length}, {@code
     * Transfer-Encoding: chunked}, nothing for {@code NONE}; for {@code UNTIL_CLOSE}, {@code Connection:
     * close} unless already there).
     *
     * @throws IllegalArgumentException for an invalid reason phrase, a body framing on a 1xx/204/304,
     *                                  a head with its own framing fields, or chunked in HTTP/1.0
     */
    public byte[] responseHead(ResponseHead head, BodyFraming framing) {
        return responseHeadSink(head, framing, 0).toArray();
    }

    /**
     * A whole response with a {@code Content-Length} body in one array: the head of
     * {@link #responseHead responseHead(head, BodyFraming.length(len))} followed by {@code len} bytes
     * of {@code body} from {@code off}. The writer is IDLE afterwards, as after {@link #end}. One array
     * instead of two lets a small answer go out in one plain write rather than a gathering one.
     *
     * @throws IllegalArgumentException as {@link #responseHead} does
     */
    public byte[] response(ResponseHead head, byte[] body, int off, int len) {
        Objects.checkFromIndexSize(off, len, body.length);
        Sink out = responseHeadSink(head, BodyFraming.length(len), len);
        out.bytes(body, off, len);
        written = len;
        end(null);
        return out.toArray();
    }

    /** Checks the head, writes it into a sink of its exact size plus {@code room}, and opens the body. */
    private Sink responseHeadSink(ResponseHead head, BodyFraming framing, int room) {
        checkIdle("responseHead");
        Objects.requireNonNull(framing, "framing");
        String reason = head.reason();
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c > 0xFF || (!HttpChars.isFieldVchar(c) && c != ' ' && c != '\t')) {
                throw new IllegalArgumentException(
                        "reason phrase \"" + reason + "\" has a character not allowed in a status line (RFC 9112 4)");
            }
        }
        int status = head.status();
        if ((status < 200 || status == 204 || status == 304) && !(framing instanceof BodyFraming.None)) {
            throw new IllegalArgumentException("a " + status + " response has no body: its framing must be NONE, not "
                    + framing + " (RFC 9110 15)");
        }
        Headers headers = head.headers();
        checkFramingFields(headers, framing, true);
        checkChunkedVersion(head.version(), framing);
        boolean addClose = framing instanceof BodyFraming.UntilClose && !headers.containsToken("Connection", "close");
        String version = head.version().text();
        int size = version.length()
                + 1
                + Sink.digitCount(status)
                + 1
                + reason.length()
                + 2
                + fieldsSize(headers)
                + framingFieldSize(framing)
                + (addClose ? CONNECTION_CLOSE.length() + 2 : 0)
                + 2;
        Sink out = new Sink(size + room);
        out.ascii(version).add(' ').digits(status).add(' ').ascii(reason).crlf();
        fields(out, headers);
        framingField(out, framing);
        if (addClose) {
            out.ascii(CONNECTION_CLOSE).crlf();
        }
        out.crlf();
        begin(framing);
        return out;
    }

    /**
     * The bytes that carry {@code len} body bytes: the bytes themselves, framed as a chunk when chunked
     * (an empty slice gives an empty array: a zero-size chunk would end the body).
     *
     * @throws IllegalStateException outside a body, past a Content-Length, or for a body-less message
     */
    public byte[] data(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        byte[] header = dataHeader(len);
        if (len == 0) {
            return EMPTY;
        }
        if (header.length == 0) {
            return Arrays.copyOfRange(b, off, off + len);
        }
        byte[] out = Arrays.copyOf(header, header.length + len);
        System.arraycopy(b, off, out, header.length, len);
        return out;
    }

    /**
     * Zero-copy variant of {@link #data}: the framing bytes to write before the caller writes {@code len}
     * body bytes itself (for chunked, the previous chunk's CRLF and this chunk's size line; for a
     * Content-Length body, nothing). The caller must write exactly {@code len} bytes after it.
     */
    public byte[] dataHeader(int len) {
        if (state != State.BODY) {
            throw new IllegalStateException(this + ": body data before a head");
        }
        if (len < 0) {
            throw new IllegalArgumentException("negative body length " + len);
        }
        if (len == 0) {
            return EMPTY;
        }
        switch (framing) {
            case BodyFraming.None _ ->
                throw new IllegalStateException(
                        this + ": body data for a message whose framing is NONE (it has no body)");
            case BodyFraming.Length l -> {
                if (written + len > l.n()) {
                    throw new IllegalStateException(
                            this + ": " + (written + len) + " body bytes exceed the Content-Length of " + l.n());
                }
                written += len;
                return EMPTY;
            }
            case BodyFraming.Chunked _ -> {
                Sink out = new Sink(16);
                if (chunkOpen) {
                    out.crlf();
                }
                out.hex(len).crlf();
                chunkOpen = true;
                written += len;
                return out.toArray();
            }
            case BodyFraming.UntilClose _ -> {
                written += len;
                return EMPTY;
            }
        }
    }

    /**
     * The bytes that end the message: for chunked, the last chunk and the trailer fields; nothing
     * otherwise. The writer is then IDLE.
     *
     * @param trailers trailer fields (chunked only), or null
     * @throws IllegalStateException when a Content-Length body is short, or outside a message
     * @throws IllegalArgumentException for trailers on a body that is not chunked
     */
    public byte[] end(Headers trailers) {
        if (state != State.BODY) {
            throw new IllegalStateException(this + ": end() before a head");
        }
        boolean hasTrailers = trailers != null && !trailers.isEmpty();
        if (framing instanceof BodyFraming.Length l && written != l.n()) {
            throw new IllegalStateException(
                    this + ": the body ended after " + written + " bytes, short of its Content-Length of " + l.n());
        }
        if (hasTrailers && !(framing instanceof BodyFraming.Chunked)) {
            throw new IllegalArgumentException("trailer fields need a chunked body, not " + framing);
        }
        byte[] out = EMPTY;
        if (framing instanceof BodyFraming.Chunked) {
            if (hasTrailers) {
                for (Headers.Field f : trailers) {
                    if (isFraming(f.name())) {
                        throw new IllegalArgumentException("trailer field " + f.name()
                                + " is not allowed: framing belongs in the head (RFC 9110 6.5.1)");
                    }
                }
            }
            Sink s = new Sink(16 + (hasTrailers ? 32 * trailers.size() : 0));
            if (chunkOpen) {
                s.crlf();
            }
            s.add('0').crlf();
            if (hasTrailers) {
                fields(s, trailers);
            }
            s.crlf();
            out = s.toArray();
        }
        state = State.IDLE;
        framing = null;
        chunkOpen = false;
        written = 0;
        return out;
    }

    /** {@code end(null)}. */
    public byte[] end() {
        return end(null);
    }

    @Override
    public String toString() {
        return "HttpWriter[state=" + state + (state == State.BODY ? " framing=" + framing + " written=" + written : "")
                + "]";
    }

    private void checkIdle(String call) {
        if (state != State.IDLE) {
            throw new IllegalStateException(this + ": " + call + "() while a message is open: end() it first");
        }
    }

    private void begin(BodyFraming f) {
        state = State.BODY;
        framing = f;
        written = 0;
        chunkOpen = false;
    }

    private static void checkTarget(String target) {
        if (target.isEmpty()) {
            throw new IllegalArgumentException("empty request-target");
        }
        boolean query = false;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            query |= c == '?';
            if (c > 0x7F || !(HttpChars.isUriChar(c) || (query && HttpChars.isQueryExtra(c)))) {
                throw new IllegalArgumentException("request-target \"" + target + "\" has character 0x"
                        + Integer.toHexString(c) + " at " + i + ", not allowed unencoded (RFC 3986)");
            }
        }
    }

    private static void checkFramingFields(Headers headers, BodyFraming framing, boolean response) {
        if (headers.contains("Transfer-Encoding")) {
            throw new IllegalArgumentException("head carries Transfer-Encoding: framing is given as the "
                    + "BodyFraming argument (" + framing + ")");
        }
        if (headers.contains("Content-Length") && !(response && framing instanceof BodyFraming.None)) {
            throw new IllegalArgumentException("head carries Content-Length: framing is given as the "
                    + "BodyFraming argument (" + framing + "); only a body-less response may announce a size");
        }
    }

    private static void checkChunkedVersion(HttpVersion version, BodyFraming framing) {
        if (framing instanceof BodyFraming.Chunked && version == HttpVersion.HTTP_1_0) {
            throw new IllegalArgumentException("chunked transfer coding needs HTTP/1.1 (RFC 9112 6.1)");
        }
    }

    private static boolean isFraming(String name) {
        return HttpChars.equalsIgnoreCase(name, "Content-Length")
                || HttpChars.equalsIgnoreCase(name, "Transfer-Encoding")
                || HttpChars.equalsIgnoreCase(name, "Host");
    }

    private static void fields(Sink out, Headers headers) {
        int n = headers.size();
        for (int i = 0; i < n; i++) {
            out.ascii(headers.name(i)).add(':').add(' ').ascii(headers.value(i)).crlf();
        }
    }

    private static final String CONNECTION_CLOSE = "Connection: close";
    private static final String CONTENT_LENGTH = "Content-Length: ";
    private static final String TE_CHUNKED = "Transfer-Encoding: chunked";

    /** The bytes {@link #fields} writes. */
    private static int fieldsSize(Headers headers) {
        int n = headers.size();
        int size = 0;
        for (int i = 0; i < n; i++) {
            size += headers.name(i).length() + 2 + headers.value(i).length() + 2;
        }
        return size;
    }

    /** The bytes {@link #framingField} writes. */
    private static int framingFieldSize(BodyFraming framing) {
        return switch (framing) {
            case BodyFraming.Length l -> CONTENT_LENGTH.length() + Sink.digitCount(l.n()) + 2;
            case BodyFraming.Chunked _ -> TE_CHUNKED.length() + 2;
            case BodyFraming.None _, BodyFraming.UntilClose _ -> 0;
        };
    }

    private static void framingField(Sink out, BodyFraming framing) {
        switch (framing) {
            case BodyFraming.Length l -> out.ascii(CONTENT_LENGTH).digits(l.n()).crlf();
            case BodyFraming.Chunked _ -> out.ascii(TE_CHUNKED).crlf();
            case BodyFraming.None _, BodyFraming.UntilClose _ -> {}
        }
    }

    // ---- Date ----

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    /** One second's formatted date; replaced, never mutated, so a plain racy read is safe. */
    private record CachedDate(long second, String text) {}

    private static volatile CachedDate cachedDate = new CachedDate(Long.MIN_VALUE, "");

    /**
     * The IMF-fixdate of RFC 9110 5.6.7 for a {@code Date} field ({@code Sun, 06 Nov 1994 08:49:37 GMT}),
     * formatted once per second and cached (the caller passes the clock's time: the codec reads none).
     */
    public static String httpDate(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        CachedDate c = cachedDate;
        if (c.second() != second) {
            c = new CachedDate(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
            cachedDate = c;
        }
        return c.text();
    }

    /** A growable byte array for one head; chars are written as Latin-1 (validated before). */
    private static final class Sink {
        private byte[] buf;
        private int size;

        Sink(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        Sink add(char c) {
            ensure(1);
            buf[size++] = (byte) c;
            return this;
        }

        Sink crlf() {
            ensure(2);
            buf[size++] = '\r';
            buf[size++] = '\n';
            return this;
        }

        Sink ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        /** The decimal digits of {@code v} (not negative). */
        Sink digits(long v) {
            int n = digitCount(v);
            ensure(n);
            for (int i = size + n - 1; i >= size; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            size += n;
            return this;
        }

        /** How many decimal digits {@code v} (not negative) has. */
        static int digitCount(long v) {
            // the common cases (a status, a small Content-Length) by comparison, without a division
            if (v < 10) {
                return 1;
            }
            if (v < 100) {
                return 2;
            }
            if (v < 1000) {
                return 3;
            }
            if (v < 10000) {
                return 4;
            }
            int n = 4;
            for (v /= 10000; v > 0; v /= 10) {
                n++;
            }
            return n;
        }

        Sink bytes(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
            return this;
        }

        Sink hex(int v) {
            return ascii(Integer.toHexString(v));
        }

        byte[] toArray() {
            return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }
    }
}
