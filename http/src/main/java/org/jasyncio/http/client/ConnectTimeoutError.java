package org.jasyncio.http.client;

import java.net.URI;
import java.time.Duration;

/**
 * The {@link ClientTimeout#connect() connect} or {@link ClientTimeout#sockConnect() sockConnect}
 * timeout fired during the TCP connect or the TLS handshake to the server (aiohttp's
 * {@code ConnectionTimeoutError}). {@link #which()} says which of the two.
 */
public final class ConnectTimeoutError extends ClientTimeoutError {
    private static final long serialVersionUID = 1L;
    private final String which;

    ConnectTimeoutError(URI url, String which, Duration limit, String origin) {
        super(
                which + " timeout of " + seconds(limit) + " fired for " + url + " while connecting to " + origin
                        + " (TCP connect and TLS handshake)",
                url,
                limit);
        this.which = which;
    }

    /** {@code "connect"} or {@code "sockConnect"}: the field of {@link ClientTimeout} that fired. */
    public String which() {
        return which;
    }
}
