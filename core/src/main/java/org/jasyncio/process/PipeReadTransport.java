package org.jasyncio.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.jasyncio.EventLoop;
import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.ReadTransport;
import org.jasyncio.net.StreamReader;

/**
 * Feeds a {@link StreamReader} from a child's output pipe. Java's process pipes are blocking streams,
 * not selectable channels, so a dedicated platform thread reads them and hands each chunk to the loop
 * with {@link EventLoop#callSoonThreadsafe}.
 *
 * <p>Flow control: the thread has at most one chunk in flight (it waits for the loop to take it), and
 * waits while the reader has paused this transport; so memory stays bounded by the reader's limit plus
 * one chunk, and a child that writes faster than we read blocks on its full pipe, as with asyncio.
 */
final class PipeReadTransport implements ReadTransport {
    /**
     * Whether the pump thread may read the pipe.
     * <pre>
     * READING --pauseReading() (the reader holds over twice its limit)--> PAUSED
     * PAUSED  --resumeReading()--> READING
     * READING --close()--> CLOSED
     * PAUSED  --close()--> CLOSED
     * </pre>
     * CLOSED is final: a late pause or resume leaves it, and the pump thread stops at its next turn.
     * The pump thread ending by itself (the pipe's EOF) is not a state change here: it completes
     * {@link #done}, which {@link #toString()} shows, and feeds EOF to the reader.
     */
    enum State {
        READING,
        PAUSED,
        CLOSED
    }

    private static final int CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final InputStream in;
    private final StreamReader reader;
    private final String name;
    /** Completed by the pump thread when it ends. */
    final CompletableFuture<Void> done = new CompletableFuture<>();

    private final Object lock = new Object();
    /** Transitions as drawn on {@link State}. Guarded by lock (the loop and the pump thread share it). */
    private State state = State.READING;
    /** Guarded by lock: a chunk handed to the loop and not taken yet. */
    private boolean inFlight;

    PipeReadTransport(EventLoop loop, InputStream in, StreamReader reader, String name) {
        this.loop = loop;
        this.in = in;
        this.reader = reader;
        this.name = name;
    }

    void start() {
        reader.setTransport(this);
        Thread t = new Thread(this::pump, name);
        t.setDaemon(true);
        t.start();
    }

    private void pump() {
        byte[] buf = new byte[CHUNK];
        boolean atEnd = false;
        try {
            while (true) {
                synchronized (lock) {
                    while ((inFlight && state != State.CLOSED) || state == State.PAUSED) {
                        lock.wait();
                    }
                    if (state == State.CLOSED) {
                        break;
                    }
                }
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    n = -1; // the stream was closed under us: end of data, as for a pipe whose writer is gone
                }
                if (n < 0) {
                    atEnd = true;
                    break;
                }
                if (n == 0) {
                    continue;
                }
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                synchronized (lock) {
                    inFlight = true;
                }
                loop.callSoonThreadsafe(() -> {
                    if (!reader.atEof()) {
                        reader.feedData(chunk);
                    }
                    synchronized (lock) {
                        inFlight = false;
                        lock.notifyAll();
                    }
                });
            }
        } catch (InterruptedException | IllegalStateException e) {
            // interrupted, or the loop closed: nobody is listening any more
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            if (atEnd) {
                // After the close: a reader that sees EOF knows the pipe's descriptor is released.
                try {
                    loop.callSoonThreadsafe(reader::feedEof);
                } catch (IllegalStateException closedLoop) {
                    // nobody is reading any more
                }
            }
            done.complete(null);
        }
    }

    @Override
    public void pauseReading() {
        synchronized (lock) {
            if (state == State.READING) {
                state = State.PAUSED;
            }
        }
    }

    @Override
    public void resumeReading() {
        synchronized (lock) {
            if (state == State.PAUSED) {
                state = State.READING;
            }
            lock.notifyAll();
        }
    }

    @Override
    public boolean isReading() {
        synchronized (lock) {
            return state == State.READING;
        }
    }

    /** The state, as drawn on {@link State}. */
    State state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            state = State.CLOSED;
            lock.notifyAll();
        }
    }

    @Override
    public boolean isClosing() {
        synchronized (lock) {
            return state == State.CLOSED;
        }
    }

    @Override
    public Object getExtraInfo(String key) {
        return "pipe".equals(key) ? in : null;
    }

    @Override
    public BaseProtocol getProtocol() {
        return null;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        throw new UnsupportedOperationException(this + " feeds a StreamReader directly");
    }

    @Override
    public String toString() {
        return "<PipeReadTransport " + name + " " + state().name().toLowerCase(Locale.ROOT)
                + (done.isDone() ? " pump=ended" : "") + ">";
    }
}
