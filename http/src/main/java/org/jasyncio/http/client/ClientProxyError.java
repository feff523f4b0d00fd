package org.jasyncio.http.client;

/**
 * The HTTP proxy refused to open a tunnel (a CONNECT answered with another status than 2xx, e.g.
 * 407 Proxy Authentication Required), or did not answer it properly (aiohttp's
 * {@code ClientHttpProxyError}). {@link #status()} is the proxy's status, 0 when there was none.
 */
public final class ClientProxyError extends ClientConnectionError {
    private static final long serialVersionUID = 1L;
    private final int status;

    /** An error with the proxy's status and a message. */
    public ClientProxyError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The proxy's answer to CONNECT, or 0 if it gave none. */
    public int status() {
        return status;
    }
}
