package org.jasyncio.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jasyncio.Future;
import org.jasyncio.Timeout;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.http.json.JsonException;

/**
 * One HTTP request as a handler sees it (aiohttp's {@code web.Request}, Starlette's {@code Request}):
 * method, path, path parameters, query, headers, and the body, read on demand, whole ({@link #bytes()},
 * {@link #text()}, {@link #json(Type)}) or as a stream ({@link #content()}).
 *
 * <pre>{@code
 * app.post("/items/{id}", request -> {
 *     int id = request.pathParam("id", int.class);
 *     boolean dryRun = request.query("dry_run", boolean.class, false);
 *     Item item = request.json(Item.class);
 *     ...
 * });
 * }</pre>
 *
 * <p>Loop thread only: a request belongs to the task that handles it. The body can be read once,
 * either whole (then every whole read returns the same bytes) or as a stream.
 */
public final class Request {
    private final App root;
    private final String method;
    private final String target;
    private final HttpVersion version;
    private final Headers headers;
    private final BodySource body;
    private final String id;
    private final String rawPath;
    private final String queryString;
    private final String path;
    /** Set by the router once a route matched. */
    private Route route;

    private Map<String, String> pathParams = Map.of();
    private Map<String, List<String>> query;
    /** Made on the first {@link #set}: most requests store nothing. */
    private Map<StateKey<?>, Object> state;

    /** The handler timeout around this request's handler, while it runs; lifted by a protocol switch. */
    private Timeout handlerTimeout;

    private byte[] bodyBytes;
    private boolean streamed;
    private FormData form;

    Request(App root, String method, String target, HttpVersion version, Headers headers, BodySource body, String id) {
        this.root = root;
        this.method = method;
        this.target = target;
        this.version = version;
        this.headers = headers;
        this.body = body;
        this.id = id;
        int q = target.indexOf('?');
        this.rawPath = q < 0 ? target : target.substring(0, q);
        this.queryString = q < 0 ? "" : target.substring(q + 1);
        this.path = UrlCodec.decodePath(rawPath);
    }

    void handlerTimeout(Timeout timeout) {
        this.handlerTimeout = timeout;
    }

    /**
     * Lifts the handler timeout: the connection became a WebSocket, whose life is its handler's (its
     * heartbeat and close timeout bound it), not an HTTP exchange's.
     */
    void liftHandlerTimeout() {
        if (handlerTimeout != null && handlerTimeout.state() == Timeout.State.ENTERED) {
            handlerTimeout.reschedule(Double.POSITIVE_INFINITY);
        }
        handlerTimeout = null;
    }

    void bind(Route route, Map<String, String> pathParams) {
        this.route = route;
        this.pathParams = pathParams.isEmpty() ? Map.of() : Collections.unmodifiableMap(pathParams);
    }

    /** The method, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** The path, percent-decoded ({@code /items/a b} for {@code /items/a%20b}). */
    public String path() {
        return path;
    }

    /** The path as sent, percent-encoded. */
    public String rawPath() {
        return rawPath;
    }

    /** The request target as sent: path and query ({@code /items?limit=3}). */
    public String target() {
        return target;
    }

    /** The query string as sent, without {@code ?}; empty if none. */
    public String queryString() {
        return queryString;
    }

    /** The protocol version. */
    public HttpVersion version() {
        return version;
    }

