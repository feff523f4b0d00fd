package org.jasyncio.net;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How to speak TLS on a connection (asyncio's {@code ssl=}, {@code server_hostname=},
 * {@code ssl_handshake_timeout=}, {@code ssl_shutdown_timeout=} arguments), on the JDK's
 * {@link javax.net.ssl.SSLEngine}: no extra dependency.
 *
 * <pre>{@code
 * var conn = Streams.openConnection("example.org", 443, TlsOptions.client());
 * var server = Streams.startServer(handler, "127.0.0.1", 0, TlsOptions.server(serverContext));
 * }</pre>
 *
 * <p>Certificate and host-name verification are on by default for clients; {@link #insecure()} turns
 * both off, and says so in its name.
 *
 * @param context the SSL context (keys, trust), e.g. {@code SSLContext.getDefault()}
 * @param serverName the name sent as SNI and checked against the server's certificate; {@code null}:
 *     the host connected to
 * @param alpn the application protocols to offer (client) or accept (server), in preference order
 * @param verify whether a client checks the host name against the certificate (the certificate chain
 *     itself is checked by the context's trust managers)
 * @param handshakeTimeout how long the handshake may take (asyncio's default: 60 s)
 * @param shutdownTimeout how long a close waits for the peer's close_notify (asyncio's default: 30 s);
 *     past it the connection is aborted and {@link StreamWriter#waitClosed()} (and reads) throw a
 *     {@link java.net.SocketTimeoutException} "SSL shutdown timed out" (asyncio's {@code TimeoutError})
 */
public record TlsOptions(
        SSLContext context,
        String serverName,
        List<String> alpn,
        boolean verify,
        Duration handshakeTimeout,
        Duration shutdownTimeout) {
    /** asyncio's {@code SSL_HANDSHAKE_TIMEOUT}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
    /** asyncio's {@code SSL_SHUTDOWN_TIMEOUT}. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** Checks and copies the arguments. */
    public TlsOptions {
        Objects.requireNonNull(context, "context");
        alpn = alpn == null ? List.of() : List.copyOf(alpn);
        handshakeTimeout = handshakeTimeout == null ? DEFAULT_HANDSHAKE_TIMEOUT : handshakeTimeout;
        shutdownTimeout = shutdownTimeout == null ? DEFAULT_SHUTDOWN_TIMEOUT : shutdownTimeout;
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, got " + handshakeTimeout);
        }
    }

    /** Client options on the JVM's default context: the system's trusted roots, host name checked. */
    public static TlsOptions client() {
        try {
            return client(SSLContext.getDefault());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no default SSLContext", e);
        }
    }

    /** Client options on {@code context}, host name checked. */
    public static TlsOptions client(SSLContext context) {
        return new TlsOptions(context, null, List.of(), true, null, null);
    }

    /** Server options on {@code context}, which must hold the server's key and certificate. */
    public static TlsOptions server(SSLContext context) {
        return new TlsOptions(context, null, List.of(), true, null, null);
    }

    /**
     * Client options that trust any certificate and skip the host-name check: for tests and
     * debugging only, never production (as Python's {@code CERT_NONE} with {@code check_hostname=False}).
     */
    public static TlsOptions insecure() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    null);
            return new TlsOptions(ctx, null, List.of(), false, null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an insecure TLS context", e);
        }
    }

    /** These options with {@code name} as SNI and expected certificate name. */
    public TlsOptions withServerName(String name) {
        return new TlsOptions(context, name, alpn, verify, handshakeTimeout, shutdownTimeout);
    }

    /** These options offering (or accepting) {@code protocols} through ALPN. */
    public TlsOptions withAlpn(String... protocols) {
        return new TlsOptions(context, serverName, List.of(protocols), verify, handshakeTimeout, shutdownTimeout);
    }

    /** These options with the host-name check on or off. */
    public TlsOptions withVerify(boolean on) {
        return new TlsOptions(context, serverName, alpn, on, handshakeTimeout, shutdownTimeout);
    }

    /** These options with a handshake timeout. */
    public TlsOptions withHandshakeTimeout(Duration timeout) {
        return new TlsOptions(context, serverName, alpn, verify, timeout, shutdownTimeout);
    }

    /** These options with a shutdown timeout. */
    public TlsOptions withShutdownTimeout(Duration timeout) {
        return new TlsOptions(context, serverName, alpn, verify, handshakeTimeout, timeout);
    }

    /** These options with {@code host} as server name unless one is set. */
    TlsOptions withDefaultServerName(String host) {
        return serverName != null ? this : withServerName(host);
    }
}
