package org.jasyncio.http.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.internal.net.Loops;
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
 * connections (and cancel the TLS handshakes under way: a client that stalls its handshake has sent
 * no request), and mark the busy ones to close after their current response; (3) run the
 * {@code onShutdown} hooks; (4) wait for the running handlers, up to {@link ServerOptions#shutdownGrace()};
 * (5) cancel the handlers still running and drop their connections; (6) close the cleanup contexts (in
 * reverse) and run the {@code onCleanup} hooks.
 *
 * <p>Many loops ({@link App#start(String, int, int)}): the starting loop accepts and hands each
 * connection to the next loop in turn (itself included), each loop on its own thread; a connection
 * stays on its loop. Hooks and cleanup contexts run once, on the starting loop; steps 2, 4 and 5 run
 * on every loop. Why one acceptor rather than one {@code SO_REUSEPORT} listener per loop: it is
 * portable, spreads connections evenly (the kernel's hash may not), and accepting is cheap next to
 * serving. Over TLS one loop accepts the same way, so that every handshake under way is the site's
 * to close at a shutdown; plain HTTP on one loop uses the core's server.
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
    public enum State {
        STARTING,
        SERVING,
        SHUTTING_DOWN,
        CLOSED
    }

    private final App app;
    private final EventLoop loop;
    private final Dispatcher dispatcher;
    private final AccessLog accessLog;
    /** This loop's site first, then one per worker loop. Fixed once started. */
    private final List<Site> sites = new ArrayList<>();

    private final List<Worker> workers = new ArrayList<>();
    /** Teardowns of the cleanup contexts entered, in entering order. */
    private final List<AutoCloseable> entered = new ArrayList<>();

    private final Future<Void> closed;
    /** One loop over plain HTTP: the core's server. */
    private Server server;
    /**
     * Else our listening sockets, one per address the host resolves to (as the core's server binds),
     * and the tasks accepting on them.
     */
    private final List<ServerSocketChannel> listeners = new ArrayList<>();

    private final List<Task<Void>> acceptors = new ArrayList<>();
    /** The site the next accepted connection goes to, round-robin over all listeners. Loop thread only. */
    private int nextSite;

    private State state = State.STARTING;
    private String host;
    /** Told of each TLS handshake begun, from any loop's thread; set by {@link #handshakesUnderWay}. */
    private volatile Runnable handshakeWatch;

    private AppRunner(App app, EventLoop loop) {
        this.app = app;
        this.loop = loop;
        app.freeze();
        List<Router.Entry> entries = new ArrayList<>();
        Router.flatten(app, "", List.of(), entries);
        this.dispatcher = new Dispatcher(app, new Router(entries));
        this.accessLog = new AccessLog(app.options().accessLog());
        this.closed = loop.createFuture();
        this.sites.add(new Site(this, loop));
    }

    static AppRunner start(App app, String host, int port, int loops) throws Exception {
        if (loops < 1) {
            throw new IllegalArgumentException("App.start(): loops " + loops + " must be at least 1");
        }
        EventLoop loop = Asyncio.getRunningLoop();
        if (app.frozen()) {
            throw new IllegalStateException("App " + app + " was already started: an app is started once");
        }
        AppRunner runner = new AppRunner(app, loop);
        runner.host = host;
        try {
            runner.startup();
            if (loops == 1 && app.options().tls() == null) {
                Site site = runner.sites.getFirst();
                runner.server = loop.createServer(
                        () -> new HttpConnection(site, loop),
                        host,
                        port,
                        app.options().tls(),
                        app.options().backlog());
            } else {
                // over TLS also with one loop: the core's server keeps a handshake under way out of
                // sight (and open past a shutdown until its timeout); the site tracks those it adopts
                runner.startWorkers(loops - 1);
                runner.listen(host, port);
            }
        } catch (Throwable e) {
            runner.stopWorkers();
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

    private void startWorkers(int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            Worker w = new Worker(this, "jasyncio-http-loop-" + i);
            workers.add(w);
            w.thread.start();
            sites.add(Asyncio.wrapFuture(w.ready).await());
        }
    }

    private void listen(String host, int port) throws Exception {
        // the core server's binding: every address of host, one it cannot have skipped if another binds
        listeners.addAll(Loops.bindListeners(loop, host, port, app.options().backlog()));
        for (ServerSocketChannel listener : listeners) {
            acceptors.add(loop.createTask(() -> acceptLoop(listener), "http acceptor " + listener.getLocalAddress()));
        }
    }

    private void closeListeners() {
        for (ServerSocketChannel listener : listeners) {
            try {
                listener.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Accepts on {@code listener} and deals connections round-robin over the sites. */
    private void acceptLoop(ServerSocketChannel listener) {
        while (true) {
            SocketChannel ch;
            try {
                ch = loop.sockAccept(listener);
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    return;
                }
                loop.callExceptionHandler(new ExceptionContext("accept failed on " + this + "; retrying in 0.1 s", e));
                Asyncio.sleep(0.1);
                continue;
            }
            Site site = sites.get(nextSite);
            nextSite = (nextSite + 1) % sites.size();
            if (site.loop() == loop) {
                loop.createTask(() -> site.adopt(ch));
            } else {
                site.loop().callSoonThreadsafe(() -> site.loop().createTask(() -> site.adopt(ch)));
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
        if (server != null) {
            return server.sockets();
        }
        try {
            List<InetSocketAddress> out = new ArrayList<>();
            for (ServerSocketChannel listener : listeners) {
                if (listener.isOpen()) {
                    out.add((InetSocketAddress) listener.getLocalAddress());
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The bound port (the one picked if started with port 0). */
    public int port() {
        List<InetSocketAddress> s = sockets();
        if (s.isEmpty()) {
            throw new IllegalStateException("AppRunner " + this + " has no socket: it is not serving");
        }
        return s.getFirst().getPort();
    }

    /** The base URL served, e.g. {@code http://127.0.0.1:8080}, or {@code https://...} over TLS. */
    public String url() {
        InetSocketAddress a = sockets().getFirst();
        String h = host == null || host.isEmpty() ? "0.0.0.0" : a.getAddress().getHostAddress();
        if (h.indexOf(':') >= 0) {
            h = "[" + h + "]";
        }
        return (app.options().tls() != null ? "https://" : "http://") + h + ":" + a.getPort();
    }

    /** How many client connections are open, on all loops. */
    public int connectionCount() {
        return sites.stream().mapToInt(Site::count).sum();
    }

    /**
     * Waits until no client connection is open on any loop: every connection's task has ended and
     * closed its transport (the sockets are released a loop turn or two later). For tests and tools
     * that need a quiet server; it does not stop new connections.
     */
    void awaitNoConnections() throws Exception {
        onEverySite(Site::awaitNoConnections);
    }

    /** How many TLS handshakes are under way on accepted sockets, on all loops. */
    int handshakesInFlight() {
        return sites.stream().mapToInt(Site::handshaking).sum();
    }

    /**
     * Completed on this runner's loop once {@code n} TLS handshakes are under way at once on accepted
     * sockets, over all loops (for tests: the hand-off to another loop has no other event). Loop
     * thread only.
     */
    Future<Void> handshakesUnderWay(int n) {
        Future<Void> reached = loop.createFuture();
        handshakeWatch = () -> loop.callSoonThreadsafe(() -> {
            if (!reached.done() && handshakesInFlight() >= n) {
                reached.setResult(null);
            }
        });
        handshakeWatch.run(); // those under way already
        return reached;
    }

    /** A site began a TLS handshake (any loop's thread). */
    void handshakeStarted() {
        Runnable w = handshakeWatch;
        if (w != null) {
            w.run();
        }
    }

    /** How many loops serve. */
    public int loopCount() {
        return sites.size();
    }

    /** How many connections each loop has served since start (this loop first). */
    public List<Integer> connectionsServedPerLoop() {
        return sites.stream().map(Site::served).toList();
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
            if (server != null) { // 1
                server.close();
            } else {
                acceptors.forEach(Task::cancel);
                closeListeners();
            }
            onEverySite(Site::closeIdle); // 2
            for (App a : app.tree()) { // 3
                for (Hook h : a.shutdownHooks()) {
                    runHook("onShutdown", h, a);
                }
            }
            onEverySite(s -> s.awaitHandlers(grace)); // 4
            onEverySite(Site::abortAll); // 5
        } finally {
            stopWorkers();
            cleanup(); // 6
            state = State.CLOSED;
            if (!closed.done()) {
                closed.setResult(null);
            }
        }
    }

    /** Runs {@code step} on every site, each on its loop, all at once; waits for all. */
    private void onEverySite(Consumer<Site> step) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (Site s : sites) {
            if (s.loop() == loop) {
                running.add(loop.createTask(() -> step.accept(s)));
            } else {
                running.add(Asyncio.wrapFuture(Asyncio.runCoroutineThreadsafe(() -> step.accept(s), s.loop())));
            }
        }
        Asyncio.gather(running);
    }

    private void stopWorkers() throws Exception {
        for (Worker w : workers) {
            w.stop();
        }
        for (Worker w : workers) {
            Asyncio.toThread(() -> w.thread.join(10_000));
        }
        workers.clear();
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

    /** The starting loop's site. */
    Site site() {
        return sites.getFirst();
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    AccessLog accessLog() {
        return accessLog;
    }

    /** A worker loop: a thread running its own event loop until stopped. */
    private static final class Worker {
        final Thread thread;
        final CompletableFuture<Site> ready = new CompletableFuture<>();
        private volatile EventLoop workerLoop;
        private volatile Future<Void> stop;

        Worker(AppRunner runner, String name) {
            thread = new Thread(
                    () -> {
                        try {
                            Asyncio.run(() -> {
                                workerLoop = Asyncio.getRunningLoop();
                                stop = workerLoop.createFuture();
                                ready.complete(new Site(runner, workerLoop));
                                stop.await();
                            });
                        } catch (Throwable e) {
                            ready.completeExceptionally(e);
                        }
                    },
                    name);
        }

        void stop() {
            EventLoop l = workerLoop;
            if (l != null && !l.isClosed()) {
                l.callSoonThreadsafe(() -> {
                    if (!stop.done()) {
                        stop.setResult(null);
                    }
                });
            }
        }
    }

    @Override
    public String toString() {
        return "<AppRunner " + state + " " + sockets() + " loops=" + sites.size() + " connections=" + connectionCount()
                + ">";
    }
}
