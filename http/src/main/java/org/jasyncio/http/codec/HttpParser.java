package org.jasyncio.http.codec;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.http.internal.HttpChars;

/**
 * The incremental, strict, sans-I/O HTTP/1.x parser: bytes in with {@link #feed}, events out with
 * {@link #next} (h11 style). One parser per connection and direction; it owns no socket, no loop, no
 * clock, so every case is a unit test and a fuzz target.
 *
 * <pre>{@code
 * HttpParser p = HttpParser.forRequests(HttpLimits.defaults());
 * p.feed(bytes, 0, n);
 * for (HttpEvent e = p.next(); !(e instanceof HttpEvent.NeedData); e = p.next()) {
 *     ... RequestHead, Data..., EndOfMessage, then the next pipelined request's head ...
 * }
 * }</pre>
 *
 * <p>Bytes may be split anywhere between feeds. The parser reads the fed array in place until
 * {@link #next} returns {@link HttpEvent.NeedData} (the caller may then reuse it); what is left of an
 * unfinished head or chunk line is copied into the parser's own buffer. {@link HttpEvent.Data} slices
 * alias the fed array (or that buffer): no copy of a body.
 *
 * <p>Strict as RFC 9110/9112 allow and request-smuggling research demands: every line ends in CRLF
 * (no bare CR, no bare LF); no obs-fold; no whitespace before a colon; tokens for methods and names;
 * no control characters in values; one Content-Length of digits only; never both Content-Length and
 * Transfer-Encoding; Transfer-Encoding exactly {@code chunked}; strict chunk sizes and extensions;
 * Host exactly once in HTTP/1.1. A violation throws {@link HttpParseException} (status, rule,
 * offset) and leaves the parser in {@link State#ERROR}. See the module README for the full list.
 *
 * <p>Not thread-safe: one owner (the connection's loop thread).
 */
public final class HttpParser {

    /**
     * Where the parser is.
     *
     * <pre>
     *   IDLE --first byte--> HEAD --head--> BODY | CHUNK_SIZE | UNTIL_CLOSE
     *   CHUNK_SIZE --size>0--> CHUNK_DATA --> CHUNK_END --> CHUNK_SIZE
     *   CHUNK_SIZE --size=0--> TRAILERS
     *   BODY | TRAILERS | UNTIL_CLOSE --EndOfMessage--> IDLE (keep-alive) | MUST_CLOSE | SWITCHED
     *   IDLE --eof--> CLOSED          MUST_CLOSE --eof--> CLOSED
     *   IDLE --takeRemaining()--> SWITCHED
     *   any --violation--> ERROR
     * </pre>
     */
    public enum State {
        /** Between messages: waiting for the first byte of a head (empty lines are skipped). */
        IDLE,
        /** Part of a head has arrived. */
        HEAD,
        /** In a Content-Length body (or before the EndOfMessage of a bodyless message). */
        BODY,
        /** Waiting for a chunk-size line. */
        CHUNK_SIZE,
        /** In a chunk's data. */
        CHUNK_DATA,
        /** Waiting for the CRLF after a chunk's data. */
        CHUNK_END,
        /** Waiting for the trailer section after the last chunk. */
        TRAILERS,
        /** In a response body delimited by the connection's close. */
        UNTIL_CLOSE,
        /** The last message did not keep the connection alive: further bytes are ignored. */
        MUST_CLOSE,
        /** The protocol switched (101, successful CONNECT, or {@link #takeRemaining}): no more HTTP. */
        SWITCHED,
        /** The peer closed the connection between messages. */
        CLOSED,
        /** A violation was thrown; the connection must close. */
        ERROR
    }

    private static final byte[] EMPTY = new byte[0];

    private final boolean requests;
    private final HttpLimits limits;
    // Transitions as drawn on State; checked by next().
    private State state = State.IDLE;

    // Invariant: the unread input is in[pos..lim); inStart is the stream offset of in[0] (may be
    // negative when in is the caller's array and the feed started past index 0).
    private byte[] in = EMPTY;
    private int pos;
    private int lim;
    private long inStart;
    private long fed;
    private byte[] own = EMPTY;
    private boolean eof;

