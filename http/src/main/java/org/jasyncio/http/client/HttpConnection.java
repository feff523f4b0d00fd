package org.jasyncio.http.client;

import java.io.IOException;
import org.jasyncio.http.codec.HttpEvent;
import org.jasyncio.http.codec.HttpLimits;
import org.jasyncio.http.codec.HttpParser;
import org.jasyncio.http.codec.HttpWriter;
import org.jasyncio.net.Connection;
import org.jasyncio.net.StreamReader;
import org.jasyncio.net.StreamWriter;

/**
 * One keep-alive HTTP/1.1 connection of the pool: the byte stream, and the codec's parser and writer
 * for it. Thin by design (docs/design.md, code rule 13): the protocol is the codec's, the request logic the
 * session's; this class only moves bytes between the two.
 */
final class HttpConnection {
    /**
     * <pre>
     * ACTIVE --release(reusable)--> IDLE --acquire--> ACTIVE
     * ACTIVE --close()------------> CLOSED
     * IDLE   --close() / expiry---> CLOSED
     * </pre>
     * ACTIVE: leased to one request, from sending its head to the end of its response body.
     */
    enum State {
        ACTIVE,
        IDLE,
        CLOSED
    }

    /** How much one read asks the stream for. */
    private static final int READ_SIZE = 64 * 1024;

    private static final java.util.concurrent.atomic.AtomicLong NEXT_ID = new java.util.concurrent.atomic.AtomicLong(1);

    final Origin origin;
    final long id;
    private final StreamReader reader;
    private final StreamWriter writer;
    final HttpParser parser;
    final HttpWriter httpWriter = new HttpWriter();
    /** Loop thread only; transitions as drawn on {@link State}. */
    State state = State.ACTIVE;
    /** Loop time when it went idle; meaningful in IDLE only. */
    double idleSince;
    /** Requests sent on it so far; more than one means it was reused. */
    int requests;
    /** Response bytes fed to the parser so far, for error offsets. */
    long bytesIn;
    /** Whether the stream's EOF was fed to the parser. */
    private boolean eofFed;
    /** One read of the stream, made once: a lambda passed anew is an allocation per read. */
    private final Deadlines.IoCall<byte[]> readCall;
    /** The array last fed to the parser: fresh from the stream, never reused by this class. */
    private byte[] lastFed;

    HttpConnection(Origin origin, Connection conn, HttpLimits limits) {
        this.origin = origin;
        this.id = NEXT_ID.getAndIncrement();
        this.reader = conn.reader();
        this.writer = conn.writer();
        this.parser = HttpParser.forResponses(limits);
        StreamReader r = this.reader;
        this.readCall = () -> r.read(READ_SIZE);
    }

    /**
     * Whether the server closed it, or it broke, or the parser is not between messages, or bytes came
     * that no request asked for.
     */
    boolean unusable() {
        return state == State.CLOSED
                || reader.atEof()
                || reader.exception() != null
                || reader.buffered() > 0
                || writer.isClosing()
                || parser.state() != HttpParser.State.IDLE
                || parser.offset() != bytesIn; // bytes past the last response: a wrong Content-Length
    }

    /**
     * The bytes of a body slice, as an array the caller may keep: the fed array itself when the slice
     * is all of it (no copy), else a copy (the slice may be in the parser's own, reused, buffer).
     */
    byte[] keep(HttpEvent.Data d) {
        if (d.array() == lastFed && d.offset() == 0 && d.length() == lastFed.length) {
            return lastFed;
        }
        return d.toByteArray();
    }

    /** The stream's reading side (tests wait on it for the server to close an idle connection). */
    StreamReader reader() {
        return reader;
    }

    /** Whether the server's EOF was seen (and fed to the parser). */
    boolean eofFed() {
        return eofFed;
    }

    /** Whether the last response was read to its end (the parser is between messages or done). */
    boolean betweenMessages() {
        HttpParser.State s = parser.state();
        return s == HttpParser.State.IDLE || s == HttpParser.State.MUST_CLOSE || s == HttpParser.State.CLOSED;
    }

    /** Queues bytes to send. */
    void write(byte[] b) {
        if (b.length > 0) {
            writer.write(b);
        }
    }

    /** Waits until the send buffer has room. */
    void drain() throws IOException {
        writer.drain();
    }

    /**
     * Whether {@link #drain()} could suspend or throw: bytes are still queued, the stream is closing,
     * or it failed. When not, a request skips the drain (and the deadline around it).
     */
    boolean mustDrain() {
        return writer.transport().getWriteBufferSize() > 0 || writer.isClosing() || reader.exception() != null;
    }

    /**
     * The parser's next event, reading from the stream as often as it needs: never {@code NeedData}.
     * A read suspends under {@code deadlines}' read limit.
     */
    HttpEvent next(Deadlines deadlines, String during) throws IOException {
        return next(deadlines, during, "");
    }

    /** {@link #next(Deadlines, String)} with what is read described as {@code phase + subject}, joined for an error only. */
    HttpEvent next(Deadlines deadlines, String phase, String subject) throws IOException {
        while (true) {
            HttpEvent ev = parser.next();
            if (!(ev instanceof HttpEvent.NeedData)) {
                return ev;
            }
            byte[] data = reader.buffered() > 0
                    ? reader.read(READ_SIZE) // there: no suspension, no deadline
                    : deadlines.read(readCall, phase, subject);
            if (data.length == 0) {
                eofFed = true;
                parser.feedEof();
            } else {
                bytesIn += data.length;
                lastFed = data;
                parser.feed(data, 0, data.length);
            }
        }
    }

    /** Closes the stream; a connection that broke or was abandoned mid-response is aborted. */
    void close(boolean abort) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (abort) {
            writer.transport().abort();
        } else {
            writer.close();
        }
    }

    @Override
    public String toString() {
        return "<HttpConnection #" + id + " " + origin + " " + state.name().toLowerCase() + " requests=" + requests
                + ">";
    }
}
