package org.jasyncio.http.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.http.Headers;
import org.jasyncio.http.codec.HttpLimits;
import org.jasyncio.http.json.JsonCodec;
import org.jasyncio.http.websocket.WebSocket;
import org.jasyncio.http.websocket.WebSocketOptions;
import org.jasyncio.net.TlsOptions;

/**
 * An HTTP client session (aiohttp's {@code ClientSession}): a pool of keep-alive connections, a
 * cookie jar, default headers, a base URL and time limits shared by the requests made through it.
 * Make one per application (or per group of related requests), not one per request.
 *
 * <pre>{@code
 * try (var session = ClientSession.builder().baseUrl("http://127.0.0.1:8080").build()) {
 *     try (var resp = session.get("/items", RequestOptions.of().withQuery("page", "2"))) {
 *         System.out.println(resp.status() + " " + resp.text());
 *     }
 *     session.post("/items", RequestBody.json(new Item("pen", 2))).raiseForStatus().close();
 * }
 * }</pre>
 *
 * <p>Every request method suspends until the response head is in (the body is read from the
 * {@link ClientResponse}), following redirects, and raises a {@link ClientError} subtype or a
 * {@link ClientTimeoutError} subtype. A session is bound to the loop it was made on: use it from that
 * loop's tasks only. {@link #close()} closes every connection; a session dropped without it is
 * reported once through the loop's exception handler with where it was made.
 */
public final class ClientSession implements AutoCloseable {
    /**
     * <pre>
     * OPEN --close()--> CLOSED
     * </pre>
     */
    public enum State {
        OPEN,
        CLOSED
    }

    /** What the session's responses share with it, without referencing it (see {@link ResponseLease}). */
    static final class Shared {
        final ConnectionPool pool;
        /** Responses whose connection is still leased. Loop thread only. */
        final Set<ResponseLease> openResponses = new LinkedHashSet<>();
        /** The going-away hooks of the session's open WebSockets (aiohttp closes them with the session). */
        final Set<Runnable> webSockets = new LinkedHashSet<>();

        Shared(ConnectionPool pool) {
            this.pool = pool;
        }
    }

    private final EventLoop loop;
    private final URI baseUrl;
    private final Headers defaultHeaders;
    private final ClientTimeout timeout;
    private final CookieJar cookieJar;
    private final boolean followRedirects;
    private final int maxRedirects;
    private final boolean decompress;
    private final boolean raiseForStatus;
    private final JsonCodec json;
    private final ClientTrace trace;
    private final RetryPolicy retry;
    private final Proxy proxy;
    private final Shared shared;
    private final LeakReport leak;
    private State state = State.OPEN;

    private ClientSession(Builder b) {
        this.loop = Asyncio.getRunningLoop();
        this.baseUrl = b.baseUrl;
        this.defaultHeaders = b.headers.copy();
        this.timeout = b.timeout;
        this.cookieJar = b.cookieJar == null ? new CookieJar() : b.cookieJar;
        this.followRedirects = b.followRedirects;
        this.maxRedirects = b.maxRedirects;
        this.decompress = b.decompress;
        this.raiseForStatus = b.raiseForStatus;
        this.json = b.json;
        this.trace = b.trace == ClientTrace.NONE ? ClientTrace.NONE : new GuardedTrace(b.trace, loop);
        this.retry = b.retry;
        this.proxy = b.proxy;
        TlsOptions tls = b.tls == null ? TlsOptions.client() : b.tls;
        // One TcpDialer per session by default: its DNS cache is timed by the session's loop.
        Dialer given = b.dialer == null ? Dialer.tcp() : b.dialer;
        Dialer dialer = given instanceof TcpDialer td ? td.withTrace(this.trace) : given;
        this.shared = new Shared(
                new ConnectionPool(loop, b.limit, b.limitPerHost, b.keepAlive, dialer, tls, b.limits, this.trace));
        Shared s = shared;
        this.leak = LeakReport.watch(this, loop, "ClientSession", true, () -> closeShared(s, null));
    }

    /** A session with the defaults; call inside a task. */
    public ClientSession() {
        this(new Builder());
    }

    /** A builder for a session with options. */
    public static Builder builder() {
        return new Builder();
    }

