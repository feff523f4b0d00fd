package org.jasyncio.http.server;

import org.jasyncio.http.HttpStatus;

/** 409 Conflict: the request conflicts with the resource's state (e.g. it already exists). */
public final class HttpConflict extends HttpError {
    private static final long serialVersionUID = 1L;

    /** With the reason phrase as message. */
    public HttpConflict() {
        this(HttpStatus.reason(409));
    }

    /** With {@code message} as the answer's body. */
    public HttpConflict(String message) {
        super(409, message);
    }
}
