package org.jasyncio.net;

/**
 * A stream protocol that receives data as byte arrays (asyncio's {@code Protocol}).
 *
 * <pre>{@code
 * class Echo implements Protocol {
 *     Transport t;
 *     public void connectionMade(Transport t) { this.t = t; }
 *     public void dataReceived(byte[] data) { t.write(data); }
 * }
 * Server s = loop.createServer(Echo::new, "127.0.0.1", 0);
 * }</pre>
 */
public interface Protocol extends BaseProtocol {
    /** Bytes arrived; the array is the protocol's to keep. */
    default void dataReceived(byte[] data) {}

    /**
     * The peer closed its writing side (half-close). Return {@code true} to keep the connection open
     * for writing (the protocol closes it later), {@code false} to let the transport close it.
     */
    default boolean eofReceived() {
        return false;
    }
}
