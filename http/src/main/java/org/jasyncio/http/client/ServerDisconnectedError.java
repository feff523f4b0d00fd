package org.jasyncio.http.client;

/**
 * The server closed the connection before it sent a complete response head (aiohttp's
 * {@code ServerDisconnectedError}). A request on a pooled keep-alive connection that meets this is
 * retried once on a fresh connection when its method is idempotent; this error is what remains when
 * the fresh one fails too, or when the method is not idempotent.
 */
public final class ServerDisconnectedError extends ClientConnectionError {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public ServerDisconnectedError(String message) {
        super(message);
    }

    /** An error with a message and its cause. */
    public ServerDisconnectedError(String message, Throwable cause) {
        super(message, cause);
    }
}
