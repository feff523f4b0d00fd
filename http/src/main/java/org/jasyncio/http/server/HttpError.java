package org.jasyncio.http.server;

import java.util.Objects;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpStatus;

/**
 * An HTTP error answer, thrown from a handler or a middleware (aiohttp's {@code HTTPException}, FastAPI's
 * {@code HTTPException}): the server answers with its {@link #status()}, its {@link #headers()} and a
 * short plain-text body (its message), and keeps the connection. The subclasses name the common
 * statuses ({@link HttpNotFound}, {@link HttpBadRequest}, ...); {@code new HttpError(418, "teapot")}
 * covers the rest.
 *
 * <pre>{@code
 * app.get("/items/{id}", request -> {
 *     Item item = items.get(request.pathParam("id", Integer.class));
 *     if (item == null) {
 *         throw new HttpNotFound("no item " + request.pathParam("id"));
 *     }
 *     return item;
 * });
 * }</pre>
 *
 * <p>An {@code HttpError} is an expected outcome, not a bug: it is not logged (an unexpected exception
 * is, and becomes a 500). It carries no stack trace, so throwing one is cheap.
 */
public sealed class HttpError extends RuntimeException
        permits HttpBadRequest,
                HttpUnauthorized,
                HttpForbidden,
                HttpNotFound,
                HttpMethodNotAllowed,
                HttpConflict,
                HttpPayloadTooLarge,
                HttpUnprocessableEntity,
                HttpServiceUnavailable {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Headers headers = new Headers();

    /**
     * An error answer with {@code status} (400..599) and {@code message} as its body; {@code null} or
     * empty message: the status's reason phrase.
     *
     * @throws IllegalArgumentException if {@code status} is not a 4xx or 5xx code
     */
    public HttpError(int status, String message) {
        super(message == null || message.isEmpty() ? HttpStatus.reason(status) : message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpError status " + status + " is not an error: it must be 400..599"
                    + " (return a Response for other statuses)");
        }
        this.status = status;
    }

    /** The status code answered. */
    public final int status() {
        return status;
    }

    /** Headers added to the answer (e.g. {@code Allow}, {@code WWW-Authenticate}); mutable. */
    public final Headers headers() {
        return headers;
    }

    /** Adds a header to the answer and returns this, for {@code throw new HttpUnauthorized().header(...)}. */
    public final HttpError header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /**
     * The answer sent for this error. The default: a plain-text body with the message; {@link
     * HttpUnprocessableEntity} answers JSON.
     */
    Response toResponse(App app) {
        Response r = Response.text(getMessage()).status(status);
        for (Headers.Field f : headers) {
            r.headers().add(f.name(), f.value());
        }
        return r;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + status + " " + Objects.toString(getMessage(), "") + "]";
    }
}
