package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channel;
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
import org.jasyncio.net.Server;
import org.jasyncio.net.Transport;
import org.jasyncio.sync.ParkingLot;

/**
 * The {@link Server} of {@link EventLoop#createServer} and {@link EventLoop#createUnixServer}: its
 * listening sockets' accept handler, and the connections it accepted, tracked until they close.
 */
public final class SocketServer implements Server {
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

    public SocketServer(
            EventLoop loop,
            List<ServerSocketChannel> channels,
            Function<SocketChannel, SocketTransport> connectionFactory,
            List<Path> unixPaths) {
        this.loop = loop;
        this.channels = List.copyOf(channels);
        this.connectionFactory = connectionFactory;
        this.unixPaths = List.copyOf(unixPaths);
    }

    @Override
    public EventLoop getLoop() {
        return loop;
    }

    @Override
    public List<InetSocketAddress> sockets() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (SocketAddress a : addresses()) {
            if (a instanceof InetSocketAddress i) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
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

    @Override
    public State state() {
        return state;
    }

    @Override
    public boolean isServing() {
        return state == State.SERVING;
    }

    @Override
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

    @Override
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
        abortHandshakes();
        if (servingForever != null && !servingForever.done()) {
            servingForever.setResult(null);
        }
        afterRelease();
    }

    /**
     * Aborts the TLS connections whose handshake is not done: nobody has them yet (the protocol's
     * {@code connectionMade} comes after the handshake), so nobody could close them, and a client that
     * connected and sent nothing, or half a ClientHello, would keep {@link #waitClosed()} waiting out
     * the handshake timeout (60 s by default). asyncio leaves them to that timeout; the HTTP server's
     * shutdown aborts them too. A connection past its handshake is the application's, left open; so is
     * one the application is upgrading ({@code startTls}, a STARTTLS protocol): its handler has it and
     * waits for that handshake.
     */
    private void abortHandshakes() {
        for (SocketTransport t : List.copyOf(clients)) {
            if (t.getProtocol() instanceof TlsLayer tls
                    && !tls.upgrade()
                    && (tls.state() == TlsLayer.State.NEW || tls.state() == TlsLayer.State.HANDSHAKING)) {
                t.abort();
            }
        }
    }

    @Override
    public void closeClients() {
        for (SocketTransport t : List.copyOf(clients)) {
            appTransport(t).close();
        }
    }

    @Override
    public void abortClients() {
        for (SocketTransport t : List.copyOf(clients)) {
            appTransport(t).abort();
        }
    }

    private static Transport appTransport(SocketTransport raw) {
        return raw.getProtocol() instanceof TlsLayer tls ? tls.appTransport() : raw;
    }

    @Override
    public int activeCount() {
        return clients.size();
    }

    @Override
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

    private static void closeQuietly(Channel c) {
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
