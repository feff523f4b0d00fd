package org.jasyncio.http.client;

import java.net.URI;
import java.time.Duration;
import org.jasyncio.TimeoutError;

/**
 * One of the {@link ClientTimeout} limits fired. The subclass says which one ({@link PoolTimeoutError},
 * {@link ConnectTimeoutError}, {@link ReadTimeoutError}, {@link TotalTimeoutError}); the message
 * names it, its value and the URL. A {@link TimeoutError}, hence a cancellation of the request (docs/design.md
 * rule 4): it propagates through {@code catch (Exception e)} and through {@code catch (ClientError e)}.
 */
public abstract sealed class ClientTimeoutError extends TimeoutError
        permits PoolTimeoutError, ConnectTimeoutError, ReadTimeoutError, TotalTimeoutError {
    private static final long serialVersionUID = 1L;
    private final URI url;
    private final Duration limit;

    ClientTimeoutError(String message, URI url, Duration limit) {
        super(message);
        this.url = url;
        this.limit = limit;
    }

    /** The URL whose request timed out. */
    public URI url() {
        return url;
    }

    /** The limit that fired. */
    public Duration limit() {
        return limit;
    }

    static String seconds(Duration d) {
        return d.toNanos() % 1_000_000_000L == 0 ? d.toSeconds() + " s" : (d.toNanos() / 1e9) + " s";
    }
}
