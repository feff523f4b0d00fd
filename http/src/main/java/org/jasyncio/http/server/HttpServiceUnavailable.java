package org.jasyncio.http.server;

import org.jasyncio.http.HttpStatus;

/** 503 Service Unavailable: overloaded, shutting down, or the route's handler timeout expired. */
public final class HttpServiceUnavailable extends HttpError {
    private static final long serialVersionUID = 1L;

    /** With the reason phrase as message. */
    public HttpServiceUnavailable() {
        this(HttpStatus.reason(503));
    }

    /** With {@code message} as the answer's body. */
    public HttpServiceUnavailable(String message) {
        super(503, message);
    }
}
