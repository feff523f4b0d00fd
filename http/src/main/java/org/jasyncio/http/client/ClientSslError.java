package org.jasyncio.http.client;

/**
 * The TLS handshake with the server failed: the certificate is not trusted, expired, or not for the
 * host name asked for (aiohttp's {@code ClientConnectorCertificateError} and {@code ClientSSLError}).
 * The message says what was wrong with the certificate in words; the JDK's
 * {@link javax.net.ssl.SSLException} is the cause.
 */
public final class ClientSslError extends ClientConnectionError {
    private static final long serialVersionUID = 1L;

    /** An error with a message and the JDK's exception. */
    public ClientSslError(String message, Throwable cause) {
        super(message, cause);
    }
}
