package org.jasyncio.internal.net;

import org.jasyncio.net.WriteTransport;

/**
 * The write side of a transport that buffers in a {@link WriteBuffer} (asyncio's
 * {@code _FlowControlMixin}): the marks, the buffered size and the closing state are the buffer's,
 * written here once for the socket, the subprocess pipe and the in-memory transports. The buffer
 * itself does the rest that every write side needs: the chunks not yet sent, pausing and resuming
 * the protocol at the marks, and the closing state.
 */
public interface WriteSide extends WriteTransport {
    /** The transport's write buffer. Loop thread only. */
    WriteBuffer<?> writeBuffer();

    @Override
    default void setWriteBufferLimits(int high, int low) {
        writeBuffer().setLimits(high, low);
    }

    @Override
    default int[] getWriteBufferLimits() {
        return writeBuffer().limits();
    }

    @Override
    default int getWriteBufferSize() {
        return writeBuffer().size();
    }

    @Override
    default boolean isClosing() {
        return writeBuffer().isClosing();
    }
}
