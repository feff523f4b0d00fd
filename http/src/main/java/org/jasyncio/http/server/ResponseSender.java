package org.jasyncio.http.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jasyncio.CancelledError;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpStatus;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.http.codec.BodyFraming;
import org.jasyncio.http.codec.HttpWriter;
import org.jasyncio.http.codec.ResponseHead;
import org.jasyncio.http.internal.HeadersAccess;
import org.jasyncio.http.internal.HttpChars;
import org.jasyncio.http.json.JsonException;
import org.jasyncio.net.ConnectionResetError;

/**
 * Writes a connection's responses through its {@link HttpWriter}: the framing the body needs
 * ({@code Content-Length} for known bytes; chunked for a stream, or close-delimited to an HTTP/1.0
 * client), the {@code Date}, {@code Connection} and {@code X-Request-Id} fields, no body for
 * {@code HEAD}, 1xx, 204 and 304. Loop thread only (the connection's task).
 */
final class ResponseSender {
    /** A body up to this size is copied behind its head (one array); a larger one is queued as it is. */
    static final int ONE_ARRAY_MAX = 8 * 1024;

    private static final HeadersAccess HEADERS = HeadersAccess.get();

    private final HttpConnection connection;
    private final HttpWriter writer = new HttpWriter();
    /**
     * The fields of the response being sent, reused from one response to the next (no copy of the
     * handler's headers per response). Valid only until the response's head is written: nothing keeps
     * a reference past {@link #send}.
     */
    private final Headers fields = new Headers();
    /** The last response must end the connection (close-delimited body, or a failed stream). */
    private boolean mustClose;

    ResponseSender(HttpConnection connection) {
        this.connection = connection;
    }

    boolean mustClose() {
        return mustClose;
    }

    /**
     * Sends {@code response} to {@code request}; returns the body bytes sent.
     *
     * @throws HttpConnection.SendFailed if the client went away or a streamed body failed midway (the
     *     connection must then be dropped)
     */
    long send(Request request, Response response, boolean keepAlive) throws HttpConnection.SendFailed {
        Response.Body body = response.bodyKind();
        // A file's sender adds fields while it reads the file: it gets headers of its own, not the reused ones.
        Headers headers = body instanceof Response.Body.File ? new Headers() : fields;
        fill(headers, response.headers(), request);
        int status = response.status();
        boolean noBody = request.method().equals("HEAD") || status < 200 || status == 204 || status == 304;
        if (body instanceof Response.Body.File(java.nio.file.Path path)) {
            return FileSender.send(this, request, response, path, headers, keepAlive);
        }
        byte[] data = switch (body) {
            case Response.Body.Bytes(byte[] b) -> b;
            case Response.Body.Json(Object value, var codec) -> encode(request, value, codec);
            default -> null;
        };
        if (body instanceof Response.Body.Json && data == null) {
            return sendError500(request, keepAlive);
        }
        if (data != null) {
            if (noBody) {
                if (request.method().equals("HEAD") && status >= 200 && status != 204 && status != 304) {
                    headers.set("Content-Length", Long.toString(data.length));
                }
                write(head(status, response.reason(), headers, keepAlive, request), BodyFraming.NONE, null, 0);
                return 0;
            }
            write(
                    head(status, response.reason(), headers, keepAlive, request),
                    BodyFraming.length(data.length),
                    data,
                    data.length);
            return data.length;
        }
        // a stream
        Response.BodyWriter bodyWriter = ((Response.Body.Stream) body).writer();
        if (noBody) {
            write(head(status, response.reason(), headers, keepAlive, request), BodyFraming.NONE, null, 0);
            return 0;
        }
        BodyFraming framing;
        if (request.version() == HttpVersion.HTTP_1_1) {
            framing = BodyFraming.CHUNKED;
        } else {
            framing = BodyFraming.UNTIL_CLOSE;
            keepAlive = false;
            mustClose = true;
        }
        // the head goes out at once: an SSE client waits for it before the first event
        connection.send(writer.responseHead(head(status, response.reason(), headers, keepAlive, request), framing));
        Stream out = new Stream();
        try {
            bodyWriter.writeTo(out);
            connection.queue(writer.end(null));
            return out.sent;
        } catch (CancelledError e) {
            mustClose = true;
            throw e;
        } catch (Exception | StackOverflowError | AssertionError e) {
            mustClose = true;
            if (!connection.lost()) {
                connection.reportError(
                        "Error streaming the response body of " + request.method() + " " + request.target()
                                + " (request id " + request.id() + "); the connection is dropped",
                        e);
                connection.transport().abort();
            }
            throw new HttpConnection.SendFailed(out.sent, e);
        }
    }

