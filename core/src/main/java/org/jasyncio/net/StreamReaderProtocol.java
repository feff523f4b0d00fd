package org.jasyncio.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.internal.Throwables;

/**
 * The protocol under a stream pair (asyncio's {@code StreamReaderProtocol} with its
 * {@code FlowControlMixin}): it feeds the {@link StreamReader}, tracks whether writing is paused for
 * {@link StreamWriter#drain()}, and for servers starts the client handler as a task.
 *
 * <p>Users of {@link Streams} never touch it; it is public for custom transports (see
 * {@code org.jasyncio.testing.MemoryStreams}). Loop thread only.
 */
public final class StreamReaderProtocol implements Protocol {
    /**
     * The writing side as {@link StreamWriter#drain()} sees it.
     * <pre>
     * OPEN   --pauseWriting() (the transport's buffer passed its high-water mark)--> PAUSED
     * PAUSED --resumeWriting() (it drained to the low-water mark; drain() waiters wake)--> OPEN
     * OPEN   --connectionLost()--> LOST
     * PAUSED --connectionLost()--> LOST (drain() waiters wake, with the error if there is one)
     * </pre>
     * LOST is final: a late pauseWriting()/resumeWriting() leaves it, and drain() throws
     * {@link ConnectionResetError}. There is no state before connectionMade(): a subprocess's stdin pipe
     * never calls it, and drain() behaves the same either way.
     */
    public enum State {
        OPEN,
        PAUSED,
        LOST
    }

    private final EventLoop loop;
    private StreamReader reader;
    private final Streams.ClientHandler handler;
    private Transport transport;
    private StreamWriter writer;
    private boolean overTls;
    /** Completed when the connection is lost (result or the error); waited by StreamWriter.waitClosed. */
    private final Future<Void> closed;
    /** Transitions as drawn on {@link State}. Loop thread only. */
    private State state = State.OPEN;
    /**
     * The futures of the tasks waiting in drain(): added only while PAUSED, all completed by
     * resumeWriting() or connectionLost(), each removed by its task when it wakes.
     */
    private final List<Future<Void>> drainWaiters = new ArrayList<>();

    /** A protocol feeding {@code reader}, for a client connection. */
    public StreamReaderProtocol(EventLoop loop, StreamReader reader) {
        this(loop, reader, null);
    }

    /** A protocol feeding {@code reader} that runs {@code handler} as a task once connected (servers). */
    public StreamReaderProtocol(EventLoop loop, StreamReader reader, Streams.ClientHandler handler) {
        this.loop = loop;
        this.reader = reader;
        this.handler = handler;
        this.closed = loop.createFuture();
        // As asyncio's __del__ does: an error that closed the connection is the reader's to report.
        closed.addDoneCallback(f -> {
            if (!f.cancelled()) {
                f.exception();
            }
        });
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        if (reader != null) {
            reader.setTransport(transport);
        }
        overTls = transport.getExtraInfo("sslcontext") != null;
        if (handler != null) {
            writer = new StreamWriter(transport, this, reader, loop);
            StreamReader r = reader;
            StreamWriter w = writer;
            Task<Void> handlerTask = loop.createTask(() -> {
                try {
                    handler.handle(r, w);
                } finally {
                    // The handler is done with the connection: close it (asyncio leaves this to the GC).
                    w.close();
                }
                return null;
            });
            handlerTask.addDoneCallback(t -> {
                if (t.cancelled()) {
                    transport.close();
                    return;
                }
                Throwable exc = t.exception();
                if (exc != null) {
                    loop.callExceptionHandler(new ExceptionContext(
                            "Unhandled exception in client_connected_cb",
                            exc,
                            t,
                            null,
                            Map.of("transport", transport)));
                    transport.abort();
                }
            });
        }
    }

    /** The transport was replaced by a TLS one (startTls). */
    void replaceTransport(Transport t) {
        this.transport = t;
        this.overTls = t.getExtraInfo("sslcontext") != null;
        if (reader != null) {
            reader.replaceTransport(t);
        }
    }

    @Override
    public void connectionLost(Exception exc) {
        if (reader != null) {
            if (exc == null) {
                reader.feedEof();
            } else {
                reader.setException(asIo(exc));
            }
        }
        if (!closed.done()) {
            if (exc == null) {
                closed.setResult(null);
            } else {
                closed.setException(asIo(exc));
            }
        }
        state = State.LOST;
        for (Future<Void> w : List.copyOf(drainWaiters)) {
            if (!w.done()) {
                if (exc == null) {
                    w.setResult(null);
                } else {
                    w.setException(asIo(exc));
                }
            }
        }
        reader = null;
        transport = null;
    }

    private static IOException asIo(Exception exc) {
        return exc instanceof IOException io ? io : new IOException(exc.getMessage(), exc);
    }

    @Override
    public void dataReceived(byte[] data) {
        if (reader != null) {
            reader.feedOwned(data); // the array is ours to keep (Protocol#dataReceived)
        }
    }

    @Override
    public boolean eofReceived() {
        if (reader != null) {
            reader.feedEof();
        }
        // Over TLS, a half-closed connection makes no sense (asyncio closes it).
        return !overTls;
    }

    @Override
    public void pauseWriting() {
        if (state == State.OPEN) {
            state = State.PAUSED;
        }
    }

    @Override
    public void resumeWriting() {
        if (state == State.PAUSED) {
            state = State.OPEN;
        }
        for (Future<Void> w : List.copyOf(drainWaiters)) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    /** Waits while writing is paused; throws if the connection is lost. */
    void drainHelper() throws IOException {
        if (state == State.LOST) {
            throw new ConnectionResetError("Connection lost: drain() on " + this + " after connectionLost()");
        }
        if (state == State.OPEN) {
            return;
        }
        Future<Void> w = loop.createFuture();
        drainWaiters.add(w);
        try {
            Throwables.callIo(w::await);
        } finally {
            drainWaiters.remove(w);
        }
    }

    Future<Void> closedFuture() {
        return closed;
    }

    /** The state, as drawn on {@link State}. */
    public State state() {
        return state;
    }

    /** {@code <StreamReaderProtocol paused drainWaiters=2>} */
    @Override
    public String toString() {
        long waiting = drainWaiters.stream().filter(w -> !w.done()).count(); // not those woken and yet to run
        return "<StreamReaderProtocol " + state.name().toLowerCase(Locale.ROOT) + " drainWaiters=" + waiting + ">";
    }
}
