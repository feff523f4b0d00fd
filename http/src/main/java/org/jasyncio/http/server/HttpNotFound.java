package org.jasyncio.http.server;

import org.jasyncio.http.HttpStatus;

/** 404 Not Found: no such resource (also what the router answers for an unknown path). */
public final class HttpNotFound extends HttpError {
    private static final long serialVersionUID = 1L;

    /** With the reason phrase as message. */
    public HttpNotFound() {
        this(HttpStatus.reason(404));
    }

    /** With {@code message} as the answer's body. */
    public HttpNotFound(String message) {
        super(404, message);
    }
}