    // Resumable scan of a head or trailer section, one line at a time: pos is the current line's
    // start (lines before it are parsed and consumed), scanRel the next byte to look at relative to
    // pos. sectionBytes counts the consumed field lines (for the 431 limit), lines their number.
    // Invariant: pendingLine is null until the head's first line is parsed; pendingHeaders collects
    // the head's (or the trailer section's) fields.
    private int scanRel;
    private int sectionBytes;
    private int lines;
    private Object pendingLine;
    private Headers pendingHeaders;
    private boolean methodDone;

    // The message being read.
    private long remaining;
    private long bodyTotal;
    private boolean keepAlive;
    private boolean switchAfter;
    private boolean informational;

    // Whether an HTTP/1.1 request without Host is rejected (always, except in the llhttp corpus test,
    // whose cases mostly omit Host: it checks that rule separately and every other fact with it off).
    private boolean requireHost = true;

    // Response parser: the methods of the requests whose responses are still to come, oldest first.
    private final ArrayDeque<String> expected = new ArrayDeque<>();

    private HttpParser(boolean requests, HttpLimits limits) {
        this.requests = requests;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A parser of the requests a server receives. */
    public static HttpParser forRequests(HttpLimits limits) {
        return new HttpParser(true, limits);
    }

    /**
     * A parser of the responses a client receives; call {@link #expectResponseTo} once per request
     * sent, in order, so it knows which responses have no body.
     */
    public static HttpParser forResponses(HttpLimits limits) {
        return new HttpParser(false, limits);
    }

    /** For the conformance corpus test only: do not reject an HTTP/1.1 request without Host. */
    HttpParser withoutHostCheck() {
        requireHost = false;
        return this;
    }

    /** Where the parser is. */
    public State state() {
        return state;
    }

    /**
     * Queues the method of a request whose response is to come (response parsers only). A response
     * with no queued method is taken as a response to GET. 1xx responses other than 101 do not use up
     * the entry: the final response that follows them does.
     */
    public void expectResponseTo(String requestMethod) {
        if (requests) {
            throw new IllegalStateException(this + ": expectResponseTo() is for a response parser");
        }
        expected.add(Objects.requireNonNull(requestMethod, "requestMethod"));
    }

    /**
     * Gives the parser {@code length} bytes of {@code data} from {@code offset}. The parser reads the
     * array in place: keep it unchanged until {@link #next} returns {@link HttpEvent.NeedData}.
     *
     * @throws IllegalStateException after {@link #feedEof}, an error or a protocol switch
     */
    public void feed(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (eof || state == State.ERROR || state == State.SWITCHED || state == State.CLOSED) {
            throw new IllegalStateException(
                    this + ": feed() after " + (eof ? "feedEof()" : "the parser reached " + state));
        }
        if (length == 0) {
            return;
        }
        if (state == State.MUST_CLOSE) {
            fed += length; // ignored: RFC 9112 9.6, nothing after a closing message is processed
            return;
        }
        if (pos == lim) {
            in = data;
            inStart = fed - offset;
            pos = offset;
            lim = offset + length;
        } else if (in == own && own.length - lim >= length) {
            // Appending in place: a line fed a byte at a time costs O(n) copies, not O(n^2).
            System.arraycopy(data, offset, own, lim, length);
            lim += length;
        } else {
            int left = lim - pos;
            if (own.length < left + length) {
                byte[] grown = new byte[Math.max(left + length, Math.max(256, own.length * 2))];
                System.arraycopy(in, pos, grown, 0, left);
                own = grown;
            } else {
                System.arraycopy(in, pos, own, 0, left);
            }
            System.arraycopy(data, offset, own, left, length);
            inStart += pos;
            in = own;
            pos = 0;
            lim = left + length;
        }
        fed += length;
    }

    /** Convenience for {@code feed(data, 0, data.length)}. */
    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /**
     * Tells the parser that the peer closed its side: a body delimited by the close ends, a clean end
     * between messages gives {@link HttpEvent.ConnectionClosed}, an unfinished message is an error.
     */
    public void feedEof() {
        eof = true;
    }

    /**
     * The next event: a head, body data, the end of a message, or {@link HttpEvent.NeedData} when every
     * fed byte is used. After {@code EndOfMessage} it goes on with the next pipelined message.
     *
     * @throws HttpParseException    when the input breaks a rule (the parser is then in ERROR)
     * @throws IllegalStateException in ERROR or SWITCHED
     */
    public HttpEvent next() {
        switch (state) {
            case ERROR -> throw new IllegalStateException(this + ": next() after a parse error");
            case SWITCHED ->
                throw new IllegalStateException(
                        this + ": next() after a protocol switch; the bytes are the new protocol's (takeRemaining())");
            case CLOSED -> {
                return HttpEvent.ConnectionClosed.INSTANCE;
            }
            case MUST_CLOSE -> {
                in = EMPTY;
                pos = 0;
                lim = 0;
                return eof ? closed() : HttpEvent.NeedData.INSTANCE;
            }
            default -> {}
        }
        try {
            return step();
        } catch (HttpParseException e) {
            state = State.ERROR;
            throw e;
        }
    }

    /**
     * Takes the bytes fed but not parsed, when the connection leaves HTTP: after a 101 or successful
     * CONNECT response (state SWITCHED), or between requests when a server accepts an upgrade (IDLE).
     * The parser is then done.
     */
    public byte[] takeRemaining() {
        if (state != State.SWITCHED && state != State.IDLE) {
            throw new IllegalStateException(this + ": takeRemaining() needs state SWITCHED or IDLE");
        }
        byte[] rest = Arrays.copyOfRange(in, pos, lim);
        in = EMPTY;
        pos = 0;
        lim = 0;
        state = State.SWITCHED;
        return rest;
    }

    /** The stream offset of the next unread byte. */
    public long offset() {
        return inStart + pos;
    }

    @Override
    public String toString() {
        return "HttpParser[" + (requests ? "requests" : "responses") + " state=" + state + " buffered=" + (lim - pos)
                + " offset=" + offset() + "]";
    }

    private HttpEvent step() {
        while (true) {
            switch (state) {
                case IDLE, HEAD -> {
                    return head();
                }
                case BODY -> {
                    if (remaining == 0) {
                        return endOfMessage(new Headers());
                    }
                    if (pos == lim) {
                        return starved("the Content-Length body");
                    }
                    int n = (int) Math.min(remaining, lim - pos);
                    HttpEvent.Data d = new HttpEvent.Data(in, pos, n);
                    pos += n;
                    remaining -= n;
                    return d;
                }
                case CHUNK_SIZE -> {
                    if (!chunkSize()) {
                        return starved("a chunk-size line");
                    }
                }
                case CHUNK_DATA -> {
                    if (pos == lim) {
                        return starved("a chunk");
                    }
                    int n = (int) Math.min(remaining, lim - pos);
                    HttpEvent.Data d = new HttpEvent.Data(in, pos, n);
                    pos += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.CHUNK_END;
                    }
                    return d;
                }
                case CHUNK_END -> {
                    if (pos < lim && in[pos] != '\r') {
                        throw fail(status(400), "chunk data not followed by CRLF (RFC 9112 7.1)", pos);
                    }
                    if (lim - pos < 2) {
                        return starved("the CRLF after a chunk");
                    }
                    if (in[pos + 1] != '\n') {
                        throw fail(status(400), "chunk data not followed by CRLF (RFC 9112 7.1: bare CR)", pos + 1);
                    }
                    pos += 2;
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    if (!scanBlock(true)) {
                        return starved("the trailer section");
                    }
                    Headers trailers = pendingHeaders;
                    resetScan();
                    return endOfMessage(trailers);
                }
                case UNTIL_CLOSE -> {
                    if (pos < lim) {
                        HttpEvent.Data d = new HttpEvent.Data(in, pos, lim - pos);
                        pos = lim;
                        return d;
                    }
                    if (eof) {
                        return endOfMessage(new Headers());
                    }
                    return needData();
                }
                default -> throw new IllegalStateException(this + ": step() in " + state);
            }
        }
    }

