package org.jasyncio.redis;

/**
 * The connection to Redis failed or was lost: the command's reply will never come. Whether the
 * server ran the command is unknown, as with any network failure. The client opens a new connection
 * (with backoff) for the next command.
 */
public final class RedisConnectionError extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    /** An error saying what failed; {@code cause} is the network error, or {@code null}. */
    public RedisConnectionError(String message, Throwable cause) {
        super(message, cause);
    }
}
