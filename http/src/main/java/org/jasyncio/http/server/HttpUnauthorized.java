package org.jasyncio.http.server;

import org.jasyncio.http.HttpStatus;

/** 401 Unauthorized: credentials are missing or wrong; add a {@code WWW-Authenticate} header with {@link #header}. */
public final class HttpUnauthorized extends HttpError {
    private static final long serialVersionUID = 1L;

    /** With the reason phrase as message. */
    public HttpUnauthorized() {
        this(HttpStatus.reason(401));
    }

    /** With {@code message} as the answer's body. */
    public HttpUnauthorized(String message) {
        super(401, message);
    }
}