    private HttpEvent head() {
        if (state == State.IDLE) {
            // RFC 9112 2.2: empty lines before a request line are ignored (only CRLF, strictly).
            while (pos < lim && in[pos] == '\r') {
                if (pos + 1 == lim) {
                    return eof ? starved("a head") : needData();
                }
                if (in[pos + 1] != '\n') {
                    throw fail(status(400), "bare CR (RFC 9112 2.2: lines end in CRLF)", pos);
                }
                pos += 2;
            }
            if (pos == lim) {
                return eof ? closed() : needData();
            }
            state = State.HEAD;
        }
        if (!scanBlock(false)) {
            return starved("a head");
        }
        long headOffset = inStart + pos;
        HttpEvent.Head head;
        if (pendingLine instanceof HeadReader.RequestLine l) {
            RequestHead rq = new RequestHead(l.method(), l.target(), l.version(), pendingHeaders);
            resetScan();
            startRequestBody(rq, headOffset);
            head = rq;
        } else {
            HeadReader.StatusLine l = (HeadReader.StatusLine) pendingLine;
            ResponseHead rs = new ResponseHead(l.status(), l.reason(), l.version(), pendingHeaders);
            resetScan();
            startResponseBody(rs, headOffset);
            head = rs;
        }
        return head;
    }

