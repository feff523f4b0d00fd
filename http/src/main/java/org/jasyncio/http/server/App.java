package org.jasyncio.http.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jasyncio.Asyncio;
import org.jasyncio.KeyboardInterrupt;
import org.jasyncio.RunOptions;
import org.jasyncio.http.json.JsonCodec;
import org.jasyncio.http.websocket.WebSocket;
import org.jasyncio.http.websocket.WebSocketOptions;

/**
 * A web application (aiohttp's {@code web.Application}, FastAPI's {@code FastAPI()}): routes,
 * middlewares, sub-apps, lifecycle hooks and shared state, served by {@link #run} or {@link #start}.
 *
 * <pre>{@code
 * App app = new App();
 * app.get("/", request -> "Hello, world");
 * app.get("/items/{id}", request -> items.get(request.pathParam("id", int.class)));   // JSON
 * app.post("/items", request -> {
 *     Item item = request.json(Item.class);
 *     items.add(item);
 *     return Response.json(item).status(201);
 * });
 * app.run("127.0.0.1", 8080);      // until Ctrl-C, then a graceful shutdown
 * }</pre>
 *
 * <p>Handlers are coroutines: each request runs in its connection's task on the loop, and may
 * suspend (sleep, await other tasks, read the body) without blocking anyone else. Typed, FastAPI-style
 * endpoints are methods of a class registered with {@link #endpoints(Object)}.
 *
 * <p>An app is configured, then frozen when it starts (as aiohttp freezes its router): adding a route,
 * a middleware or a hook afterwards throws. Configure it on one thread; once started it is
 * read-only, so one app may serve on many loops.
 */
public final class App {
    /** A sub-app mounted under a prefix. */
    record Mount(String prefix, App app) {}

    private final List<Object> items = new ArrayList<>();
    private final List<Middleware> middlewares = new ArrayList<>();
    private final List<Hook> onStartup = new ArrayList<>();
    private final List<Hook> onShutdown = new ArrayList<>();
    private final List<Hook> onCleanup = new ArrayList<>();
    private final List<CleanupContext> cleanupContexts = new ArrayList<>();
    /** Shared state; read by handlers on any loop once frozen, so written only before or in startup hooks. */
    private final Map<StateKey<?>, Object> state = new java.util.concurrent.ConcurrentHashMap<>();

    private App parent;
    private ServerOptions options = ServerOptions.defaults();
    private JsonCodec json = JsonCodec.jackson();
    private volatile boolean frozen;
    private String title = "jasyncio app";
    private String version = "0.1.0";

    /** An empty app with the default {@link ServerOptions}. */
    public App() {}

    // ---- routes ----

    /** Adds a {@code GET} route (also answers {@code HEAD}, without the body). */
    public Route get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    /**
     * A WebSocket endpoint at {@code path} (FastAPI's {@code @app.websocket}): a {@code GET} route that
     * answers the handshake with {@link WebSocketResponse#prepare} and then runs {@code handler} on the
     * open WebSocket.
     *
     * <pre>{@code
     * app.websocket("/ws", (request, ws) -> {
     *     for (WSMessage msg : ws) {
     *         ws.sendStr("echo: " + msg.text());
     *     }
     * });
     * }</pre>
     */
    public Route websocket(String path, WebSocketHandler handler) {
        return websocket(path, WebSocketOptions.defaults(), handler);
    }

