package org.jasyncio.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Future;
import org.jasyncio.TaskGroupError;
import org.jasyncio.sync.ParkingLot;

/**
 * A listening server (asyncio's {@code Server}): one or more listening sockets whose accepted
 * connections each get a fresh protocol (and, for {@link Streams#startServer}, a handler task).
 *
 * <pre>{@code
 * Server server = Streams.startServer((reader, writer) -> {
 *     writer.write(reader.readline());
 *     writer.drain();
 * }, "127.0.0.1", 0);
 * int port = server.sockets().get(0).getPort();
 * server.serveForever();   // until cancelled
 * }</pre>
 *
 * <p>Threading: loop thread only. {@link #close()} does not wait (as in asyncio): use
 * {@link #waitClosed()}, which waits until every connection is closed too.
 *
 * <p>{@code try (server) { ... }} closes the server at the end of the block, and does not wait
 * either: try-with-resources calls the same {@link #close()} as an explicit call, which must not wait
 * (a handler that closes its own server would wait for its own connection). asyncio's
 * {@code async with server:}, which also waits at the exit, is
 * {@code try (server) { ... } finally { server.waitClosed(); }} (docs/asyncio-differences.md).
 */
public final class Server implements AutoCloseable {
    /**
     * <pre>
     * NOT_SERVING --startServing/serveForever--> SERVING --close--> CLOSED
     * NOT_SERVING --close--> CLOSED
     * </pre>
     */
    public enum State {
        /** Listening sockets bound, not accepting yet. */
        NOT_SERVING,
        /** Accepting connections. */
        SERVING,
        /** Listening sockets closed; connections may still be open. */
        CLOSED
    }

    private static final double ACCEPT_RETRY_DELAY = 1.0;

    private final EventLoop loop;
    private final List<ServerSocketChannel> channels;
    private final Function<SocketChannel, SocketTransport> connectionFactory;
    /** Unix socket files to remove on close. */
    private final List<Path> unixPaths;
    /** Live connections (their raw transports). Loop thread only. */
    private final Set<SocketTransport> clients = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Waiters of waitClosed(); completed once CLOSED and no client is left. */
    private final List<Future<Void>> waiters = new ArrayList<>();
    private State state = State.NOT_SERVING;
    private Future<Void> servingForever;
    /**
     * Sockets closed in Java but maybe not yet in the kernel: NIO closes a channel registered with a
     * selector only when that selector's next select deregisters it (until then a listening port still
     * completes handshakes). Every loop turn starts with a select, so one turn after a close they are
     * released. waitClosed() waits for that too. Loop thread only.
     */
    private int unreleased;

    Server(EventLoop loop, List<ServerSocketChannel> channels, Function<SocketChannel, SocketTransport> connectionFactory,
           List<Path> unixPaths) {
        this.loop = loop;
        this.channels = List.copyOf(channels);
        this.connectionFactory = connectionFactory;
        this.unixPaths = List.copyOf(unixPaths);
    }

    /** The loop this server runs on. */
    public EventLoop getLoop() {
        return loop;
    }