    private void startRequestBody(RequestHead head, long at) {
        Headers h = head.headers();
        int hosts = h.count("Host");
        if (hosts == 0 && head.version() == HttpVersion.HTTP_1_1 && requireHost) {
            throw new HttpParseException(400, "HTTP/1.1 request without Host (RFC 9112 3.2: MUST respond 400)", at);
        }
        if (hosts > 1) {
            throw new HttpParseException(400, "more than one Host field (RFC 9110 7.2: MUST respond 400)", at);
        }
        if (hosts == 1 && !HeadReader.validHost(h.get("Host"))) {
            throw new HttpParseException(
                    400, "invalid Host: not uri-host [ \":\" port ] (RFC 9110 7.2, RFC 3986 3.2.2)", at);
        }
        // A request that asks to leave HTTP (CONNECT, Upgrade) ends in IDLE even when it does not keep
        // the connection alive: the server decides, and takes the bytes after it with takeRemaining().
        keepAlive = head.keepAlive()
                || "CONNECT".equals(head.method())
                || (h.contains("Upgrade") && h.containsToken("Connection", "upgrade"));
        switchAfter = false;
        informational = false;
        if ("CONNECT".equals(head.method())) {
            // RFC 9110 9.3.6: a CONNECT request has no content; what follows the head is the tunnel's.
            // Framing fields on it could make another hop read a body where we see tunnel bytes.
            if (h.contains("Content-Length") || h.contains("Transfer-Encoding")) {
                throw new HttpParseException(
                        400,
                        "CONNECT request with Content-Length or Transfer-Encoding (RFC 9110 9.3.6: no content)",
                        at);
            }
            startBody(BodyFraming.NONE, at);
            return;
        }
        startBody(Framing.of(head.version(), h, true, 400, at), at);
    }

    private void startResponseBody(ResponseHead head, long at) {
        int status = head.status();
        informational = status < 200 && status != 101;
        String method = informational ? expected.peek() : expected.poll();
        if (method == null) {
            method = "GET";
        }
        Headers h = head.headers();
        int te = h.count("Transfer-Encoding");
        int cl = h.count("Content-Length");
        if (te > 0 && cl > 0) {
            throw new HttpParseException(
                    502, "Content-Length together with Transfer-Encoding (RFC 9112 6.1: request smuggling risk)", at);
        }
        if (cl > 1) {
            throw new HttpParseException(
                    502, "more than one Content-Length field (RFC 9112 6.3: rejected even when equal)", at);
        }
        if (cl == 1) {
            Framing.contentLength(h.get("Content-Length"), 502, at);
        }
        switchAfter = status == 101 || ("CONNECT".equals(method) && status >= 200 && status < 300);
        BodyFraming framing =
                Framing.bodyless(method, status) ? BodyFraming.NONE : Framing.of(head.version(), h, false, 502, at);
        keepAlive = Framing.persistent(head.version(), h) && !(framing instanceof BodyFraming.UntilClose);
        startBody(framing, at);
    }

