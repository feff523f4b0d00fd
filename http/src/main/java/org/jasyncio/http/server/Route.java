package org.jasyncio.http.server;

import java.time.Duration;
import java.util.List;

/**
 * One route: a method, a path pattern and a handler, with its own limits. Returned by
 * {@link App#get} and friends to adjust them:
 * <pre>{@code
 * app.post("/upload", this::upload).maxBodySize(50 << 20).timeout(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Path patterns: literal segments and {@code {name}} parameters, which match one segment
 * ({@code [^/]+}); {@code {name:regex}} matches the regex instead ({@code {path:.*}} for the rest of
 * the path, {@code {id:\d+}} for digits). Routes are tried in the order added.
 */
public final class Route {
    /** {@link #maxBodySize()} when the app's default applies. */
    static final long INHERIT = Long.MIN_VALUE;

    private final App app;
    private final String method;
    private final String pattern;
    private final Handler handler;
    private long maxBodySize = INHERIT;
    private Duration timeout;
    private String name;
    /** For typed endpoints: what the OpenAPI document says of it; {@code null} for plain handlers. */
    private final EndpointInfo endpoint;

    Route(App app, String method, String pattern, Handler handler, EndpointInfo endpoint) {
        this.app = app;
        this.method = method;
        this.pattern = pattern;
        this.handler = handler;
        this.endpoint = endpoint;
        PathPattern.compile(pattern); // fail now, at registration, on a bad pattern
    }

    /** The app the route was added to. */
    public App app() {
        return app;
    }

    /** The method ({@code GET}, ...; {@code *} for any). */
    public String method() {
        return method;
    }

    /** The path pattern as written (without the prefixes of enclosing apps). */
    public String pattern() {
        return pattern;
    }

    /** The handler. */
    public Handler handler() {
        return handler;
    }

    /** The name given with {@link #name(String)}, or {@code null}. */
    public String name() {
        return name;
    }

    /** Names the route (for logs and the OpenAPI {@code operationId}) and returns this. */
    public Route name(String name) {
        app.checkNotFrozen("Route.name()");
        this.name = name;
        return this;
    }

    /** The body limit for {@link Request#bytes()} and friends; {@link Long#MIN_VALUE}: the app's. */
    public long maxBodySize() {
        return maxBodySize;
    }

    /**
     * Sets the body limit in bytes ({@code -1}: unlimited) for the whole-body reads of this route,
     * instead of the app's {@link ServerOptions#maxBodySize()}; returns this.
     */
    public Route maxBodySize(long bytes) {
        app.checkNotFrozen("Route.maxBodySize()");
        if (bytes < -1) {
            throw new IllegalArgumentException(
                    "Route " + this + ": maxBodySize " + bytes + " must be >= 0, or -1 for no limit");
        }
        this.maxBodySize = bytes;
        return this;
    }

    /** The handler timeout, or {@code null} for the app's ({@link ServerOptions#handlerTimeout()}). */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Limits the handler's run (middlewares included) to {@code timeout}: past it, the handler is
     * cancelled and the client gets 503. Returns this.
     */
    public Route timeout(Duration timeout) {
        app.checkNotFrozen("Route.timeout()");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Route " + this + ": timeout " + timeout + " must be positive");
        }
        this.timeout = timeout;
        return this;
    }

    EndpointInfo endpoint() {
        return endpoint;
    }

    /** The path parameter names, in order. */
    public List<String> parameterNames() {
        return PathPattern.compile(pattern).names();
    }

    @Override
    public String toString() {
        return "<Route " + method + " " + pattern + (name != null ? " name=" + name : "") + ">";
    }
}
