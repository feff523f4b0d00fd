package org.jasyncio.internal.net;

import java.util.ArrayDeque;
import java.util.Objects;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.net.DatagramTransport;
import org.jasyncio.net.Transport;

/**
 * A building block for {@link Transport} and {@link DatagramTransport} implementations, not for
 * applications: the write side every transport shares (asyncio keeps it in {@code _FlowControlMixin}
 * and {@code _SelectorTransport}). It owns
 * <ul>
 *   <li>the chunks written and not yet handed on, and their byte count;</li>
 *   <li>the high and low water marks, and the {@code pauseWriting()}/{@code resumeWriting()} signals
 *       to the protocol as the count crosses them (each signal sent once, paused then resumed);</li>
 *   <li>the closing state machine, {@link State}.</li>
 * </ul>
 * The transport keeps what differs: how the chunks leave (a selector write, a pipe thread, an
 * in-memory peer), and how and when {@code connectionLost} is called.
 *
 * <p>Composed, not inherited (a mixin base class, as asyncio has, would give each transport
 * overridable hooks): the transport calls {@link #add} in {@code write}, {@link #poll} and
 * {@link #sent} as data leaves, {@link #startClosing()} in {@code close()} and {@link #markClosed()}
 * once the connection is over.
 *
 * <pre>{@code
 * WriteBuffer<byte[]> buffer = new WriteBuffer<>(loop, this, () -> protocol.pauseWriting(), () -> protocol.resumeWriting());
 * buffer.add(data, data.length);            // in write(): pauses the protocol above the high-water mark
 * buffer.poll();                            // when the chunk has left
 * buffer.sent(data.length);                 // resumes the protocol at or below the low-water mark
 * }</pre>
 *
 * <p>Threading: loop thread only, like the transports using it. Failures of the protocol's
 * {@code pauseWriting}/{@code resumeWriting} go to the loop's exception handler, never to the caller
 * of {@code write} (as asyncio's {@code _maybe_pause_protocol}).
 *
 * @param <E> what a chunk is (a {@code ByteBuffer}, a {@code byte[]}, a datagram with its address)
 */
public final class WriteBuffer<E> {
    /**
     * The connection's closing, as every transport has it.
     * <pre>
     * OPEN    --startClosing() (close, writeEof of a pipe)-------> CLOSING
     * OPEN    --markClosed() (abort, fatal error, connection lost)--> CLOSED
     * CLOSING --markClosed() (buffer drained, abort, fatal error)---> CLOSED
     * </pre>
     * CLOSED is final: the buffer is empty and stays so ({@link #add} is the transport's to refuse).
     */
    public enum State {
        OPEN,
        CLOSING,
        CLOSED
    }

    /** The high-water mark a transport starts with, and the default of {@link #setLimits}. */
    public static final int DEFAULT_HIGH = 64 * 1024;

    private final EventLoop loop;
    private final Object owner;
    private final Runnable pauseWriting;
    private final Runnable resumeWriting;
    /** The chunks not yet handed on, oldest first. Loop thread only. */
    private final ArrayDeque<E> chunks = new ArrayDeque<>();
    /**
     * Bytes written and not yet handed on; a chunk partly handed on counts for what is left of it.
     * A long: a slow peer and a writer ignoring flow control can pass 2 GiB.
     */
    private long size;

    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_HIGH / 4;
    /** Invariant: true iff the protocol was told pauseWriting() and not resumeWriting() since. */
    private boolean protocolPaused;
    /** Transitions as drawn on {@link State}. Loop thread only. */
    private State state = State.OPEN;

