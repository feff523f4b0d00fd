package org.jasyncio.http.client;

import java.io.IOException;
import org.jasyncio.http.codec.HttpEvent;
import org.jasyncio.http.codec.HttpParseException;

/**
 * The raw (not yet decoded) body of one response, read from its connection through the codec's
 * events. At the end of the body it gives the connection back to the pool, reusable when both sides
 * keep it alive; on any failure it closes it. Turns the ways a body can go wrong into the client's
 * errors: EOF or a reset before the end is a {@link ClientPayloadError} with the byte counts, broken
 * framing a {@link BadServerResponse}, silence a {@link ReadTimeoutError}.
 */
final class BodyReader implements ChunkSource {
    /**
     * <pre>
     * READING --EndOfMessage--> DONE
     * READING --error---------> FAILED
     * READING --abandon()-----> FAILED
     * </pre>
     */
    enum State {
        READING,
        DONE,
        FAILED
    }

    /** Gives the connection back: {@code reusable} when the whole response was read and kept alive. */
    interface Release {
        void release(boolean reusable);
    }

    private final HttpConnection conn;
    private final Deadlines deadlines;
    private final String what;
    /** Bytes announced by Content-Length, or -1. */
    private final long expected;

    private final boolean keepAlive;
    private final Release release;
    private State state = State.READING;
    private long received;

    BodyReader(
            HttpConnection conn, Deadlines deadlines, String what, long expected, boolean keepAlive, Release release) {
        this.conn = conn;
        this.deadlines = deadlines;
        this.what = what;
        this.expected = expected;
        this.keepAlive = keepAlive;
        this.release = release;
    }

    /** A body that is already complete (HEAD, 204, 304): releases the connection at once. */
    static BodyReader empty(HttpConnection conn, Deadlines deadlines, String what, boolean keepAlive, Release release) {
        BodyReader r = new BodyReader(conn, deadlines, what, 0, keepAlive, release);
        r.finish();
        return r;
    }

    State state() {
        return state;
    }

    long received() {
        return received;
    }

    @Override
    public byte[] next() throws IOException {
        if (state == State.DONE) {
            return null;
        }
        if (state == State.FAILED) {
            throw new ClientPayloadError(
                    "the body of " + what + " can no longer be read: it failed or was released" + " before its end",
                    null);
        }
        try {
            deadlines.checkTotal("reading the body of ", what);
            while (true) {
                HttpEvent ev = conn.next(deadlines, "the body of ", what);
                if (ev instanceof HttpEvent.Data d) {
                    if (d.length() == 0) {
                        continue;
                    }
                    received += d.length();
                    return conn.keep(d);
                }
                if (ev instanceof HttpEvent.EndOfMessage) {
                    finish();
                    return null;
                }
                if (ev instanceof HttpEvent.ConnectionClosed) {
                    throw truncated(null);
                }
                throw new BadServerResponse(what, "unexpected " + ev + " in the body", conn.bytesIn, null);
            }
        } catch (HttpParseException e) {
            fail();
            if (conn.eofFed()) {
                throw truncated(e);
            }
            throw new BadServerResponse(what, e.getMessage(), e.offset(), e);
        } catch (ClientError e) {
            fail();
            throw e;
        } catch (IOException e) {
            fail();
            throw truncated(e);
        } catch (RuntimeException | Error e) {
            fail(); // a timeout or cancellation mid-body: the connection's state is unknown
            throw e;
        }
    }

    private ClientPayloadError truncated(Throwable cause) {
        fail();
        return new ClientPayloadError(what, received, expected, cause);
    }

    private void finish() {
        state = State.DONE;
        release.release(keepAlive);
    }

    private void fail() {
        if (state == State.READING) {
            state = State.FAILED;
            release.release(false);
        }
    }

    /** Stops reading: the connection is closed, since the rest of the body was never read. */
    void abandon() {
        fail();
    }
}