    /** The bound addresses of the TCP listening sockets (port 0 was replaced by the port picked). */
    public List<InetSocketAddress> sockets() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (SocketAddress a : addresses()) {
            if (a instanceof InetSocketAddress i) {
                out.add(i);
            }
        }
        return out;
    }

    /** The bound addresses of every listening socket, TCP or Unix-domain. */
    public List<SocketAddress> addresses() {
        List<SocketAddress> out = new ArrayList<>();
        for (ServerSocketChannel c : channels) {
            try {
                out.add(c.getLocalAddress());
            } catch (IOException closed) {
                // a closed server has no sockets
            }
        }
        return out;
    }

    /** The server's state. */
    public State state() {
        return state;
    }

    /** Whether it accepts connections. */
    public boolean isServing() {
        return state == State.SERVING;
    }

    /** Starts accepting connections (no-op if it already does). */
    public void startServing() {
        if (state == State.CLOSED) {
            throw new IllegalStateException(this + " is closed: it cannot start serving again");
        }
        if (state == State.SERVING) {
            return;
        }
        state = State.SERVING;
        for (ServerSocketChannel c : channels) {
            loop.addReader(c, () -> acceptReady(c));
        }
    }

    /**
     * Accepts connections until the calling task is cancelled, then shuts the server down and
     * rethrows the {@link CancelledError}: as asyncio does, it {@link #close() closes} the listening
     * sockets and waits, as {@link #waitClosed()} does, until every connection is closed. Unlike
     * asyncio 3.12+, it first {@link #closeClients() closes the clients} gracefully (their buffered
     * data is still sent, and handlers see the end of the stream): else one idle client would keep a
     * cancelled server waiting forever (cpython#123720, where the same fix was proposed). Cancelled
     * again while it waits (a peer that never reads can hold a graceful close up), it
     * {@link #abortClients() aborts} them and rethrows at once. A {@link org.jasyncio.TaskGroupError}
     * thrown into the task by its group (where asyncio would cancel it) does the same.
     *
     * <p>Returns normally when the server is closed by someone else (asyncio raises
     * {@code CancelledError} then); the connections are left to finish on their own.
     *
     * @throws IllegalStateException if the server is closed or another task already serves it forever
     */
    public void serveForever() {
        if (servingForever != null) {
            throw new IllegalStateException(this + " is already being served forever by another task");
        }
        if (state == State.CLOSED) {
            throw new IllegalStateException(this + " is closed");
        }
        ParkingLot.requireTask("Server.serveForever()"); // before serving: a misuse must not shut it down
        startServing();
        servingForever = loop.createFuture();
        try {
            servingForever.await();
        } catch (CancelledError | TaskGroupError stopped) {
            // Cancelled, or interrupted by a TaskGroupError (our stand-in for asyncio cancelling the
            // parent of a failed group): the only ways the wait ends but close().
            shutDown(stopped);
            throw stopped;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception impossible) {
            throw new IllegalStateException("serveForever() on " + this + ": its wait failed", impossible);
        } finally {
            servingForever = null;
        }
    }

    /**
     * serveForever's exit: close, close the clients, wait for them. The task's cancellation was
     * delivered already (as the {@code stopped} being handled), so waiting works as usual; a new
     * cancellation or interruption ends the wait and is added to {@code stopped} as suppressed.
     */
    private void shutDown(Throwable stopped) {
        close();
        if (stopped instanceof TaskGroupError) {
            // The block's group failed: no second interruption will come to end a graceful close that
            // a peer holds up by not reading, so the clients are aborted at once.
            abortClients();
        } else {
            closeClients();
        }
        try {
            waitClosed();
        } catch (CancelledError | RuntimeException again) {
            abortClients();
            if (again != stopped) {
                stopped.addSuppressed(again);
            }
        }
    }

    private void acceptReady(ServerSocketChannel c) {
        for (int i = 0; i < 128 && state == State.SERVING; i++) {
            SocketChannel ch;
            try {
                ch = c.accept();
            } catch (IOException e) {
                // Out of file descriptors and the like: stop accepting on this socket for a while.
                loop.callExceptionHandler(new ExceptionContext("socket.accept() out of system resource on " + this, e));
                loop.removeReader(c);
                loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                    if (state == State.SERVING) {
                        loop.addReader(c, () -> acceptReady(c));
                    }
                });
                return;
            }
            if (ch == null) {
                return;
            }
            SocketTransport t;
            try {
                t = connectionFactory.apply(ch);
            } catch (RuntimeException e) {
                closeQuietly(ch);
                loop.callExceptionHandler(new ExceptionContext("protocol factory of " + this + " failed", e));
                continue;
            }
            clients.add(t);
            t.start(this::detach, null);
        }
    }

    private void detach(SocketTransport t) {
        clients.remove(t);
        afterRelease();
    }

    /** Wakes the waiters of waitClosed(), if done, one loop turn later: see {@link #unreleased}. */
    private void afterRelease() {
        if (loop.isClosed()) {
            wakeWaitersIfDone(); // its selector is closed, and every channel with it
            return;
        }
        unreleased++;
        loop.callSoon(() -> {
            unreleased--;
            wakeWaitersIfDone();
        });
    }

    /**
     * Stops listening and closes the listening sockets (removing Unix socket files); connections
     * already accepted stay open. Does not wait, also when try-with-resources calls it (see the class
     * comment); idempotent.
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        for (ServerSocketChannel c : channels) {
            if (c.isOpen()) {
                loop.removeReader(c);
            }
            closeQuietly(c);
        }
        for (Path p : unixPaths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // someone else removed or replaced it
            }
        }
        if (servingForever != null && !servingForever.done()) {
            servingForever.setResult(null);
        }
        afterRelease();
    }

    /** Closes every client connection gracefully (after their buffered data is sent). */
    public void closeClients() {
        for (SocketTransport t : List.copyOf(clients)) {
            appTransport(t).close();
        }
    }

    /** Closes every client connection at once, dropping buffered data. */
    public void abortClients() {
        for (SocketTransport t : List.copyOf(clients)) {
            appTransport(t).abort();
        }
    }

    private static Transport appTransport(SocketTransport raw) {
        return raw.getProtocol() instanceof TlsLayer tls ? tls.appTransport() : raw;
    }

    /** How many client connections are open. */
    public int activeCount() {
        return clients.size();
    }

    /**
     * Waits until the server is closed and every connection it accepted is closed (asyncio 3.12+'s
     * {@code wait_closed}): when it returns, the listening sockets and the connections' sockets are
     * released (their descriptors closed).
     *
     * @throws IllegalStateException outside a task, even when there is nothing left to wait for
     */
    public void waitClosed() {
        ParkingLot.requireTask("Server.waitClosed()");
        if (isReleased()) {
            return;
        }
        Future<Void> w = loop.createFuture();
        waiters.add(w);
        try {
            w.await();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            waiters.remove(w);
        }
    }

    private boolean isReleased() {
        return state == State.CLOSED && clients.isEmpty() && unreleased == 0;
    }

    private void wakeWaitersIfDone() {
        if (!isReleased()) {
            return;
        }
        for (Future<Void> w : List.copyOf(waiters)) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "<Server " + state.name().toLowerCase() + " sockets=" + addresses() + " clients=" + clients.size() + ">";
    }
}