    /**
     * Empties {@code out} and fills it with the handler's fields {@code given} but the ones this sender
     * writes itself (the framing fields, {@code Connection}, {@code Date}), then {@code Date} and, unless
     * the handler set one, {@code X-Request-Id}. Every value was validated when it was set on the
     * response (or is made valid here), so none is checked again.
     */
    private static void fill(Headers out, Headers given, Request request) {
        HEADERS.clear(out);
        boolean hasId = false;
        for (int i = 0, n = given.size(); i < n; i++) {
            String name = given.name(i);
            if (!HttpChars.equalsIgnoreCase(name, "Content-Length")
                    && !HttpChars.equalsIgnoreCase(name, "Transfer-Encoding")
                    && !HttpChars.equalsIgnoreCase(name, "Connection")
                    && !HttpChars.equalsIgnoreCase(name, "Date")) {
                HEADERS.addValidated(out, name, given.value(i));
                hasId |= HttpChars.equalsIgnoreCase(name, "X-Request-Id");
            }
        }
        HEADERS.addValidated(out, "Date", HttpWriter.httpDate(System.currentTimeMillis())); // valid by making
        if (!hasId) {
            // valid: a client's id is used only when it is 1 to 128 visible ASCII characters (RequestIds)
            HEADERS.addValidated(out, "X-Request-Id", request.id());
        }
    }

    private byte[] encode(Request request, Object value, org.jasyncio.http.json.JsonCodec codec) {
        try {
            return (codec != null ? codec : request.app().json()).encode(value);
        } catch (JsonException e) {
            connection.reportError(
                    "Error writing the JSON response of " + request.method() + " " + request.target() + " (request id "
                            + request.id() + ")",
                    e);
            return null;
        }
    }

    private long sendError500(Request request, boolean keepAlive) throws HttpConnection.SendFailed {
        Response r = Response.text("500 Internal Server Error\n\nThe server failed to answer this request (request id "
                        + request.id() + ").\n")
                .status(500);
        return send(request, r, keepAlive);
    }

    private ResponseHead head(int status, String reason, Headers headers, boolean keepAlive, Request request) {
        // the headers come from fill(), which left out any Connection field: appending is setting
        if (!keepAlive) {
            HEADERS.addValidated(headers, "Connection", "close");
        } else if (request.version() == HttpVersion.HTTP_1_0) {
            HEADERS.addValidated(headers, "Connection", "keep-alive");
        }
        return new ResponseHead(status, reason, HttpVersion.HTTP_1_1, headers);
    }

    /** Adds {@code Connection} as {@code keepAlive} says and makes the head. */
    ResponseHead headFor(int status, String reason, Headers headers, boolean keepAlive, Request request) {
        return head(status, reason, headers, keepAlive, request);
    }

    /**
     * Queues a whole response: head, body and end, without copying the body (the connection sends
     * the queue in one gathering write with the rest of its batch).
     */
    void write(ResponseHead head, BodyFraming framing, byte[] data, int length) {
        if (data != null && length <= ONE_ARRAY_MAX && framing instanceof BodyFraming.Length) {
            // a small answer: head and body in one array, so it goes out in one plain write
            connection.queue(writer.response(head, data, 0, length));
            return;
        }
        connection.queue(writer.responseHead(head, framing));
        if (data != null && length > 0) {
            connection.queue(writer.dataHeader(length));
            connection.queue(length == data.length ? data : java.util.Arrays.copyOf(data, length));
        }
        connection.queue(writer.end(null));
    }

    HttpWriter writer() {
        return writer;
    }

    HttpConnection connection() {
        return connection;
    }

    void markMustClose() {
        mustClose = true;
    }

    /**
     * A short error answer that ends the connection (bad request, timeout): {@code status}, a one-line
     * plain-text body, {@code Connection: close}.
     */
    void sendError(int status, String message) {
        if (connection.lost() || connection.transport().isClosing() || writer.state() != HttpWriter.State.IDLE) {
            return;
        }
        byte[] body =
                (status + " " + HttpStatus.reason(status) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        Headers h = Headers.of(
                "Content-Type",
                "text/plain; charset=utf-8",
                "Date",
                HttpWriter.httpDate(System.currentTimeMillis()),
                "Connection",
                "close");
        write(
                new ResponseHead(status, HttpStatus.reason(status), HttpVersion.HTTP_1_1, h),
                BodyFraming.length(body.length),
                body,
                body.length);
        mustClose = true;
    }

    /** The streamed body's sink: each write a chunk, then wait for the socket to take it. */
    private final class Stream implements ResponseStream {
        long sent;

        @Override
        public void write(byte[] data) throws IOException {
            if (connection.lost()) {
                throw new ConnectionResetError("client " + connection.peer() + " disconnected");
            }
            if (data.length == 0) {
                return;
            }
            connection.queue(writer.dataHeader(data.length));
            connection.send(data); // sent or copied by the transport before it returns: the writer may reuse it
            sent += data.length;
            connection.drain();
        }

        @Override
        public void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean isClosing() {
            return connection.lost();
        }
    }
}
