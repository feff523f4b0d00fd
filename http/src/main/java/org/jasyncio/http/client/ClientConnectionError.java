package org.jasyncio.http.client;

/**
 * The connection to the server failed: refused, reset, closed before the response head came, or the
 * name did not resolve (aiohttp's {@code ClientConnectionError} and {@code ClientConnectorError}).
 * The operating system's exception, if any, is the cause.
 */
public class ClientConnectionError extends ClientError {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public ClientConnectionError(String message) {
        super(message);
    }

    /** An error with a message and its cause. */
    public ClientConnectionError(String message, Throwable cause) {
        super(message, cause);
    }
}
