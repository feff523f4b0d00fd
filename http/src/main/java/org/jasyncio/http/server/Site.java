package org.jasyncio.http.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Future;
import org.jasyncio.ReturnWhen;
import org.jasyncio.Task;
import org.jasyncio.net.TlsOptions;

/**
 * The connections of one event loop of a running app. With one loop there is one site; with
 * {@code loops = N} each loop has its own, and the shutdown steps run on every site, each on its loop.
 *
 * <p>Threading: loop thread only (its own loop's); the runner reaches a site on another loop through
 * {@code Asyncio.runCoroutineThreadsafe}.
 */
final class Site {
    private final AppRunner runner;
    private final EventLoop loop;
    /** Live connections. Loop thread only. */
    private final Set<HttpConnection> connections = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The size of {@link #connections}, readable from any thread (for statistics). */
    private final AtomicInteger count = new AtomicInteger();
    /** How many connections this site has served in all. */
    private final AtomicInteger served = new AtomicInteger();
    /**
     * The tasks of the accepted sockets whose TLS handshake is under way ({@link #adopt}): not yet a
     * connection, but the shutdown closes them as it closes idle connections, and waits for them.
     * Invariant: no task is added once {@link #closing}. Loop thread only.
     */
    private final Set<Task<?>> handshakes = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The size of {@link #handshakes}, readable from any thread. */
    private final AtomicInteger handshaking = new AtomicInteger();

    private boolean closing;
    /** Completed when the last connection is done; made by {@link #awaitNoConnections}. Loop thread only. */
    private Future<Void> empty;

    Site(AppRunner runner, EventLoop loop) {
        this.runner = runner;
        this.loop = loop;
    }

    AppRunner runner() {
        return runner;
    }

    EventLoop loop() {
        return loop;
    }

    /** Open connections; any thread. */
    int count() {
        return count.get();
    }

    /** Connections served since start, open or closed; any thread. */
    int served() {
        return served.get();
    }

    /** TLS handshakes under way on accepted sockets; any thread. */
    int handshaking() {
        return handshaking.get();
    }

    /**
     * Serves an accepted socket on this site's loop (run in a task of that loop, the acceptor's
     * hand-off): over TLS when the app's options say so, once the handshake is done. While the
     * handshake is under way the task is tracked: a shutdown cancels it (which closes the socket) and
     * waits for it. A socket handed over once the shutdown began is closed at once.
     */
    void adopt(SocketChannel channel) {
        if (closing) {
            try {
                channel.close(); // accepted before the listener closed, handed over after step 2
            } catch (IOException e) {
                // closed anyway: nothing was sent on it
            }
            return;
        }
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // as the core's server does
        } catch (IOException e) {
            // not fatal: the connection is served with Nagle's algorithm on
        }
        TlsOptions tls = runner.app().options().tls();
        Task<?> task = tls != null ? Asyncio.currentTask() : null;
        if (task != null) {
            handshakes.add(task);
            handshaking.incrementAndGet();
            runner.handshakeStarted();
        }
        try {
            loop.connectAcceptedSocket(() -> new HttpConnection(this, loop), channel, tls);
        } catch (IOException e) {
            if (tls == null) {
                loop.callExceptionHandler(new ExceptionContext("could not serve an accepted connection on " + loop, e));
            }
            // else a failed handshake (a client that does not speak TLS, refuses our certificate, or
            // goes away): the connection is closed, as with one loop, where the server drops it too
        } catch (RuntimeException e) {
            loop.callExceptionHandler(new ExceptionContext("could not serve an accepted connection on " + loop, e));
        } finally {
            // a CancelledError from the shutdown passes: the task ends cancelled, the socket aborted
            if (task != null && handshakes.remove(task)) {
                handshaking.decrementAndGet();
                signalIfQuiet();
            }
        }
    }

    void connectionMade(HttpConnection c) {
        connections.add(c);
        count.incrementAndGet();
        served.incrementAndGet();
        if (closing) {
            c.closeIfIdle();
        }
    }

    void connectionDone(HttpConnection c) {
        if (connections.remove(c)) {
            count.decrementAndGet();
        }
        signalIfQuiet();
    }

    private void signalIfQuiet() {
        if (connections.isEmpty() && handshakes.isEmpty() && empty != null && !empty.done()) {
            empty.setResult(null);
        }
    }

    /**
     * Waits until this site has no connection left, nor a TLS handshake under way (each one's task
     * has ended and closed its transport; the socket itself is released a loop turn or two later, as
     * every closed transport's).
     */
    void awaitNoConnections() {
        if (connections.isEmpty() && handshakes.isEmpty()) {
            return;
        }
        if (empty == null || empty.done()) {
            empty = loop.createFuture();
        }
        try {
            empty.await();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("internal future " + empty + " of " + this + " failed", e);
        }
    }

    /**
     * Shutdown step 2: idle connections close, busy ones after their response; a TLS handshake under
     * way is cancelled (its socket aborted): like an idle connection, it has sent no request yet.
     * Waiting for it instead could take the handshake timeout (60 s by default) for a client that
     * stalls.
     */
    void closeIdle() {
        closing = true;
        for (HttpConnection c : List.copyOf(connections)) {
            c.closeIfIdle();
        }
        cancelHandshakes();
    }

    private void cancelHandshakes() {
        for (Task<?> t : List.copyOf(handshakes)) {
            t.cancel("server shutting down: TLS handshake with a client that has sent no request yet");
        }
    }

    /** Shutdown step 4: waits up to {@code grace} for the connections' tasks. */
    void awaitHandlers(Duration grace) {
        List<Task<?>> running = tasks();
        if (!running.isEmpty() && grace.isPositive()) {
            Asyncio.wait(running, grace, ReturnWhen.ALL_COMPLETED);
        }
    }

    /** Shutdown step 5: cancels what still runs and waits (briefly) for it to end. */
    void abortAll() {
        for (HttpConnection c : List.copyOf(connections)) {
            c.abort();
        }
        cancelHandshakes();
        List<Task<?>> left = tasks();
        if (!left.isEmpty()) {
            Asyncio.wait(left, Duration.ofSeconds(5), ReturnWhen.ALL_COMPLETED);
        }
    }

    /** The connections' tasks and the handshakes' still running. */
    private List<Task<?>> tasks() {
        List<Task<?>> out = new ArrayList<>();
        for (HttpConnection c : connections) {
            if (c.task() != null && !c.task().done()) {
                out.add(c.task());
            }
        }
        for (Task<?> t : handshakes) {
            if (!t.done()) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "<Site " + loop + " connections=" + connections.size() + " handshakes=" + handshakes.size() + ">";
    }
}