    private void startBody(BodyFraming framing, long at) {
        bodyTotal = 0;
        switch (framing) {
            case BodyFraming.None _ -> {
                remaining = 0;
                state = State.BODY;
            }
            case BodyFraming.Length l -> {
                if (limits.maxBodySize() >= 0 && l.n() > limits.maxBodySize()) {
                    throw new HttpParseException(
                            status(413),
                            "Content-Length " + l.n() + " exceeds the limit of " + limits.maxBodySize() + " bytes",
                            at);
                }
                remaining = l.n();
                state = State.BODY;
            }
            case BodyFraming.Chunked _ -> state = State.CHUNK_SIZE;
            case BodyFraming.UntilClose _ -> state = State.UNTIL_CLOSE;
        }
    }

    private HttpEvent endOfMessage(Headers trailers) {
        if (switchAfter) {
            state = State.SWITCHED;
        } else if (informational) {
            state = State.IDLE;
        } else if (!keepAlive) {
            state = State.MUST_CLOSE;
        } else {
            state = State.IDLE;
        }
        if (state == State.MUST_CLOSE) {
            inStart += pos;
            in = EMPTY;
            pos = 0;
            lim = 0;
        }
        return new HttpEvent.EndOfMessage(trailers);
    }

    /**
     * Finds the next chunk-size line (checking CRLF and its length on the way) and has
     * {@link ChunkLine} read it. Returns false when the line is not complete yet.
     */
    private boolean chunkSize() {
        int start = pos;
        int maxLine = limits.maxChunkExtension() + 64;
        int i = start + scanRel;
        int lf = -1;
        for (; i < lim; i++) {
            byte b = in[i];
            if (b == '\n') {
                if (i == start || in[i - 1] != '\r') {
                    throw fail(status(400), "bare LF in chunk-size line (RFC 9112 7.1: CRLF)", i);
                }
                lf = i;
                break;
            }
            if (b == '\r' && i + 1 < lim && in[i + 1] != '\n') {
                throw fail(status(400), "bare CR in chunk-size line (RFC 9112 7.1: CRLF)", i);
            }
            if (i - start > maxLine) {
                throw fail(status(400), "chunk-size line longer than " + maxLine + " bytes", i);
            }
        }
        if (lf < 0) {
            scanRel = Math.max(0, i - start - 1);
            return false;
        }
        scanRel = 0;
        long size = ChunkLine.size(in, start, lf - 1, limits.maxChunkExtension(), status(400), inStart);
        pos = lf + 1;
        if (size == 0) {
            state = State.TRAILERS;
            resetScan();
            return true;
        }
        bodyTotal += size;
        if (bodyTotal < 0) {
            throw fail(status(400), "chunked body size overflows 63 bits", start);
        }
        if (limits.maxBodySize() >= 0 && bodyTotal > limits.maxBodySize()) {
            throw fail(status(413), "chunked body exceeds the limit of " + limits.maxBodySize() + " bytes", start);
        }
        remaining = size;
        state = State.CHUNK_DATA;
        return true;
    }