    /** The state, as drawn on {@link State}. */
    public State state() {
        return state;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** The session's cookies. */
    public CookieJar cookieJar() {
        return cookieJar;
    }

    /** The session's default time limits. */
    public ClientTimeout timeout() {
        return timeout;
    }

    JsonCodec jsonCodec() {
        return json != null ? json : JsonCodec.jackson(); // loads Jackson only when JSON is used
    }

    /** {@code GET url}. */
    public ClientResponse get(String url) throws IOException {
        return request("GET", url, null, RequestOptions.of());
    }

    /** {@code GET url} with options. */
    public ClientResponse get(String url, RequestOptions options) throws IOException {
        return request("GET", url, null, options);
    }

    /** {@code HEAD url}; redirects are not followed unless the options say so (as aiohttp). */
    public ClientResponse head(String url) throws IOException {
        return request("HEAD", url, null, RequestOptions.of().withRedirects(false));
    }

    /** {@code HEAD url} with options; redirects are followed only when the options say so. */
    public ClientResponse head(String url, RequestOptions options) throws IOException {
        return request("HEAD", url, null, options.allowRedirects() == null ? options.withRedirects(false) : options);
    }

    /** {@code DELETE url}. */
    public ClientResponse delete(String url) throws IOException {
        return request("DELETE", url, null, RequestOptions.of());
    }

    /** {@code DELETE url} with options. */
    public ClientResponse delete(String url, RequestOptions options) throws IOException {
        return request("DELETE", url, null, options);
    }

    /** {@code POST url} with a body (or {@code null} for none). */
    public ClientResponse post(String url, RequestBody body) throws IOException {
        return request("POST", url, body, RequestOptions.of());
    }

    /** {@code POST url} with a body and options. */
    public ClientResponse post(String url, RequestBody body, RequestOptions options) throws IOException {
        return request("POST", url, body, options);
    }

    /** {@code PUT url} with a body. */
    public ClientResponse put(String url, RequestBody body) throws IOException {
        return request("PUT", url, body, RequestOptions.of());
    }

    /** {@code PUT url} with a body and options. */
    public ClientResponse put(String url, RequestBody body, RequestOptions options) throws IOException {
        return request("PUT", url, body, options);
    }

    /** {@code PATCH url} with a body. */
    public ClientResponse patch(String url, RequestBody body) throws IOException {
        return request("PATCH", url, body, RequestOptions.of());
    }

    /** {@code PATCH url} with a body and options. */
    public ClientResponse patch(String url, RequestBody body, RequestOptions options) throws IOException {
        return request("PATCH", url, body, options);
    }

    /**
     * A request with any method: resolves {@code url} against the base URL, adds the query parameters,
     * sends, follows redirects, and returns once the final response head is in.
     *
     * @param body the body, or {@code null} for none
     * @throws InvalidUrl before anything is sent, when the URL cannot be requested
     * @throws ClientConnectionError when no connection could be made or it broke before the head
     * @throws BadServerResponse when the server's head is not valid HTTP
     * @throws TooManyRedirects past the redirect limit
     * @throws ClientResponseError on a status of 400 or more when the session raises for status
     * @throws ClientTimeoutError (unchecked) when one of the time limits fires
     */
    public ClientResponse request(String method, String url, RequestBody body, RequestOptions options)
            throws IOException {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(options, "options");
        checkUsable("request()");
        String m = method.toUpperCase(Locale.ROOT);
        URI uri = Urls.resolve(baseUrl, url, options.query());
        ClientTimeout t = options.timeout() == null ? timeout : options.timeout();
        boolean follow = options.allowRedirects() == null ? followRedirects : options.allowRedirects();
        int max = options.maxRedirects() == null ? maxRedirects : options.maxRedirects();
        Headers headers = defaultHeaders.copy();
        for (Headers.Field f : options.headers()) {
            headers.remove(f.name());
        }
        for (Headers.Field f : options.headers()) {
            headers.add(f.name(), f.value());
        }
        byte[] bodyBytes = encode(body);
        if (retry == null) {
            return Redirects.follow(
                    this,
                    new Exchange.Request(m, uri, headers, body, bodyBytes),
                    new Deadlines(loop, t, uri),
                    follow,
                    max);
        }
        return retry.run(
                this,
                m,
                uri,
                body,
                trace,
                () -> Redirects.follow(
                        this,
                        new Exchange.Request(m, uri, headers, body, bodyBytes),
                        new Deadlines(loop, t, uri),
                        follow,
                        max));
    }

    /** {@link #wsConnect(String, WebSocketOptions)} with {@link WebSocketOptions#defaults()}. */
    public WebSocket wsConnect(String url) throws IOException {
        return wsConnect(url, WebSocketOptions.defaults());
    }

    /**
     * Opens a WebSocket (aiohttp's {@code ws_connect}): {@code ws://} and {@code wss://} URLs, or
     * {@code http(s)://} ones, resolved against the base URL; the session's default headers, dialer, TLS
     * options and connect and read timeouts (for the handshake) apply. The connection is the
     * WebSocket's own, outside the pool and its limits; no proxy, no cookies. Close the WebSocket when
     * done; closing the session closes those still open (1001, going away), as aiohttp does.
     *
     * <pre>{@code
     * WebSocket ws = session.wsConnect("ws://127.0.0.1:8080/ws");
     * ws.sendStr("hello");
     * String answer = ws.receiveStr();
     * ws.close();
     * }</pre>
     *
     * @throws WSServerHandshakeError when the server does not answer 101 with a valid accept key
     * @throws ClientConnectionError when no connection could be made
     */
    public WebSocket wsConnect(String url, WebSocketOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        checkUsable("wsConnect()");
        String u = url;
        if (u != null && u.regionMatches(true, 0, "ws://", 0, 5)) {
            u = "http://" + u.substring(5);
        } else if (u != null && u.regionMatches(true, 0, "wss://", 0, 6)) {
            u = "https://" + u.substring(6);
        }
        URI uri = Urls.resolve(baseUrl, u, List.of());
        return ClientWebSockets.connect(
                shared.pool,
                uri,
                defaultHeaders,
                new Deadlines(loop, timeout, uri),
                shared.pool.limits(),
                options,
                jsonCodec(),
                shared.webSockets);
    }

    private byte[] encode(RequestBody body) {
        return switch (body) {
            case null -> null;
            case RequestBody.Bytes b -> b.data();
            case RequestBody.Json j -> jsonCodec().encode(j.value());
            case RequestBody.Stream s -> null;
            case RequestBody.Sized s -> null;
        };
    }

    Proxy proxy() {
        return proxy;
    }

    boolean raisesForStatus() {
        return raiseForStatus;
    }

    boolean decompress() {
        return decompress;
    }

    ClientTrace trace() {
        return trace;
    }

    Shared shared() {
        return shared;
    }

    EventLoop loop() {
        return loop;
    }

    private void checkUsable(String call) {
        if (state == State.CLOSED) {
            throw new IllegalStateException(this + " is closed: " + call + " must be called before close()");
        }
        EventLoop running;
        try {
            running = Asyncio.getRunningLoop();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    this + "." + call + " must be called in a task of the loop the session was"
                            + " made on; no loop is running in this thread",
                    e);
        }
        if (running != loop) {
            throw new IllegalStateException(this + "." + call + " must be called in a task of " + loop
                    + ", the loop the session was made on, not of " + running);
        }
    }

