package org.jasyncio.http.client;

import java.io.IOException;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.http.json.JsonCodec;

/**
 * The answer to a request (aiohttp's {@code ClientResponse}): status and headers at once, the body on
 * demand, read whole ({@link #bytes()}, {@link #text()}, {@link #json(Class)}) or streamed
 * ({@link #content()}).
 *
 * <pre>{@code
 * try (ClientResponse resp = session.get("https://example.org/items")) {
 *     resp.raiseForStatus();
 *     List<Item> items = resp.json(new TypeRef<List<Item>>() {}.type());
 * }
 * }</pre>
 *
 * <p>The response holds a pooled connection until its body is read to the end, which gives the
 * connection back for reuse; {@link #close()} before that closes the connection instead. A response
 * dropped without either is reported once through the loop's exception handler, with the line that
 * made the request, and its connection closed (aiohttp's "Unclosed response"). Loop thread only.
 */
public final class ClientResponse implements AutoCloseable {
    /**
     * <pre>
     * OPEN --body read to its end--> COMPLETE --close()--> CLOSED
     * OPEN --close()---------------> CLOSED   (the connection is closed, not reused)
     * </pre>
     */
    public enum State {
        OPEN,
        COMPLETE,
        CLOSED
    }

    private final ClientSession session;
    private final String method;
    private final URI url;
    private final int status;
    private final String reason;
    private final HttpVersion version;
    private final Headers headers;
    private final BodyReader raw;
    private final ResponseLease lease;
    private final ResponseContent content;
    private List<ClientResponse> history = List.of();
    private byte[] body;
    private boolean closed;

    ClientResponse(
            ClientSession session,
            String method,
            URI url,
            int status,
            String reason,
            HttpVersion version,
            Headers headers,
            BodyReader raw,
            ResponseLease lease,
            boolean decompress) {
        this.session = session;
        this.method = method;
        this.url = url;
        this.status = status;
        this.reason = reason;
        this.version = version;
        this.headers = headers;
        this.raw = raw;
        this.lease = lease;
        String encoding = decompress ? headers.get("Content-Encoding") : null;
        this.content =
                new ResponseContent(encoding == null ? raw : ContentDecoder.over(raw, encoding, method + " " + url));
    }

    void history(List<ClientResponse> h) {
        this.history = List.copyOf(h);
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The reason phrase the server sent (may be empty). */
    public String reason() {
        return reason;
    }

    /** The server's HTTP version. */
    public HttpVersion version() {
        return version;
    }

    /** The response headers (do not change them). */
    public Headers headers() {
        return headers;
    }

    /** The URL this response came from: after redirects, the last one. */
    public URI url() {
        return url;
    }

    /** The request method (after a redirect that rewrote it, the new one). */
    public String method() {
        return method;
    }

    /** The redirect responses that led here, oldest first (their bodies were discarded). */
    public List<ClientResponse> history() {
        return history;
    }

    /** Whether the status is below 400 (aiohttp's {@code ok}). */
    public boolean ok() {
        return status < 400;
    }

    /** The {@code Content-Type} media type without parameters, lower case, or {@code null}. */
    public String contentType() {
        String ct = headers.get("Content-Type");
        if (ct == null) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The {@code charset} parameter of {@code Content-Type}, or {@code null}. */
    public Charset charset() {
        String ct = headers.get("Content-Type");
        if (ct == null) {
            return null;
        }
        for (String p : ct.split(";")) {
            String t = p.trim();
            if (t.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = t.substring(8).replace("\"", "").trim();
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The state, as drawn on {@link State}. */
    public State state() {
        if (closed) {
            return State.CLOSED;
        }
        return raw.state() == BodyReader.State.DONE ? State.COMPLETE : State.OPEN;
    }

    /** The body as a stream, for reading it bit by bit. */
    public ResponseContent content() {
        checkNotClosed("content()");
        return content;
    }

    /**
     * The whole body (decoded from gzip/deflate); read once and kept, so a second call returns it
     * again. Gives the connection back to the pool.
     */
    public byte[] bytes() throws IOException {
        if (body == null) {
            checkNotClosed("bytes()");
            if (content.bytesRead() > 0) {
                throw new IllegalStateException(this + ": bytes() after content() was partly read ("
                        + content.bytesRead() + " bytes): the start of the body is gone");
            }
            body = content.readAll();
        }
        return body;
    }

    /** The body as text, in the charset of {@code Content-Type}, else UTF-8. */
    public String text() throws IOException {
        Charset cs = charset();
        return text(cs == null ? StandardCharsets.UTF_8 : cs);
    }

    /** The body as text in {@code charset}. */
    public String text(Charset charset) throws IOException {
        return new String(bytes(), charset);
    }

    /** The body as JSON, read as {@code type} by the session's JSON codec. */
    public <T> T json(Class<T> type) throws IOException {
        return json((Type) type);
    }

    /** The body as JSON, read as the generic {@code type} (e.g. {@code new TypeRef<List<Item>>() {}.type()}). */
    public <T> T json(Type type) throws IOException {
        JsonCodec codec = session.jsonCodec();
        return codec.decode(bytes(), type);
    }

    /**
     * Throws a {@link ClientResponseError} if the status is 400 or more, closing the response first
     * (aiohttp's {@code raise_for_status()}); returns this response otherwise.
     */
    public ClientResponse raiseForStatus() throws ClientResponseError {
        if (status >= 400) {
            close();
            throw new ClientResponseError(status, reason, method, url, headers);
        }
        return this;
    }

    /** Reads and drops the rest of a small body so the connection is reused; closes it if large. */
    void discard(long maxBytes) {
        try {
            long n = 0;
            while (n <= maxBytes) {
                byte[] b = raw.next();
                if (b == null) {
                    break;
                }
                n += b.length;
            }
        } catch (IOException e) {
            // the connection is already closed by the failure; a redirect's body does not matter
        }
        close();
    }

    /**
     * Ends the response: a body not read to its end makes the connection close instead of going back
     * to the pool. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        raw.abandon(); // no-op when the body is complete
        lease.release(false);
    }

    private void checkNotClosed(String call) {
        if (closed) {
            throw new IllegalStateException(this + " is closed: " + call + " must be called before close()");
        }
    }

    @Override
    public String toString() {
        return "<ClientResponse " + status + (reason.isEmpty() ? "" : " " + reason) + " " + method + " " + url + " "
                + state().name().toLowerCase(Locale.ROOT) + ">";
    }
}
