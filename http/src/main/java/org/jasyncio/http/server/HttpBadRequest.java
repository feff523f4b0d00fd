package org.jasyncio.http.server;

import org.jasyncio.http.HttpStatus;

/** 400 Bad Request: the request is malformed (a bad parameter, an unreadable body). */
public final class HttpBadRequest extends HttpError {
    private static final long serialVersionUID = 1L;

    /** With the reason phrase as message. */
    public HttpBadRequest() {
        this(HttpStatus.reason(400));
    }

    /** With {@code message} as the answer's body. */
    public HttpBadRequest(String message) {
        super(400, message);
    }
}
