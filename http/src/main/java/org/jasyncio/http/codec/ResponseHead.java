package org.jasyncio.http.codec;

import java.util.Objects;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpStatus;
import org.jasyncio.http.HttpVersion;

/**
 * The head of a response: status line and header fields. The server gives it to
 * {@link HttpWriter#responseHead}; a response parser gives it as an event.
 *
 * @param status  the status code (100..999)
 * @param reason  the reason phrase (may be empty; clients ignore it)
 * @param version HTTP/1.0 or HTTP/1.1
 * @param headers the header fields
 */
public record ResponseHead(int status, String reason, HttpVersion version, Headers headers) implements HttpEvent.Head {

    /** Checks that no component is null and that the status has three digits. */
    public ResponseHead {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("ResponseHead.status must have three digits, got " + status);
        }
        Objects.requireNonNull(reason, "ResponseHead.reason");
        Objects.requireNonNull(version, "ResponseHead.version");
        Objects.requireNonNull(headers, "ResponseHead.headers");
    }

    /** An HTTP/1.1 response head with the standard reason phrase. */
    public static ResponseHead of(int status, Headers headers) {
        return new ResponseHead(status, HttpStatus.reason(status), HttpVersion.HTTP_1_1, headers);
    }

    /**
     * Whether the connection stays open after this response to a GET-like request: by version and
     * Connection field, and never when the body is delimited by the close.
     */
    public boolean keepAlive() {
        return keepAlive("GET");
    }

    /** Whether the connection stays open after this response to a {@code requestMethod} request. */
    public boolean keepAlive(String requestMethod) {
        return Framing.persistent(version, headers) && !(framing(requestMethod) instanceof BodyFraming.UntilClose);
    }

    /**
     * How the body of this response to a {@code requestMethod} request is delimited (RFC 9112 6.3):
     * none for HEAD, 1xx, 204, 304 and a successful CONNECT; else chunked, Content-Length or until close.
     *
     * @throws HttpParseException when the framing fields are invalid or contradict each other
     */
    public BodyFraming framing(String requestMethod) {
        if (Framing.bodyless(requestMethod, status)) {
            return BodyFraming.NONE;
        }
        return Framing.of(version, headers, false, 502, -1);
    }
}
