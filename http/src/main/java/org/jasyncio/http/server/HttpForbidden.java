package org.jasyncio.http.server;

import org.jasyncio.http.HttpStatus;

/** 403 Forbidden: the client is known but may not do this. */
public final class HttpForbidden extends HttpError {
    private static final long serialVersionUID = 1L;

    /** With the reason phrase as message. */
    public HttpForbidden() {
        this(HttpStatus.reason(403));
    }

    /** With {@code message} as the answer's body. */
    public HttpForbidden(String message) {
        super(403, message);
    }
}
