package org.jasyncio.http.client;

import java.net.URI;
import java.time.Duration;

/**
 * The {@link ClientTimeout#connect() connect} timeout fired while the request waited for a free
 * connection in the pool (every slot of the total or per-host limit in use): no TCP connection was
 * attempted. The message says how many connections were in use, and by which requests when they are
 * held by responses nobody read or closed (the usual cause of an exhausted pool).
 */
public final class PoolTimeoutError extends ClientTimeoutError {
    private static final long serialVersionUID = 1L;

    PoolTimeoutError(URI url, Duration limit, String poolState) {
        super(
                "connect timeout of " + seconds(limit) + " fired for " + url
                        + " while waiting for a free connection in the pool: " + poolState,
                url,
                limit);
    }
}
