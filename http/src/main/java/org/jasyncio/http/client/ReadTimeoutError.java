package org.jasyncio.http.client;

import java.net.URI;
import java.time.Duration;

/**
 * The {@link ClientTimeout#read() read} timeout fired: the server sent nothing for that long while the
 * client waited for the response head or the next bytes of the body (aiohttp's
 * {@code SocketTimeoutError}). The connection is closed, never returned to the pool.
 */
public final class ReadTimeoutError extends ClientTimeoutError {
    private static final long serialVersionUID = 1L;

    ReadTimeoutError(URI url, Duration limit, String during) {
        super("read timeout of " + seconds(limit) + " fired for " + url + " while reading " + during, url, limit);
    }
}
