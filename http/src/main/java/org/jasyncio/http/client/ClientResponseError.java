package org.jasyncio.http.client;

import java.net.URI;
import org.jasyncio.http.Headers;

/**
 * A response the caller asked to treat as an error: {@link ClientResponse#raiseForStatus()} on a status
 * of 400 or more (aiohttp's {@code ClientResponseError}), or too many redirects
 * ({@link TooManyRedirects}). Carries the status, the reason, the request's method and URL and the
 * response headers.
 */
public class ClientResponseError extends ClientError {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String method;
    private final URI url;
    private final transient Headers headers;

    /** An error for the response with {@code status} to {@code method url}. */
    public ClientResponseError(int status, String reason, String method, URI url, Headers headers) {
        this(status + " " + reason + " for " + method + " " + url, status, method, url, headers);
    }

    /** An error with its own message. */
    protected ClientResponseError(String message, int status, String method, URI url, Headers headers) {
        super(message);
        this.status = status;
        this.method = method;
        this.url = url;
        this.headers = headers == null ? new Headers() : headers.copy();
    }

    /** The response status. */
    public int status() {
        return status;
    }

    /** The request method. */
    public String method() {
        return method;
    }

    /** The URL requested (for redirects: the last one). */
    public URI url() {
        return url;
    }

    /** A copy of the response headers. */
    public Headers headers() {
        return headers.copy();
    }
}