    /**
     * Closes the pool's connections. Responses still open are reported (they were neither read to
     * the end nor closed) and their connections closed. Idempotent; never suspends.
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        leak.settle();
        closeShared(shared, "was neither read to its end nor closed when its session closed");
    }

    private static void closeShared(Shared s, String reportWhy) {
        for (ResponseLease l : List.copyOf(s.openResponses)) {
            if (reportWhy != null && l.leak != null) {
                l.leak.reportNow(reportWhy);
            }
            l.release(false);
        }
        for (Runnable goingAway : List.copyOf(s.webSockets)) {
            goingAway.run(); // a close frame with 1001; the connection is dropped if no answer comes in time
        }
        s.pool.close();
        s.pool.abortLeased();
    }

    /** Counts of the pool and responses: open, idle, in use, waiting, created, reused connections. */
    public List<String> statistics() {
        List<String> all = new ArrayList<>(shared.pool.statistics());
        all.add("openResponses=" + shared.openResponses.size());
        return all;
    }

    LeakReport leakReport() {
        return leak;
    }

    ConnectionPool pool() {
        return shared.pool;
    }

    @Override
    public String toString() {
        return "<ClientSession " + state.name().toLowerCase(Locale.ROOT) + (baseUrl == null ? "" : " " + baseUrl) + " "
                + String.join(" ", shared.pool.statistics()) + ">";
    }

    /** Options of a new session; {@link #build()} makes it (inside a task: it binds to the running loop). */
    public static final class Builder {
        private URI baseUrl;
        private final Headers headers = new Headers()
                .add("User-Agent", "jasyncio-http/0.1")
                .add("Accept", "*/*")
                .add("Accept-Encoding", "gzip, deflate");
        private ClientTimeout timeout = ClientTimeout.DEFAULT;
        private int limit = 100;
        private int limitPerHost = 0;
        private Duration keepAlive = Duration.ofSeconds(15);
        private TlsOptions tls;
        private Dialer dialer;
        private CookieJar cookieJar;
        private boolean followRedirects = true;
        private int maxRedirects = 10;
        private boolean decompress = true;
        private boolean raiseForStatus;
        private JsonCodec json;
        private ClientTrace trace = ClientTrace.NONE;
        private RetryPolicy retry;
        private HttpLimits limits = HttpLimits.defaults();
        private Proxy proxy;

        private Builder() {}

        /** Relative URLs of requests resolve against {@code url} (aiohttp's {@code base_url}). */
        public Builder baseUrl(String url) throws InvalidUrl {
            try {
                this.baseUrl = Urls.check(url, new URI(url));
            } catch (java.net.URISyntaxException e) {
                throw new InvalidUrl(url, e.getReason(), e);
            }
            return this;
        }

