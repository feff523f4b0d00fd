package org.jasyncio.net;

/**
 * What every transport has, whichever way its bytes go (asyncio's {@code BaseTransport}): closing,
 * the information about the connection, and the protocol it reports to. {@link ReadTransport} and
 * {@link WriteTransport} add a side each; {@link Transport} has both.
 *
 * <p>Threading: every method MUST be called on the loop thread (or in one of its tasks). No method
 * blocks or suspends; errors of the connection are reported to the protocol's
 * {@link BaseProtocol#connectionLost}, not thrown.
 */
public interface BaseTransport {
    /** Closes after the buffered data is sent; the protocol's {@code connectionLost(null)} is called then. Idempotent. */
    void close();

    /** Whether {@link #close()} (or an abort) was called, or the connection was lost. */
    boolean isClosing();

    /**
     * Information about the connection: {@code "peername"} and {@code "sockname"} ({@code SocketAddress}),
     * {@code "socket"} (the channel), and over TLS {@code "sslcontext"}, {@code "ssl_object"} (the
     * {@code SSLEngine}), {@code "peercert"}, {@code "cipher"}, {@code "alpn_protocol"}; for a
     * subprocess pipe {@code "pipe"} (its stream). {@code null} if unknown.
     */
    Object getExtraInfo(String name);

    /** The protocol receiving this transport's events. */
    BaseProtocol getProtocol();

    /** Hands this transport's events to another protocol from now on (used by {@code startTls}). */
    void setProtocol(BaseProtocol protocol);
}
