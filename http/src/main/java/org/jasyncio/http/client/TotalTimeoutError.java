package org.jasyncio.http.client;

import java.net.URI;
import java.time.Duration;

/**
 * The {@link ClientTimeout#total() total} timeout fired: the whole request, from the pool wait to the
 * last byte of the body, took longer. Reading a body after the deadline raises it too.
 */
public final class TotalTimeoutError extends ClientTimeoutError {
    private static final long serialVersionUID = 1L;

    TotalTimeoutError(URI url, Duration limit, String during) {
        super("total timeout of " + seconds(limit) + " fired for " + url + " while " + during, url, limit);
    }
}
