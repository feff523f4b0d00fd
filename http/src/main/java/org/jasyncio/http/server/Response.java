package org.jasyncio.http.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpStatus;
import org.jasyncio.http.internal.HeadersAccess;
import org.jasyncio.http.json.JsonCodec;

/**
 * What a handler answers (aiohttp's {@code web.Response}/{@code StreamResponse}, FastAPI's
 * {@code Response} classes): a status, headers, and a body that is bytes, a value to write as JSON,
 * a stream written by a callback (chunked), Server-Sent Events, or a file.
 *
 * <pre>{@code
 * return Response.text("hello");                              // 200 text/plain; charset=utf-8
 * return Response.json(Map.of("id", 7)).status(201);          // 201 application/json
 * return Response.stream(out -> {                             // chunked, with backpressure
 *     for (int i = 0; i < 3; i++) { out.write("line " + i + "\n"); Asyncio.sleep(1); }
 * });
 * return Response.sse(events -> events.send("tick"));        // text/event-stream
 * }</pre>
 *
 * <p>A response is a mutable builder owned by one handler; the server sends it after the handler
 * returns. {@code Content-Length} and {@code Transfer-Encoding} are the server's: set them and they are
 * replaced by what the body needs.
 */
public final class Response {
    /** The body kinds. */
    sealed interface Body {
        /** A body of known bytes. */
        record Bytes(byte[] data) implements Body {}

        /** A value written as JSON by the app's {@link JsonCodec} when sent. */
        record Json(Object value, JsonCodec codec) implements Body {}

        /** A body written by a callback while being sent. */
        record Stream(BodyWriter writer) implements Body {}

        /** A file, or a range of it. */
        record File(Path path) implements Body {}
    }

    /** Writes a streamed body; runs in the request's task after the head is sent. */
    @FunctionalInterface
    public interface BodyWriter {
        /** Writes the body to {@code out}; returning ends it. */
        void writeTo(ResponseStream out) throws Exception;
    }

    /** Writes Server-Sent Events; runs in the request's task. */
    @FunctionalInterface
    public interface EventWriter {
        /** Sends events to {@code events}; returning ends the stream. */
        void writeTo(ServerSentEvents events) throws Exception;
    }

    private static final HeadersAccess HEADERS = HeadersAccess.get();
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final String APPLICATION_JSON = "application/json";

    private int status;
    private String reason;
    private final Headers headers = new Headers();
    private Body body;

    private Response(int status, Body body) {
        this.status = status;
        this.body = body;
    }

    /** An empty response with {@code status} (e.g. 204, or a redirect with a {@code Location} header). */
    public static Response empty(int status) {
        return new Response(checkStatus(status), new Body.Bytes(new byte[0]));
    }

    /** {@code 200}, {@code text/plain; charset=utf-8}. */
    public static Response text(String text) {
        Objects.requireNonNull(text, "text");
        return withType(new Response(200, new Body.Bytes(text.getBytes(StandardCharsets.UTF_8))), TEXT_PLAIN);
    }

    /** A text body in UTF-8 with the given content type (e.g. {@code "text/html; charset=utf-8"}). */
    public static Response text(String text, String contentType) {
        Objects.requireNonNull(text, "text");
        return bytes(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** {@code 200} with {@code data} as the body and the given content type. */
    public static Response bytes(byte[] data, String contentType) {
        Response r = new Response(200, new Body.Bytes(Objects.requireNonNull(data, "data")));
        if (contentType != null) {
            r.headers.set("Content-Type", contentType);
        }
        return r;
    }

    /** {@code 200}, {@code application/json}: {@code value} written by the app's JSON codec when sent. */
    public static Response json(Object value) {
        return json(value, null);
    }

    /** {@code 200}, {@code application/json}: {@code value} written by {@code codec}. */
    public static Response json(Object value, JsonCodec codec) {
        return withType(new Response(200, new Body.Json(value, codec)), APPLICATION_JSON);
    }

    /**
     * Adds a {@code Content-Type} that is one of the constants here (valid: no check per response) to a
     * new response, which has no field yet.
     */
    private static Response withType(Response r, String constantType) {
        HEADERS.addValidated(r.headers, "Content-Type", constantType);
        return r;
    }

    /**
     * {@code 200}, a body streamed by {@code writer} (chunked on HTTP/1.1; on HTTP/1.0 the connection
     * closes at its end). Default content type {@code application/octet-stream}.
     */
    public static Response stream(BodyWriter writer) {
        Response r = new Response(200, new Body.Stream(Objects.requireNonNull(writer, "writer")));
        r.headers.set("Content-Type", "application/octet-stream");
        return r;
    }

    /**
     * Server-Sent Events ({@code text/event-stream}, not cached, not buffered by proxies): the stream
     * stays open while {@code writer} runs.
     */
    public static Response sse(EventWriter writer) {
        Objects.requireNonNull(writer, "writer");
        Response r = stream(out -> writer.writeTo(new ServerSentEvents(out)));
        r.headers.set("Content-Type", "text/event-stream");
        r.headers.set("Cache-Control", "no-cache");
        r.headers.set("X-Accel-Buffering", "no");
        return r;
    }

    /**
     * The file at {@code path} (aiohttp's {@code FileResponse}), sent from a {@code FileChannel} with
     * {@code ETag}, {@code Last-Modified} and {@code Range} support; 404 if it is not a regular file.
     * The content type is guessed from the name.
     */
    public static Response file(Path path) {
        return new Response(200, new Body.File(Objects.requireNonNull(path, "path")));
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** Sets the status code (100..599) and returns this. */
    public Response status(int status) {
        this.status = checkStatus(status);
        return this;
    }

    /** The reason phrase sent: the one set, or the standard one for the status. */
    public String reason() {
        return reason != null ? reason : HttpStatus.reason(status);
    }

    /** Sets the reason phrase ({@code null}: the standard one) and returns this. */
    public Response reason(String reason) {
        if (reason != null && (reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("Response reason " + reason.strip() + " must not contain CR or LF");
        }
        this.reason = reason;
        return this;
    }

    /** The headers, mutable. */
    public Headers headers() {
        return headers;
    }

    /** Sets a header (replacing others of that name) and returns this. */
    public Response header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    /** Sets the {@code Content-Type} and returns this. */
    public Response contentType(String contentType) {
        headers.set("Content-Type", contentType);
        return this;
    }

    /** The body as bytes, for bodies of known bytes (text, bytes); {@code null} for the others. */
    public byte[] body() {
        return body instanceof Body.Bytes(byte[] data) ? data : null;
    }

    Body bodyKind() {
        return body;
    }

    /** Replaces the body (a middleware's rewrite, e.g. {@link Compression}). */
    void replaceBody(Body body) {
        this.body = Objects.requireNonNull(body, "body");
    }

    private static int checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Response status " + status + " is not an HTTP status (100..599)");
        }
        return status;
    }

    @Override
    public String toString() {
        return "<Response " + status + " " + reason() + " " + body.getClass().getSimpleName() + ">";
    }
}