    /** The request headers (do not change them). */
    public Headers headers() {
        return headers;
    }

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * The request id: the client's {@code X-Request-Id} if it sent a sane one (up to 128 visible
     * ASCII characters), else one made by the server. It is sent back in the response's
     * {@code X-Request-Id} and written in the access log.
     */
    public String id() {
        return id;
    }

    /** The client's address ({@code 127.0.0.1:51234}). */
    public String remote() {
        return body.peer();
    }

    /**
     * {@code https} when the server speaks TLS ({@link ServerOptions#tls()}), else {@code http}
     * (aiohttp's {@code request.scheme}; a proxy's {@code X-Forwarded-Proto} is not trusted here).
     */
    public String scheme() {
        return secure() ? "https" : "http";
    }

    /** Whether the request came over TLS (aiohttp's {@code request.secure}). */
    public boolean secure() {
        return root.options().tls() != null;
    }

    /** The app whose route matched (a sub-app for its routes); the root app before routing. */
    public App app() {
        return route != null ? route.app() : root;
    }

    /** The route that matched, or {@code null} (before routing, or for a 404/405). */
    public Route route() {
        return route;
    }

    // ---- path and query ----

    /** The path parameters of the matched route, decoded: {@code {id}} in {@code /items/{id}}. */
    public Map<String, String> pathParams() {
        return pathParams;
    }

    /**
     * The path parameter {@code name}.
     *
     * @throws IllegalArgumentException if the route has no such parameter (a bug in the handler)
     */
    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalArgumentException("Request " + this + ": route " + route + " has no path parameter {"
                    + name + "}; it has " + pathParams.keySet());
        }
        return v;
    }

    /**
     * The path parameter {@code name} as a {@code type} (int, long, UUID, an enum, a java.time type...).
     *
     * @throws HttpBadRequest if it does not convert
     */
    public <T> T pathParam(String name, Class<T> type) {
        String v = pathParam(name);
        try {
            return Conversions.convert(v, type);
        } catch (IllegalArgumentException e) {
            throw new HttpBadRequest("path parameter " + name + ": " + e.getMessage());
        }
    }

    /** The query parameters, decoded, in order; a name may have several values. */
    public Map<String, List<String>> query() {
        if (query == null) {
            query = UrlCodec.parseQuery(queryString);
        }
        return query;
    }

    /** The first value of query parameter {@code name}, or {@code null}. */
    public String query(String name) {
        List<String> vs = query().get(name);
        return vs == null ? null : vs.getFirst();
    }

    /** Every value of query parameter {@code name} ({@code ?tag=a&tag=b}); empty if none. */
    public List<String> queryAll(String name) {
        return query().getOrDefault(name, List.of());
    }

    /**
     * Query parameter {@code name} as a {@code type}, or {@code fallback} if absent.
     *
     * @throws HttpBadRequest if present and it does not convert
     */
    public <T> T query(String name, Class<T> type, T fallback) {
        String v = query(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Conversions.convert(v, type);
        } catch (IllegalArgumentException e) {
            throw new HttpBadRequest("query parameter " + name + ": " + e.getMessage());
        }
    }

    // ---- body ----

    /** The body's {@code Content-Length}; {@code -1} if chunked (unknown), {@code 0} if none. */
    public long contentLength() {
        return body.declaredLength();
    }

    /** The {@code Content-Type} without parameters, lower case; empty if none. */
    public String contentType() {
        String ct = headers.get("Content-Type");
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The whole body. Suspends until it has arrived. Limited to the route's {@code maxBodySize}
     * (default 1 MiB): a longer body answers 413 (a declared {@code Content-Length} over it, before
     * any byte is read, so that a client that sent {@code Expect: 100-continue} sends nothing).
     *
     * @throws HttpPayloadTooLarge if the body is over the limit
     * @throws IllegalStateException if the body was read as a stream
     * @throws org.jasyncio.net.ConnectionResetError if the client disconnects before the end
     */
    public byte[] bytes() throws IOException {
        if (bodyBytes != null) {
            return bodyBytes;
        }
        if (streamed) {
            throw new IllegalStateException("Request " + this + ": the body was already read as a stream by content();"
                    + " bytes(), text() and json() cannot read it again");
        }
        long limit = maxBodySize();
        long declared = body.declaredLength();
        if (limit >= 0 && declared > limit) {
            throw new HttpPayloadTooLarge(
                    "body of " + declared + " bytes is over this route's limit of " + limit + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, 65536) : 256);
        for (byte[] piece = body.read(); piece != null; piece = body.read()) {
            out.write(piece, 0, piece.length);
            if (limit >= 0 && out.size() > limit) {
                throw new HttpPayloadTooLarge("body is over this route's limit of " + limit + " bytes");
            }
        }
        bodyBytes = out.toByteArray();
        return bodyBytes;
    }

    /** The whole body as text, in the {@code charset} of its {@code Content-Type} (default UTF-8). */
    public String text() throws IOException {
        return new String(bytes(), charset());
    }

    /**
     * The body read as JSON into a {@code type} (a record, {@code List<Item>} through a
     * {@link org.jasyncio.http.json.TypeRef}, {@code Map}...), by the app's JSON codec.
     *
     * @throws HttpUnprocessableEntity if it is not JSON or does not fit {@code type}: FastAPI's 422
     */
    public <T> T json(Type type) throws IOException {
        byte[] b = bytes();
        try {
            return root.json().decode(b, type);
        } catch (JsonException e) {
            List<Object> loc = new ArrayList<>();
            loc.add("body");
            loc.addAll(e.path());
            throw new HttpUnprocessableEntity(
                    List.of(new ValidationError(loc, e.getMessage(), e.malformed() ? "json_invalid" : "value_error")));
        }
    }

    /** {@link #json(Type)} for a plain class. */
    public <T> T json(Class<T> type) throws IOException {
        return json((Type) type);
    }

    /**
     * The submitted form (aiohttp's {@code await request.post()}): the fields of an
     * {@code application/x-www-form-urlencoded} body, or the fields and files of a
     * {@code multipart/form-data} one, read whole within the route's {@code maxBodySize} (413 over it).
     * A request with no body and no {@code Content-Type} has an empty form. Read once; later calls
     * return the same form.
     *
     * @throws HttpError 415 if the body is of another type
     * @throws HttpBadRequest if the body is not a well-formed form of its type
     * @throws HttpPayloadTooLarge if the body is over the limit
     */
    public FormData form() throws IOException {
        if (form != null) {
            return form;
        }
        String type = contentType();
        if (type.equals("application/x-www-form-urlencoded")) {
            form = FormData.urlencoded(new String(bytes(), HeaderParams.charset(headers.get("Content-Type"))));
        } else if (type.equals("multipart/form-data")) {
            String boundary = MultipartReader.boundaryOf(headers.get("Content-Type"));
            byte[][] whole = {bytes()};
            form = new MultipartReader(boundary, () -> {
                        byte[] b = whole[0];
                        whole[0] = null;
                        return b;
                    })
                    .form();
        } else if (type.isEmpty() && body.declaredLength() == 0) {
            form = FormData.EMPTY;
        } else {
            throw new HttpError(
                    415,
                    "a form is application/x-www-form-urlencoded or multipart/form-data, not "
                            + (type.isEmpty() ? "a body without Content-Type" : Conversions.abbreviate(type)));
        }
        return form;
    }

    /**
     * The {@code multipart/*} body part by part as it arrives, without size limit (aiohttp's
     * {@code await request.multipart()}): for uploads too large for {@link #form()}. Reads the body as a
     * stream, as {@link #content()} does.
     *
     * @throws HttpError 415 if the body is not {@code multipart/*}
     * @throws HttpBadRequest if its {@code Content-Type} has no valid boundary
     */
    public MultipartReader multipart() {
        String type = contentType();
        if (!type.startsWith("multipart/")) {
            throw new HttpError(
                    415,
                    "multipart() reads a multipart/* body, not "
                            + (type.isEmpty() ? "a body without Content-Type" : Conversions.abbreviate(type)));
        }
        String boundary = MultipartReader.boundaryOf(headers.get("Content-Type"));
        return new MultipartReader(boundary, content()::read);
    }

    /**
     * The body as a stream of pieces, read as they arrive, without size limit. Either this or the
     * whole-body reads, not both.
     */
    public RequestContent content() {
        if (bodyBytes != null) {
            throw new IllegalStateException(
                    "Request " + this + ": the body was already read whole; content() cannot stream it");
        }
        streamed = true;
        return new RequestContent(body);
    }

    /** Whether the body has been read to its end (or there is none). */
    public boolean bodyFinished() {
        return body.finished();
    }

    /** Completed when the client closes the connection (see docs/http-server.md, "Client disconnects"). */
    public Future<Void> disconnected() {
        return body.disconnected();
    }

    /** Whether the client has closed the connection. */
    public boolean isDisconnected() {
        return body.disconnected().done();
    }

    // ---- per-request state ----

    /** Stores a per-request value (e.g. the user a middleware authenticated) and returns this. */
    public <T> Request set(StateKey<T> key, T value) {
        Objects.requireNonNull(key, "key");
        if (state == null) {
            state = new HashMap<>();
        }
        state.put(key, key.type().cast(value));
        return this;
    }

    /** The per-request value for {@code key}, or {@code null}. */
    public <T> T get(StateKey<T> key) {
        return state == null ? null : key.type().cast(state.get(Objects.requireNonNull(key, "key")));
    }

    long maxBodySize() {
        return route != null && route.maxBodySize() != Route.INHERIT
                ? route.maxBodySize()
                : root.options().maxBodySize();
    }

    private Charset charset() {
        String ct = headers.get("Content-Type");
        if (ct != null) {
            for (String param : ct.split(";")) {
                String p = param.strip();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").strip());
                    } catch (IllegalArgumentException unknown) {
                        throw new HttpBadRequest(
                                "unknown charset in Content-Type: " + Conversions.abbreviate(p.substring(8)));
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The connection the request came on (for a response that takes it over: {@link WebSocketResponse}). */
    BodySource bodySource() {
        return body;
    }

    @Override
    public String toString() {
        return "<Request " + method + " " + target + " id=" + id + ">";
    }
}
