package org.jasyncio.http.client;

import java.io.IOException;
import org.jasyncio.net.Connection;
import org.jasyncio.net.TlsOptions;

/**
 * Opens the byte stream a pooled HTTP connection runs on (aiohttp's connector, reduced to its one
 * job). The default, {@link #tcp()}, opens a TCP connection with TLS for {@code https}, a DNS cache
 * and Happy Eyeballs ({@link TcpDialer}). Another dialer can reach a server through a Unix socket, or through an
 * in-memory stream pair in a test, on the virtual clock.
 *
 * <pre>{@code
 * var session = ClientSession.builder()
 *         .dialer((host, port, tls) -> Streams.openUnixConnection(Path.of("/run/app.sock")))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface Dialer {
    /**
     * Opens a connection to {@code host:port}; suspends. Errors are {@link IOException}s; the session
     * turns them into {@link ClientConnectionError} or {@link ClientSslError}.
     *
     * @param tls TLS options for an {@code https} origin (server name set to the host), else {@code null}
     */
    Connection dial(String host, int port, TlsOptions tls) throws IOException;

    /** TCP (TLS when asked) with a DNS cache and Happy Eyeballs: {@link TcpDialer#defaults()}. */
    static Dialer tcp() {
        return TcpDialer.defaults();
    }
}
