package org.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * A stream protocol that lends the transport its own buffer to read into: no copy between the socket
 * and the protocol (asyncio's {@code BufferedProtocol}).
 */
public interface BufferedProtocol extends BaseProtocol {
    /**
     * A buffer with room for the next read: the transport reads into its position..limit.
     *
     * @param sizeHint a recommended minimum size, or {@code -1} for any
     * @return a buffer with at least one byte remaining
     */
    ByteBuffer getBuffer(int sizeHint);

    /** {@code nbytes} were read into the buffer returned by the last {@link #getBuffer}, from its position on. */
    void bufferUpdated(int nbytes);

    /** The peer closed its writing side; {@code true} keeps the connection open for writing. */
    default boolean eofReceived() {
        return false;
    }
}
