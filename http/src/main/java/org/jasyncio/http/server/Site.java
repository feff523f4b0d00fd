package org.jasyncio.http.server;

import java.io.IOException;
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

    /**
     * Serves an accepted socket on this site's loop (run in a task of that loop): over TLS when the
     * app's options say so, once the handshake is done.
     */
    void adopt(SocketChannel channel) {
        TlsOptions tls = runner.app().options().tls();
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
        if (connections.isEmpty() && empty != null && !empty.done()) {
            empty.setResult(null);
        }
    }

    /**
     * Waits until this site has no connection left (each one's task has ended and closed its
     * transport; the socket itself is released a loop turn or two later, as every closed transport's).
     */
    void awaitNoConnections() {
        if (connections.isEmpty()) {
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

    /** Shutdown step 2. */
    void closeIdle() {
        closing = true;
        for (HttpConnection c : List.copyOf(connections)) {
            c.closeIfIdle();
        }
    }

    /** Shutdown step 4: waits up to {@code grace} for the connections' tasks. */
    void awaitHandlers(Duration grace) {
        List<Task<Void>> running = tasks();
        if (!running.isEmpty() && grace.isPositive()) {
            Asyncio.wait(running, grace, ReturnWhen.ALL_COMPLETED);
        }
    }

    /** Shutdown step 5: cancels what still runs and waits (briefly) for it to end. */
    void abortAll() {
        for (HttpConnection c : List.copyOf(connections)) {
            c.abort();
        }
        List<Task<Void>> left = tasks();
        if (!left.isEmpty()) {
            Asyncio.wait(left, Duration.ofSeconds(5), ReturnWhen.ALL_COMPLETED);
        }
    }

    private List<Task<Void>> tasks() {
        List<Task<Void>> out = new ArrayList<>();
        for (HttpConnection c : connections) {
            if (c.task() != null && !c.task().done()) {
                out.add(c.task());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "<Site " + loop + " connections=" + connections.size() + ">";
    }
}
