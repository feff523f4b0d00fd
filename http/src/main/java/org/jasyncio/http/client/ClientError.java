package org.jasyncio.http.client;

import java.io.IOException;

/**
 * The base of every error the HTTP client raises for a request that could not be made or answered
 * (aiohttp's {@code ClientError}). An {@link IOException}, so {@code catch (IOException e)} sees it.
 *
 * <p>Timeouts are not {@code ClientError}s: they are {@link ClientTimeoutError}s, which extend the
 * core's {@link org.jasyncio.TimeoutError} (a cancellation, docs/design.md rule 4) and so are never eaten by a
 * {@code catch (Exception e)} written for network failures.
 */
public class ClientError extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public ClientError(String message) {
        super(message);
    }

    /** An error with a message and its cause. */
    public ClientError(String message, Throwable cause) {
        super(message, cause);
    }
}