        /** A header sent with every request (replacing a default of that name). */
        public Builder header(String name, String value) {
            headers.set(name, value);
            return this;
        }

        /** Drops a default header (e.g. {@code Accept-Encoding} to receive bodies as sent). */
        public Builder withoutHeader(String name) {
            headers.remove(name);
            return this;
        }

        /** The default time limits (aiohttp's: 5 minutes total, 30 s connect). */
        public Builder timeout(ClientTimeout t) {
            this.timeout = Objects.requireNonNull(t, "timeout");
            return this;
        }

        /** At most {@code n} connections open in all (0: no limit; default 100). */
        public Builder limit(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("ClientSession limit must be >= 0 (0: none), got " + n);
            }
            this.limit = n;
            return this;
        }

        /** At most {@code n} connections per (scheme, host, port) (0: no limit, the default). */
        public Builder limitPerHost(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("ClientSession limitPerHost must be >= 0 (0: none), got " + n);
            }
            this.limitPerHost = n;
            return this;
        }

        /** How long an idle connection is kept for reuse (default 15 s; {@code null}: forever). */
        public Builder keepAlive(Duration d) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("ClientSession keepAlive must be positive or null, got " + d);
            }
            this.keepAlive = d;
            return this;
        }

        /** TLS for https (default: the system's trusted roots, host names verified). */
        public Builder tls(TlsOptions t) {
            this.tls = t;
            return this;
        }

        /** How connections are opened (default: a new {@link TcpDialer#defaults()} per session). */
        public Builder dialer(Dialer d) {
            this.dialer = Objects.requireNonNull(d, "dialer");
            return this;
        }

        /** The cookie jar (default: a new empty one). */
        public Builder cookieJar(CookieJar jar) {
            this.cookieJar = jar;
            return this;
        }

        /** Whether redirects are followed (default yes), and at most how many (default 10). */
        public Builder redirects(boolean follow, int max) {
            if (max < 0) {
                throw new IllegalArgumentException("ClientSession max redirects must be >= 0, got " + max);
            }
            this.followRedirects = follow;
            this.maxRedirects = max;
            return this;
        }

        /** Whether gzip/deflate bodies are decoded (default yes; off also drops the Accept-Encoding default). */
        public Builder decompress(boolean on) {
            this.decompress = on;
            if (!on) {
                headers.remove("Accept-Encoding");
            }
            return this;
        }

        /** Whether every response of status 400 or more raises {@link ClientResponseError} (default no). */
        public Builder raiseForStatus(boolean on) {
            this.raiseForStatus = on;
            return this;
        }

        /** The JSON codec for {@link RequestBody#json} and {@link ClientResponse#json} (default Jackson). */
        public Builder json(JsonCodec codec) {
            this.json = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** Hooks called as requests run. */
        public Builder trace(ClientTrace t) {
            this.trace = Objects.requireNonNull(t, "trace");
            return this;
        }

        /** Retries failed idempotent requests by {@code policy} (default: none). */
        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        /** The codec's limits for response heads (line length, header bytes and count). */
        public Builder httpLimits(HttpLimits l) {
            this.limits = Objects.requireNonNull(l, "limits");
            return this;
        }

        /**
         * Sends requests through the HTTP proxy at {@code url} ({@code http://[user:password@]host:port}),
         * except to the hosts of {@code noProxy} (the NO_PROXY convention: comma-separated names that
         * match a host and its subdomains, optional {@code :port}, {@code *} for all; may be null).
         * {@code https} goes through a CONNECT tunnel, TLS end to end.
         */
        public Builder proxy(String url, String noProxy) throws InvalidUrl {
            this.proxy = url == null ? null : Proxy.parse(url, noProxy);
            return this;
        }

        /**
         * Takes the proxy from the environment, as curl and aiohttp's {@code trust_env=True} do:
         * {@code HTTPS_PROXY} (or {@code https_proxy}), else {@code HTTP_PROXY} (or {@code http_proxy}),
         * and {@code NO_PROXY} (or {@code no_proxy}). This is the one place the client reads the
         * environment. One proxy serves both schemes here.
         */
        public Builder proxyFromEnvironment() throws InvalidUrl {
            String url = env("HTTPS_PROXY");
            if (url == null) {
                url = env("HTTP_PROXY");
            }
            return proxy(url, env("NO_PROXY"));
        }

        private static String env(String name) {
            String v = System.getenv(name);
            if (v == null || v.isBlank()) {
                v = System.getenv(name.toLowerCase(Locale.ROOT));
            }
            return v == null || v.isBlank() ? null : v;
        }

        /** Makes the session on the running loop. */
        public ClientSession build() {
            return new ClientSession(this);
        }
    }
}
