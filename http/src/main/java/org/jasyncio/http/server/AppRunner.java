package org.jasyncio.http.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Future;
import org.jasyncio.ReturnWhen;
import org.jasyncio.Task;
import org.jasyncio.net.Loops;
import org.jasyncio.net.Server;

/**
 * A started {@link App} (aiohttp's {@code AppRunner} with its {@code TCPSite}): the listening socket,
 * the live connections, and the shutdown. Made by {@link App#start}; closing it shuts down gracefully.
 *
 * <pre>{@code
 * try (AppRunner runner = app.start("127.0.0.1", 0)) {     // port 0: any free port
 *     System.out.println("serving on " + runner.url());
 *     runner.serveForever();                               // until cancelled (Ctrl-C in App.run)
 * }                                                        // graceful shutdown
 * }</pre>
 *
 * <p>Graceful shutdown, in aiohttp's order: (1) stop accepting; (2) close the idle keep-alive
 * connections, and mark the busy ones to close after their current response; (3) run the
 * {@code onShutdown} hooks; (4) wait for the running handlers, up to {@link ServerOptions#shutdownGrace()};
 * (5) cancel the handlers still running and drop their connections; (6) close the cleanup contexts (in
 * reverse) and run the {@code onCleanup} hooks.
 *
 * <p>Threading: loop thread only (the loop that started it).
 */
public final class AppRunner implements AutoCloseable {
    /**
     * <pre>
     * STARTING --startup done--> SERVING --shutdown()/close()--> SHUTTING_DOWN --done--> CLOSED
     * STARTING --a startup hook failed--> CLOSED
     * </pre>
     */
    public enum State { STARTING, SERVING, SHUTTING_DOWN, CLOSED }

    private final App app;
    private final EventLoop loop;
    private final Dispatcher dispatcher;
    private final AccessLog accessLog;
    /** Live connections. Loop thread only. */
    private final Set<HttpConnection> connections = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Teardowns of the cleanup contexts entered, in entering order. */
    private final List<AutoCloseable> entered = new ArrayList<>();
    private final Future<Void> closed;
    private Server server;
    private State state = State.STARTING;
    private String host;

    private AppRunner(App app, EventLoop loop) {
        this.app = app;
        this.loop = loop;
        app.freeze();
        List<Router.Entry> entries = new ArrayList<>();
        Router.flatten(app, "", List.of(), entries);
        this.dispatcher = new Dispatcher(app, new Router(entries));
        this.accessLog = new AccessLog(app.options().accessLog());
        this.closed = loop.createFuture();
    }

    static AppRunner start(App app, String host, int port) throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        if (app.frozen()) {
            throw new IllegalStateException("App " + app + " was already started: an app is started once");
        }
        AppRunner runner = new AppRunner(app, loop);
        runner.host = host;
        try {
            runner.startup();
            runner.server = Loops.createServer(loop, () -> new HttpConnection(runner, loop), host, port);
        } catch (Throwable e) {
            runner.cleanup();
            runner.state = State.CLOSED;
            runner.closed.setResult(null);
            throw e;
        }
        runner.state = State.SERVING;
        return runner;
    }

    private void startup() throws Exception {
        for (App a : app.tree()) {
            for (Hook h : a.startupHooks()) {
                h.run(a);
            }
        }
        for (App a : app.tree()) {
            for (CleanupContext c : a.cleanupContexts()) {
                entered.add(c.enter(a));
            }
        }
    }

    /** The app served. */
    public App app() {
        return app;
    }

    /** The runner's state. */
    public State state() {
        return state;
    }

    /** The bound addresses. */
    public List<InetSocketAddress> sockets() {
        return server == null ? List.of() : server.sockets();
    }

    /** The bound port (the one picked if started with port 0). */
    public int port() {
        List<InetSocketAddress> s = sockets();
        if (s.isEmpty()) {
            throw new IllegalStateException("AppRunner " + this + " has no socket: it is not serving");
        }
        return s.getFirst().getPort();
    }

    /** The base URL served, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        InetSocketAddress a = sockets().getFirst();
        String h = host == null || host.isEmpty() ? "0.0.0.0" : a.getAddress().getHostAddress();
        if (h.indexOf(':') >= 0) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + a.getPort();
    }

    /** How many client connections are open. */
    public int connectionCount() {
        return connections.size();
    }

    /** Waits until the runner is shut down (by {@link #shutdown}, {@link #close} or a cancellation of the caller). */
    public void serveForever() throws Exception {
        closed.await();
    }

    /** {@link #shutdown(Duration)} with the app's {@link ServerOptions#shutdownGrace()}. */
    @Override
    public void close() throws Exception {
        shutdown(app.options().shutdownGrace());
    }

    /**
     * Shuts down gracefully (see the class comment), giving running handlers up to {@code grace}. A
     * second call waits for the first to finish. Errors of hooks are reported to the loop's exception
     * handler and do not stop the shutdown.
     */
    public void shutdown(Duration grace) throws Exception {
        if (state == State.SHUTTING_DOWN || state == State.CLOSED) {
            closed.await();
            return;
        }
        state = State.SHUTTING_DOWN;
        try {
            server.close();                                         // 1
            for (HttpConnection c : List.copyOf(connections)) {     // 2
                c.closeIfIdle();
            }
            for (App a : app.tree()) {                              // 3
                for (Hook h : a.shutdownHooks()) {
                    runHook("onShutdown", h, a);
                }
            }
            List<Task<Void>> running = tasks();                      // 4
            if (!running.isEmpty() && grace.isPositive()) {
                Asyncio.wait(running, grace, ReturnWhen.ALL_COMPLETED);
            }
            for (HttpConnection c : List.copyOf(connections)) {     // 5
                c.abort();
            }
            List<Task<Void>> left = tasks();
            if (!left.isEmpty()) {
                Asyncio.wait(left, Duration.ofSeconds(5), ReturnWhen.ALL_COMPLETED);
            }
        } finally {
            cleanup();                                               // 6
            state = State.CLOSED;
            if (!closed.done()) {
                closed.setResult(null);
            }
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

    private void cleanup() {
        for (int i = entered.size() - 1; i >= 0; i--) {
            try {
                entered.get(i).close();
            } catch (CancelledError e) {
                throw e;
            } catch (Exception e) {
                loop.callExceptionHandler(new ExceptionContext("Error in a cleanup context of " + app, e));
            }
        }
        entered.clear();
        List<App> apps = app.tree();
        for (int i = apps.size() - 1; i >= 0; i--) {
            for (Hook h : apps.get(i).cleanupHooks()) {
                runHook("onCleanup", h, apps.get(i));
            }
        }
    }

    private void runHook(String kind, Hook h, App a) {
        try {
            h.run(a);
        } catch (CancelledError e) {
            throw e;
        } catch (Exception e) {
            loop.callExceptionHandler(new ExceptionContext("Error in an " + kind + " hook of " + a, e));
        }
    }

    // ---- for the connections ----

    Dispatcher dispatcher() {
        return dispatcher;
    }

    AccessLog accessLog() {
        return accessLog;
    }

    void connectionMade(HttpConnection c) {
        connections.add(c);
        if (state == State.SHUTTING_DOWN || state == State.CLOSED) {
            c.closeIfIdle();
        }
    }

    void connectionDone(HttpConnection c) {
        connections.remove(c);
    }

    @Override
    public String toString() {
        return "<AppRunner " + state + (server != null ? " " + server.sockets() : "") + " connections=" + connections.size() + ">";
    }
}
