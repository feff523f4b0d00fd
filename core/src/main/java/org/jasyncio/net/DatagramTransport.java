package org.jasyncio.net;

import java.net.SocketAddress;

/**
 * A datagram endpoint driven by the loop (asyncio's {@code DatagramTransport}). Loop thread only;
 * never blocks: datagrams the socket cannot take at once are queued.
 */
public interface DatagramTransport {
    /**
     * Sends {@code data} (possibly empty) to the connected remote address.
     *
     * @throws IllegalStateException if the endpoint has no remote address
     */
    void sendto(byte[] data);

    /**
     * Sends {@code data} (possibly empty) to {@code addr}.
     *
     * @throws IllegalArgumentException if the endpoint is connected to another address
     */
    void sendto(byte[] data, SocketAddress addr);

    /** Closes after the queued datagrams are sent. Idempotent. */
    void close();

    /** Closes at once, dropping queued datagrams. */
    void abort();

    /** Whether close or abort was called. */
    boolean isClosing();

    /** Bytes queued and not yet sent. */
    int getWriteBufferSize();

    /** {@code "sockname"}, {@code "peername"} (the remote address or {@code null}), {@code "socket"}. */
    Object getExtraInfo(String name);
}