    /**
     * Scans the head (or trailer section) from {@code pos} line by line, resumably: checks that every
     * line ends in CRLF, parses each line as soon as it is complete (so a bad line fails at once) and
     * enforces the limits on the way. Returns whether the empty line that ends the block was reached
     * ({@code pos} is then after it).
     */
    private boolean scanBlock(boolean trailer) {
        boolean firstLine = !trailer && pendingLine == null;
        if (pendingHeaders == null) {
            pendingHeaders = new Headers();
        }
        int maxFirst = limits.maxRequestLine();
        int maxBlock = limits.maxHeaderBytes();
        int i = pos + scanRel;
        for (; i < lim; i++) {
            byte b = in[i];
            if (b == '\n') {
                int lineStart = pos;
                if (i == lineStart || in[i - 1] != '\r') {
                    throw fail(status(400), "bare LF (RFC 9112 2.2: lines end in CRLF)", i);
                }
                if (firstLine) {
                    pendingLine = requests
                            ? HeadReader.requestLine(in, lineStart, inStart)
                            : HeadReader.statusLine(in, lineStart, inStart);
                    firstLine = false;
                } else if (i - 1 == lineStart) {
                    pos = i + 1;
                    scanRel = 0;
                    return true;
                } else {
                    if (++lines > limits.maxHeaderCount()) {
                        throw fail(
                                status(431),
                                "more than " + limits.maxHeaderCount() + " " + (trailer ? "trailer" : "header")
                                        + " fields",
                                i);
                    }
                    HeadReader.field(in, lineStart, pendingHeaders, status(400), inStart);
                    sectionBytes += i + 1 - lineStart;
                    if (!trailer && requests) {
                        checkFieldEarly(lineStart);
                    }
                }
                pos = i + 1;
                continue;
            }
            if (b == '\r') {
                if (i + 1 == lim) {
                    break;
                }
                if (in[i + 1] != '\n') {
                    throw fail(status(400), "bare CR (RFC 9112 2.2: lines end in CRLF)", i);
                }
            }
            if (firstLine && requests && !methodDone) {
                // The method is checked byte by byte, so garbage at the start of a message (or after
                // a pipelined one) fails at once instead of waiting for a line end.
                if (b == ' ' && i > pos) {
                    methodDone = true;
                } else if (!HttpChars.isTchar(b)) {
                    throw fail(400, "method is not a token followed by a single SP (RFC 9112 3)", i);
                }
            }
            if (i == pos && !firstLine && (b == ' ' || b == '\t')) {
                throw fail(status(400), "field line starts with whitespace (obs-fold, RFC 9112 5.2: rejected)", i);
            }
            if (firstLine) {
                if (i - pos >= maxFirst + (b == '\r' ? 1 : 0)) {
                    throw fail(
                            requests ? 414 : 502,
                            (requests ? "request line" : "status line") + " longer than " + maxFirst + " bytes",
                            i);
                }
            } else if (sectionBytes + (i - pos) >= maxBlock) {
                throw fail(
                        status(431),
                        (trailer ? "trailer" : "header") + " section longer than " + maxBlock + " bytes",
                        i);
            }
        }
        scanRel = i - pos;
        return false;
    }

    /**
     * Checks a request's Content-Length field as soon as it arrives (syntax, and no second one), so a
     * bad one fails before the rest of the head; the combinations are checked at the head's end.
     */
    private void checkFieldEarly(int lineStart) {
        Headers h = pendingHeaders;
        int last = h.size() - 1;
        String name = h.name(last);
        if (name.length() == 14 && HttpChars.equalsIgnoreCase(name, "Content-Length")) {
            long at = inStart + lineStart;
            if (h.count("Content-Length") > 1) {
                throw new HttpParseException(
                        400, "more than one Content-Length field (RFC 9112 6.3: rejected even when equal)", at);
            }
            Framing.contentLength(h.value(last), 400, at);
        }
    }

    private void resetScan() {
        scanRel = 0;
        sectionBytes = 0;
        lines = 0;
        pendingLine = null;
        pendingHeaders = null;
        methodDone = false;
    }

    /** NeedData, or at the end of the stream an error: the message was cut short. */
    private HttpEvent starved(String what) {
        if (eof) {
            throw fail(status(400), "connection closed in the middle of " + what, lim);
        }
        return needData();
    }

    private HttpEvent needData() {
        if (pos < lim && in != own) {
            int left = lim - pos;
            if (own.length < left) {
                own = new byte[Math.max(left, 256)];
            }
            System.arraycopy(in, pos, own, 0, left);
            inStart += pos;
            in = own;
            pos = 0;
            lim = left;
        } else if (pos == lim) {
            inStart += pos;
            in = EMPTY;
            pos = 0;
            lim = 0;
            if (own.length > 2048) {
                own = EMPTY; // an idle connection keeps no large buffer (a long head was split)
            }
        }
        return HttpEvent.NeedData.INSTANCE;
    }

    private HttpEvent closed() {
        state = State.CLOSED;
        return HttpEvent.ConnectionClosed.INSTANCE;
    }

    /** The status for a violation: as given for a request parser, 502 for a response parser. */
    private int status(int requestStatus) {
        return requests ? requestStatus : 502;
    }

    private HttpParseException fail(int status, String rule, int index) {
        return new HttpParseException(status, rule, inStart + index);
    }
}
