package org.jasyncio.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.internal.Throwables;

/**
 * The reading half of a stream connection (asyncio's {@code StreamReader}): a buffer the transport
 * fills and coroutines read from, with a limit that bounds memory.
 *
 * <pre>{@code
 * byte[] line = reader.readline();         // up to and including '\n'; empty at EOF
 * byte[] header = reader.readexactly(4);   // IncompleteReadError if the stream ends first
 * for (byte[] l : reader) { ... }          // line by line until EOF
 * }</pre>
 *
 * <p>Flow control: when more than twice the limit is buffered (or more than 1 GiB, for a limit past
 * 512 MiB: a Java array holds at most 2 GiB), the transport stops reading from the socket until
 * readers take the buffer back under the limit. A peer that sends endless data without a separator
 * thus costs at most about twice the limit, and {@link #readuntil} fails with {@link LimitOverrunError}.
 * A buffer that would have to outgrow the largest Java array (a transport that cannot pause, a reader
 * that waits for more than that) fails the feed with an {@link IllegalStateException} naming the
 * reader, where asyncio would raise {@code MemoryError}: a transport reports it as a fatal error of
 * its connection, and the loop and other connections go on (an {@link OutOfMemoryError} would stop the loop).
 *
 * <p>Threading: loop thread only (and its tasks). Only one task may wait for data at a time, as in asyncio.
 */
public final class StreamReader implements Iterable<byte[]> {
    /**
     * What the feeding side (the transport, through its protocol) has said.
     * <pre>
     * OPEN --feedEof() (the peer's EOF, or the connection closed cleanly)--> EOF
     * </pre>
     * EOF is final: {@link #feedData} is refused after it, and a read that needs more than is buffered
     * ends instead of waiting ({@code readexactly}/{@code readuntil} with {@link IncompleteReadError},
     * {@code read} with what is left, then empty arrays).
     *
     * <p>A failure is not a state but a sticky error beside it, as asyncio keeps {@code _exception}
     * beside {@code _eof}: after {@link #setException} every read that starts throws it, in either state.
     * A peer's EOF followed by a reset needs both: {@link #atEof()} stays true, reads throw.
     * As in asyncio, the error is checked when a read starts and delivered to a read waiting for data,
     * but a read already woken (by data or EOF) finishes with what it was woken for: data fed and an
     * error set in the same step give that read its data, and an EOF then an error give
     * {@code readexactly} an {@link IncompleteReadError}, {@code read} an empty array. One difference: a
     * woken read that still needs more data throws the error instead of waiting again (asyncio waits, for
     * data a failed connection will not send).
     * At most one task waits for data at a time, and only in OPEN (a read checks for EOF before it waits).
     */
    public enum State {
        OPEN,
        EOF
    }

    /** asyncio's {@code _DEFAULT_LIMIT}: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};
    private static final int INITIAL_CAPACITY = 256;
    /** The largest array the JVM reliably allocates (as {@code ArraysSupport.SOFT_MAX_ARRAY_LENGTH}). */
    static final int MAX_BUFFER = Integer.MAX_VALUE - 8;

    private final int limit;
    /**
     * Above this many buffered bytes the transport is paused: twice the limit, computed in long (for a
     * limit past 1 GiB, {@code 2 * limit} in int was negative and paused at the first byte) and capped
     * at half the largest array, so a paused buffer still has room for what arrives meanwhile.
     */
    private final int pauseAbove;
    /** Buffered bytes are {@code buf[start..end)}. Invariant: 0 <= start <= end <= buf.length. */
    private byte[] buf = new byte[INITIAL_CAPACITY];

    private int start;
    private int end;
    /** Transitions as drawn on {@link State}. Loop thread only. */
    private State state = State.OPEN;
    /**
     * The future of the one task waiting for data, or null; completed by feedData/feedEof/setException.
     * Invariant: null in EOF (feedEof wakes it, and no read waits after EOF).
     */
    private Future<Void> waiter;
    /** Set by setException: every read throws it from then on, in either state. */
    private IOException exception;

    private ReadTransport transport;
    /** Invariant: true iff this reader paused the transport and has not resumed it since. */
    private boolean paused;