    /**
     * A buffer for {@code owner}, signalling its protocol with {@code pauseWriting} and
     * {@code resumeWriting} (read the transport's current protocol when run, since it may change).
     *
     * @param owner the transport, named in reports of a failing signal
     */
    public WriteBuffer(EventLoop loop, Object owner, Runnable pauseWriting, Runnable resumeWriting) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.pauseWriting = Objects.requireNonNull(pauseWriting, "pauseWriting");
        this.resumeWriting = Objects.requireNonNull(resumeWriting, "resumeWriting");
    }

    // ---- the chunks ----

    /** Appends {@code chunk}, counted as {@code bytes}; pauses the protocol if that passes the high-water mark. */
    public void add(E chunk, int bytes) {
        chunks.add(chunk);
        size += bytes;
        maybePauseProtocol();
    }

    /** The oldest chunk, or {@code null} if none. */
    public E peek() {
        return chunks.peek();
    }

    /** Removes and returns the oldest chunk ({@code null} if none); the count is {@link #sent}'s to update. */
    public E poll() {
        return chunks.poll();
    }

    /** Whether no chunk is buffered. */
    public boolean isEmpty() {
        return chunks.isEmpty();
    }

    /**
     * Puts the oldest chunks, oldest first, in {@code into[0..k)} and returns {@code k}: as many as are
     * buffered, at most {@code into.length}. For a gathering write into a reused array: the cost is
     * that of the chunks taken, not of all those buffered.
     */
    public int head(E[] into) {
        int k = 0;
        for (E e : chunks) {
            if (k == into.length) {
                break;
            }
            into[k++] = e;
        }
        return k;
    }

    /**
     * Bytes buffered (the transport's {@code getWriteBufferSize()}), saturated at
     * {@link Integer#MAX_VALUE}: past 2 GiB buffered it stays at that value rather than wrap to a
     * negative or small number (asyncio's is a Python int, unbounded; ours is an int like the rest of
     * the transport API, and a buffer that large is far above any high-water mark anyway).
     * {@link #longSize()} has the exact count.
     */
    public int size() {
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    /** Bytes buffered, exactly, past 2 GiB too. */
    public long longSize() {
        return size;
    }

    /** {@code bytes} left the buffer: uncounts them, then resumes the protocol if at or below the low-water mark. */
    public void sent(long bytes) {
        consumed(bytes);
        maybeResumeProtocol();
    }

    /**
     * {@code bytes} left the buffer: uncounts them without signalling, for a transport that hands on a
     * batch of chunks and calls {@link #maybeResumeProtocol()} once after it.
     */
    public void consumed(long bytes) {
        size -= bytes;
    }

    /** Drops every chunk and the count, without signalling (asyncio does not resume a protocol on abort). */
    public void clear() {
        chunks.clear();
        size = 0;
    }

    // ---- flow control ----

    /**
     * Sets the marks (the transport's {@code setWriteBufferLimits}): {@code high < 0} means 64 KiB,
     * {@code low < 0} means {@code high / 4}; then pauses or resumes the protocol as the new marks say.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    public void setLimits(int high, int low) {
        int h = high < 0 ? DEFAULT_HIGH : high;
        int l = low < 0 ? h / 4 : low;
        if (!(0 <= l && l <= h)) {
            throw new IllegalArgumentException("setWriteBufferLimits(" + high + ", " + low + ") on " + owner
                    + ": the marks must keep 0 <= low <= high, got low=" + l + " high=" + h);
        }
        this.high = h;
        this.low = l;
        maybePauseProtocol();
        maybeResumeProtocol();
    }

    /** The {low, high} marks (the transport's {@code getWriteBufferLimits}). */
    public int[] limits() {
        return new int[] {low, high};
    }

    /** Resumes the protocol if it was paused and the count is at or below the low-water mark. */
    public void maybeResumeProtocol() {
        if (protocolPaused && size <= low) {
            protocolPaused = false;
            signal(resumeWriting, "protocol.resumeWriting() failed");
        }
    }

    private void maybePauseProtocol() {
        if (size <= high || protocolPaused) {
            return;
        }
        protocolPaused = true;
        signal(pauseWriting, "protocol.pauseWriting() failed");
    }

    private void signal(Runnable call, String failure) {
        try {
            call.run();
        } catch (RuntimeException e) {
            loop.callExceptionHandler(new ExceptionContext(failure + " on " + owner, e));
        }
    }

    // ---- closing ----

    /** The current state. */
    public State state() {
        return state;
    }

    /** Whether closing has begun or is over (the transport's {@code isClosing()}). */
    public boolean isClosing() {
        return state != State.OPEN;
    }

    /**
     * OPEN -> CLOSING, for {@code close()}: the transport finishes with {@link #markClosed()} once the
     * buffer is drained (at once if it is empty).
     *
     * @return false, changing nothing, unless the state was OPEN
     */
    public boolean startClosing() {
        if (state != State.OPEN) {
            return false;
        }
        state = State.CLOSING;
        return true;
    }

    /**
     * OPEN or CLOSING -> CLOSED, dropping whatever is still buffered: the transport then has its
     * protocol's {@code connectionLost} called, exactly once.
     *
     * @return false, changing nothing, if it was CLOSED already
     */
    public boolean markClosed() {
        if (state == State.CLOSED) {
            return false;
        }
        state = State.CLOSED;
        clear();
        return true;
    }

    @Override
    public String toString() {
        return "<WriteBuffer " + state.name().toLowerCase() + " size=" + size + " chunks=" + chunks.size() + " limits="
                + low + ".." + high + (protocolPaused ? " protocol=paused" : "") + ">";
    }
}