    /** {@link #websocket(String, WebSocketHandler)} with {@code options} (subprotocols, limits, heartbeat). */
    public Route websocket(String path, WebSocketOptions options, WebSocketHandler handler) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        return route("GET", path, request -> {
            WebSocket ws = new WebSocketResponse(options).prepare(request);
            handler.handle(request, ws);
            return ws;
        });
    }

    /** Adds a {@code POST} route. */
    public Route post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    /** Adds a {@code PUT} route. */
    public Route put(String path, Handler handler) {
        return route("PUT", path, handler);
    }

    /** Adds a {@code PATCH} route. */
    public Route patch(String path, Handler handler) {
        return route("PATCH", path, handler);
    }

    /** Adds a {@code DELETE} route. */
    public Route delete(String path, Handler handler) {
        return route("DELETE", path, handler);
    }

    /**
     * Adds a route for {@code method} (a token such as {@code OPTIONS}, or {@code *} for any) and
     * {@code path} (see {@link Route} for the pattern syntax).
     */
    public Route route(String method, String path, Handler handler) {
        return addRoute(method, path, handler, null);
    }

    Route addRoute(String method, String path, Handler handler, EndpointInfo endpoint) {
        checkNotFrozen("route()");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler");
        if (!method.equals("*") && !method.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("App route method \"" + method + "\" is not an HTTP token");
        }
        Route r = new Route(this, method, path, handler, endpoint);
        items.add(r);
        return r;
    }

    /**
     * Serves the files under {@code directory} at {@code prefix} (aiohttp's {@code add_static}):
     * {@code GET prefix/a/b.css} sends {@code directory/a/b.css} with {@code ETag}, {@code Last-Modified}
     * and {@code Range} support ({@link Response#file}). A path that leaves the directory ({@code ..},
     * an absolute path, a symbolic link pointing outside) answers 404, as does a directory or a hidden
     * file (a name starting with {@code .}).
     */
    public Route staticFiles(String prefix, java.nio.file.Path directory) {
        checkNotFrozen("staticFiles()");
        if (prefix == null || !prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("App static prefix " + prefix + " must start with / and not end with /");
        }
        java.nio.file.Path root;
        try {
            root = directory.toRealPath();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("App static directory " + directory + " does not exist", e);
        }
        if (!java.nio.file.Files.isDirectory(root)) {
            throw new IllegalArgumentException("App static directory " + directory + " is not a directory");
        }
        return get(
                prefix + "/{path:.+}", request -> Response.file(StaticFiles.resolve(root, request.pathParam("path"))));
    }

    /**
     * Registers the typed endpoints of {@code controller}: its methods annotated {@link Get}, {@link Post},
     * {@link Put}, {@link Patch} or {@link Delete}, whose parameters are bound by name and type from
     * the path, the query, the headers and the JSON body (FastAPI style; compile with {@code -parameters}
     * so that the names are known). Invalid input answers 422 with the list of what is wrong. Also
     * serves the OpenAPI 3.1 document of every typed endpoint at {@code /openapi.json} (once).
     *
     * @throws IllegalArgumentException if an endpoint's signature cannot be bound (named in the message)
     */
    public App endpoints(Object controller) {
        checkNotFrozen("endpoints()");
        Endpoints.register(this, controller);
        return this;
    }

    /**
     * Mounts {@code sub} under {@code prefix} (aiohttp's {@code add_subapp}): its routes answer at
     * {@code prefix + path}, its middlewares run after this app's, for its routes only; its hooks run
     * with this app's; its state falls back to this app's.
     */
    public App addSubapp(String prefix, App sub) {
        checkNotFrozen("addSubapp()");
        Objects.requireNonNull(sub, "sub");
        if (prefix == null || !prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException(
                    "App sub-app prefix " + prefix + " must start with / and not end with /");
        }
        if (sub == this || sub.parent != null) {
            throw new IllegalArgumentException("App " + sub + " is already mounted: an app can be a sub-app once");
        }
        sub.parent = this;
        items.add(new Mount(prefix, sub));
        return this;
    }

    // ---- middlewares, hooks, state ----

    /** Adds a middleware; the first added is the outermost. */
    public App middleware(Middleware middleware) {
        checkNotFrozen("middleware()");
        middlewares.add(Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    /** Runs {@code hook} at startup, before the server accepts connections. */
    public App onStartup(Hook hook) {
        checkNotFrozen("onStartup()");
        onStartup.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Runs {@code hook} at shutdown, after the listening sockets and the idle connections are closed,
     * while handlers may still run (e.g. to tell long-lived streams to end).
     */
    public App onShutdown(Hook hook) {
        checkNotFrozen("onShutdown()");
        onShutdown.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Runs {@code hook} at cleanup, the last step of a shutdown, when no handler runs any more. */
    public App onCleanup(Hook hook) {
        checkNotFrozen("onCleanup()");
        onCleanup.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Adds a cleanup context: entered at startup (after the startup hooks), closed at cleanup in reverse order. */
    public App cleanupContext(CleanupContext context) {
        checkNotFrozen("cleanupContext()");
        cleanupContexts.add(Objects.requireNonNull(context, "context"));
        return this;
    }

    /** Stores shared state (before start, or in a startup hook or cleanup context) and returns this. */
    public <T> App set(StateKey<T> key, T value) {
        state.put(Objects.requireNonNull(key, "key"), key.type().cast(Objects.requireNonNull(value, "value")));
        return this;
    }

    /** The shared value for {@code key}: this app's, else the enclosing app's; {@code null} if none. */
    public <T> T get(StateKey<T> key) {
        Object v = state.get(key);
        if (v == null && parent != null) {
            return parent.get(key);
        }
        return key.type().cast(v);
    }

    /**
     * The shared value for {@code key}.
     *
     * @throws IllegalStateException if there is none
     */
    public <T> T require(StateKey<T> key) {
        T v = get(key);
        if (v == null) {
            throw new IllegalStateException(
                    "App " + this + " has no " + key + ": set it before start or in a startup hook");
        }
        return v;
    }

    // ---- configuration ----

    /** The server options. */
    public ServerOptions options() {
        return parent != null ? parent.options() : options;
    }

    /** Sets the server options (before start) and returns this. */
    public App options(ServerOptions options) {
        checkNotFrozen("options()");
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** The JSON codec for request and response bodies (Jackson 3 by default). */
    public JsonCodec json() {
        return parent != null ? parent.json() : json;
    }

    /** Sets the JSON codec (before start) and returns this. */
    public App json(JsonCodec codec) {
        checkNotFrozen("json()");
        this.json = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /** Sets the title and version of the OpenAPI document and returns this. */
    public App info(String title, String version) {
        checkNotFrozen("info()");
        this.title = Objects.requireNonNull(title, "title");
        this.version = Objects.requireNonNull(version, "version");
        return this;
    }

    String title() {
        return title;
    }

    String version() {
        return version;
    }

    /** Whether the app has been started (and can no longer be changed). */
    public boolean frozen() {
        return frozen;
    }

    // ---- serving ----

    /**
     * Starts serving on {@code host:port} in the current task (port 0: a free port, see
     * {@link AppRunner#port()}): runs the startup hooks, binds, accepts. Close the runner for a graceful
     * shutdown. For tests and for programs that do more than serve.
     *
     * <pre>{@code
     * try (AppRunner runner = app.start("127.0.0.1", 0)) {
     *     ... runner.url() ...
     * }
     * }</pre>
     */
    public AppRunner start(String host, int port) throws Exception {
        return AppRunner.start(this, host, port, 1);
    }

    /**
     * {@link #start(String, int)} on {@code loops} event loops: this one accepts and serves, and
     * {@code loops - 1} more, one thread each, serve the connections handed to them in turn. Handlers
     * then run on several threads at once: shared state (the app's, a controller's fields) must be
     * thread-safe, which it need not be with one loop, the simple and default case.
     */
    public AppRunner start(String host, int port, int loops) throws Exception {
        return AppRunner.start(this, host, port, loops);
    }

    /**
     * Serves on {@code host:port} until Ctrl-C (or until the main task is cancelled), then shuts down
     * gracefully (aiohttp's {@code web.run_app}). Prints the URL served. Makes its own event loop: call
     * it from {@code main}, not from a task.
     */
    public void run(String host, int port) throws Exception {
        run(host, port, RunOptions.defaults());
    }

    /**
     * {@link #run(String, int)} on {@code loops} event loops (see {@link #start(String, int, int)});
     * {@code Runtime.getRuntime().availableProcessors()} is the usual choice for a CPU-bound service.
     */
    public void run(String host, int port, int loops) throws Exception {
        run(host, port, loops, RunOptions.defaults());
    }

    /** {@link #run(String, int)} with loop options. */
    public void run(String host, int port, RunOptions runOptions) throws Exception {
        run(host, port, 1, runOptions);
    }

    /** {@link #run(String, int, int)} with loop options (for the accepting loop). */
    public void run(String host, int port, int loops, RunOptions runOptions) throws Exception {
        try {
            Asyncio.run(
                    () -> {
                        try (AppRunner runner = start(host, port, loops)) {
                            System.out.println("Serving on " + runner.url() + " (press Ctrl-C to stop)");
                            runner.serveForever();
                        }
                    },
                    runOptions);
        } catch (KeyboardInterrupt stopped) {
            System.out.println("Stopped.");
        }
    }

    // ---- internals ----

    List<Object> items() {
        return items;
    }

    List<Middleware> middlewares() {
        return middlewares;
    }

    /** Every app of the tree, this one first, depth first. */
    List<App> tree() {
        List<App> out = new ArrayList<>();
        out.add(this);
        for (Object item : items) {
            if (item instanceof Mount m) {
                out.addAll(m.app().tree());
            }
        }
        return out;
    }

    List<Hook> startupHooks() {
        return onStartup;
    }

    List<Hook> shutdownHooks() {
        return onShutdown;
    }

    List<Hook> cleanupHooks() {
        return onCleanup;
    }

    List<CleanupContext> cleanupContexts() {
        return cleanupContexts;
    }

    void freeze() {
        for (App a : tree()) {
            a.frozen = true;
        }
    }

    void checkNotFrozen(String what) {
        if (frozen) {
            throw new IllegalStateException(
                    "App " + this + " is frozen (it started): " + what + " must be called before start()");
        }
    }

    @Override
    public String toString() {
        return "<App routes=" + items.stream().filter(Route.class::isInstance).count() + " middlewares="
                + middlewares.size() + (frozen ? " frozen" : "") + ">";
    }
}