    /** A reader with the default 64 KiB limit. */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /**
     * A reader with a buffer limit.
     *
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public StreamReader(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("StreamReader limit must be > 0, got " + limit);
        }
        this.limit = limit;
        this.pauseAbove = (int) Math.min(2L * limit, MAX_BUFFER / 2);
    }

    /** The state, as drawn on {@link State}. */
    public State state() {
        return state;
    }

    /** The buffer limit. */
    public int limit() {
        return limit;
    }

    /** The exception set by {@link #setException}, or {@code null}. */
    public IOException exception() {
        return exception;
    }

    /**
     * Makes every read that starts from now on fail with {@code exc}, and wakes a read waiting for data
     * with it. A read already woken by data or EOF is not affected (see {@link State}).
     */
    public void setException(IOException exc) {
        this.exception = exc;
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) {
                w.setException(exc);
            }
        }
    }

    private void wakeupWaiter() {
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    /** Sets the transport this reader pauses and resumes. */
    public void setTransport(ReadTransport transport) {
        if (this.transport != null) {
            throw new IllegalStateException(this + " already has a transport");
        }
        this.transport = transport;
    }

    /** Replaces the transport (after a TLS upgrade). */
    void replaceTransport(ReadTransport transport) {
        this.transport = transport;
    }

    private void maybeResumeTransport() {
        if (paused && end - start <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    /** Marks the end of the stream, waking a waiting reader. */
    public void feedEof() {
        state = State.EOF;
        wakeupWaiter();
    }

    /** Whether the stream ended and the buffer is empty. */
    public boolean atEof() {
        return state == State.EOF && start == end;
    }

    /** How many bytes are buffered. */
    public int buffered() {
        return end - start;
    }

    /**
     * Appends {@code data} to the buffer (the transport's side), waking a waiting reader.
     *
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feedData(byte[] data) {
        feedData(data, 0, data.length);
    }

    /** Appends {@code len} bytes of {@code data} from {@code off}. */
    public void feedData(byte[] data, int off, int len) {
        if (state == State.EOF) {
            throw new IllegalStateException("feedData() on " + this + " after feedEof()");
        }
        if (len == 0) {
            return;
        }
        ensureRoom(len);
        System.arraycopy(data, off, buf, end, len);
        end += len;
        afterFeed();
    }

    /**
     * Appends {@code data}, which the caller hands over (a transport's fresh array, see
     * {@link Protocol#dataReceived}): into an empty buffer it is adopted instead of copied, and a read
     * that takes it whole returns it as it is. The common echo/RPC round trip thus copies nothing here.
     */
    void feedOwned(byte[] data) {
        if (start != end || state == State.EOF || data.length == 0) {
            feedData(data, 0, data.length);
            return;
        }
        buf = data;
        start = 0;
        end = data.length;
        afterFeed();
    }

    private void afterFeed() {
        wakeupWaiter();
        if (transport != null && !paused && end - start > pauseAbove) {
            try {
                transport.pauseReading();
                paused = true;
            } catch (UnsupportedOperationException e) {
                // a transport that cannot pause: the reader's buffer grows, as in asyncio
            }
        }
    }

    /**
     * Makes room for {@code len} more bytes after the buffered ones. Sizes in long: doubling an int
     * capacity past 1 GiB overflowed to a negative number, then to 0, and looped forever.
     *
     * @throws IllegalStateException if the buffer would have to outgrow the largest Java array
     */
    private void ensureRoom(int len) {
        int size = end - start;
        if (len <= buf.length - end) {
            return;
        }
        long needed = (long) size + len;
        if (needed > MAX_BUFFER) {
            throw new IllegalStateException("feedData() of " + len + " bytes on " + this + ": the buffer would hold "
                    + needed + " bytes, more than a Java array can (" + MAX_BUFFER + "); read from the reader,"
                    + " or let its transport pause (it does past twice the limit, " + pauseAbove + " bytes here)");
        }
        if (needed <= buf.length && start >= buf.length / 2) {
            System.arraycopy(buf, start, buf, 0, size);
        } else {
            long cap = Math.max(INITIAL_CAPACITY, buf.length);
            while (cap < needed) {
                cap = cap * 2;
            }
            byte[] nb = new byte[(int) Math.min(cap, MAX_BUFFER)];
            System.arraycopy(buf, start, nb, 0, size);
            buf = nb;
        }
        start = 0;
        end = size;
    }

    /** Removes and returns the first {@code n} buffered bytes. */
    private byte[] take(int n) {
        if (start == 0 && n == buf.length) {
            // All of an adopted array (or a buffer filled exactly): hand it over, start afresh.
            byte[] out = buf;
            buf = EMPTY;
            end = 0;
            return out;
        }
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > 4L * limit) {
                buf = new byte[INITIAL_CAPACITY]; // give back a buffer grown by a burst
            }
        }
        return out;
    }

    /** Waits until data, EOF or an error comes. {@code funcName}: the public read that waits, for errors. */
    private void waitForData(String funcName) throws IOException {
        if (waiter != null) {
            throw new IllegalStateException(
                    funcName + "() called while another task is already waiting for" + " incoming data on " + this);
        }
        if (state == State.EOF) {
            // Each read checks for EOF before it waits; reaching this is a bug in the read, not the caller's.
            throw new IllegalStateException(funcName + "() on " + this + " would wait for data after feedEof():"
                    + " no more data can come, so it must end with what is buffered");
        }
        if (exception != null) {
            // A read woken by data that still needs more: asyncio would wait again, for data a failed
            // connection will not send; the error is the answer (docs/asyncio-differences.md).
            throw exception;
        }
        // The transport may have been paused by feedData with nobody reading: let it go on.
        if (paused) {
            paused = false;
            transport.resumeReading();
        }
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Void> w = loop.createFuture();
        waiter = w;
        try {
            Throwables.callIo(w::await);
        } finally {
            if (waiter == w) {
                waiter = null;
            }
        }
    }

    /**
     * Reads one line: up to and including {@code \n}. At EOF returns what is left (possibly without
     * {@code \n}), then empty arrays.
     *
     * @throws LimitOverrunError if no {@code \n} is found within the limit; unlike
     *     {@link #readuntil}, the data is discarded (asyncio's {@code readline} does so too)
     */
    public byte[] readline() throws IOException {
        try {
            return readuntil(List.of(NEWLINE), "readline");
        } catch (IncompleteReadError e) {
            return e.partial();
        } catch (LimitOverrunError e) {
            int consumed = e.consumed();
            if (end - start >= consumed + 1 && buf[start + consumed] == '\n') {
                take(consumed + 1);
            } else {
                take(end - start);
            }
            maybeResumeTransport();
            throw e;
        }
    }

    /** Reads up to and including {@code \n} (asyncio's default separator); see {@link #readuntil(byte[])}. */
    public byte[] readuntil() throws IOException {
        return readuntil(new byte[] {'\n'});
    }

    /**
     * Reads up to and including {@code separator}.
     *
     * @throws IncompleteReadError if the stream ends first ({@code partial()} holds what was read)
     * @throws LimitOverrunError if the separator is not found within the limit; the data stays buffered
     */
    public byte[] readuntil(byte[] separator) throws IOException {
        return readuntil(List.of(separator));
    }

    /**
     * Reads up to and including whichever of {@code separators} ends first in the stream (Python 3.13's
     * tuple of separators).
     */
    public byte[] readuntil(List<byte[]> separators) throws IOException {
        return readuntil(separators, "readuntil");
    }

    /** {@code caller}: the public read, named in errors. */
    private byte[] readuntil(List<byte[]> separators, String caller) throws IOException {
        if (separators.isEmpty()) {
            throw new IllegalArgumentException("readuntil() on " + this + " needs at least one separator");
        }
        // Shortest first (a stable sort, as asyncio's sorted(key=len)): among matches that end at the same
        // place the first found wins, so the shortest separator decides what LimitOverrunError reports
        // and whether the limit is passed at all, whatever order the caller gave them in.
        byte[][] seps = separators.toArray(new byte[0][]);
        Arrays.sort(seps, Comparator.comparingInt(s -> s.length));
        int minLen = seps[0].length;
        int maxLen = seps[seps.length - 1].length;
        if (minLen == 0) {
            throw new IllegalArgumentException(
                    "readuntil() on " + this + ": a separator must contain at least one byte");
        }
        if (exception != null) {
            throw exception;
        }
        int offset = 0;
        int matchStart;
        int matchEnd;
        while (true) {
            int buflen = end - start;
            if (buflen - offset >= minLen) {
                matchStart = -1;
                matchEnd = -1;
                for (byte[] s : seps) {
                    int i = indexOf(s, offset);
                    if (i >= 0 && (matchEnd < 0 || i + s.length < matchEnd)) {
                        matchStart = i;
                        matchEnd = i + s.length;
                    }
                }
                if (matchEnd >= 0) {
                    break;
                }
                offset = Math.max(0, buflen + 1 - maxLen);
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            if (state == State.EOF) {
                byte[] chunk = take(end - start);
                throw new IncompleteReadError(chunk, -1);
            }
            waitForData(caller);
        }
        if (matchStart > limit) {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
        }
        byte[] chunk = take(matchEnd);
        maybeResumeTransport();
        return chunk;
    }

    /** Index (relative to start) of {@code sep} in the buffer at or after {@code from}, or -1. */
    private int indexOf(byte[] sep, int from) {
        int last = end - sep.length;
        outer:
        for (int i = start + from; i <= last; i++) {
            for (int j = 0; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }

    /**
     * Reads up to {@code n} bytes, waiting only if none is buffered; empty at EOF. {@code n < 0} reads
     * until EOF ({@link #read()}).
     */
    public byte[] read(int n) throws IOException {
        if (exception != null) {
            throw exception;
        }
        if (n == 0) {
            return EMPTY;
        }
        if (n < 0) {
            return read();
        }
        if (start == end && state == State.OPEN) {
            waitForData("read");
        }
        byte[] data = take(Math.min(n, end - start));
        maybeResumeTransport();
        return data;
    }

    /** Reads until EOF and returns everything. */
    public byte[] read() throws IOException {
        List<byte[]> blocks = new ArrayList<>();
        long total = 0;
        while (true) {
            byte[] b = read(limit);
            if (b.length == 0) {
                break;
            }
            blocks.add(b);
            total += b.length;
            if (total > MAX_BUFFER) {
                throw new IllegalStateException("read() until EOF on " + this + ": the stream is longer than a Java"
                        + " array can hold (" + MAX_BUFFER + " bytes); read it in parts with read(n)");
            }
        }
        byte[] out = new byte[(int) total];
        int p = 0;
        for (byte[] b : blocks) {
            System.arraycopy(b, 0, out, p, b.length);
            p += b.length;
        }
        return out;
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @throws IncompleteReadError if the stream ends first; the bytes read are in {@code partial()}
     */
    public byte[] readexactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly(" + n + ") on " + this + ": the size must be >= 0");
        }
        if (exception != null) {
            throw exception;
        }
        if (n == 0) {
            return EMPTY;
        }
        while (end - start < n) {
            if (state == State.EOF) {
                throw new IncompleteReadError(take(end - start), n);
            }
            waitForData("readexactly");
        }
        byte[] data = take(n);
        maybeResumeTransport();
        return data;
    }

    /**
     * The lines until EOF (asyncio's {@code async for line in reader}); {@code next()} suspends. An I/O
     * error surfaces as an {@link java.io.UncheckedIOException}.
     */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private byte[] next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = readline();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return next.length > 0;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("end of stream on " + StreamReader.this);
                }
                byte[] l = next;
                next = null;
                return l;
            }
        };
    }

    /** {@code <StreamReader open 12 bytes waiters=1>}, {@code <StreamReader eof waiters=0 exception=...>}, ... */
    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder("<StreamReader ").append(state.name().toLowerCase(Locale.ROOT));
        if (end > start) {
            sb.append(' ').append(end - start).append(" bytes");
        }
        sb.append(" waiters=").append(waiter == null ? 0 : 1);
        if (limit != DEFAULT_LIMIT) {
            sb.append(" limit=").append(limit);
        }
        if (exception != null) {
            sb.append(" exception=").append(exception);
        }
        if (transport != null) {
            sb.append(" transport=").append(transport);
        }
        if (paused) {
            sb.append(" paused");
        }
        return sb.append('>').toString();
    }
}
