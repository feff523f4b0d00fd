package org.jasyncio.net;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * What a datagram endpoint hears from its transport (asyncio's {@code DatagramProtocol}). Called on the
 * loop thread, by the loop.
 */
public interface DatagramProtocol {
    /** The endpoint is ready; {@code transport} sends datagrams. */
    default void connectionMade(DatagramTransport transport) {}

    /** A datagram arrived from {@code addr}; {@code data} may be empty (zero-length datagrams are allowed). */
    default void datagramReceived(byte[] data, SocketAddress addr) {}

    /**
     * A send or receive failed without closing the endpoint, e.g. an ICMP "port unreachable" on a
     * connected endpoint ({@link java.net.PortUnreachableException}).
     */
    default void errorReceived(IOException exc) {}

    /** The endpoint is closed; {@code exc} is {@code null} for a regular close. */
    default void connectionLost(Exception exc) {}

    /** The send buffer went over its high-water mark. */
    default void pauseWriting() {}

    /** The send buffer drained to its low-water mark. */
    default void resumeWriting() {}
}
