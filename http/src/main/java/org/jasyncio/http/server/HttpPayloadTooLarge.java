package org.jasyncio.http.server;

import org.jasyncio.http.HttpStatus;

/** 413 Content Too Large: the body is over the route's size limit (aiohttp's {@code HTTPRequestEntityTooLarge}). */
public final class HttpPayloadTooLarge extends HttpError {
    private static final long serialVersionUID = 1L;

    /** With the reason phrase as message. */
    public HttpPayloadTooLarge() {
        this(HttpStatus.reason(413));
    }

    /** With {@code message} as the answer's body. */
    public HttpPayloadTooLarge(String message) {
        super(413, message);
    }
}
