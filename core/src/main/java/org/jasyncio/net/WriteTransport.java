package org.jasyncio.net;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The write side of a transport (asyncio's {@code WriteTransport}): it buffers writes the channel
 * cannot take yet, telling the protocol to pause when the buffer passes its high-water mark and to
 * resume when it is back at the low one ({@link StreamWriter#drain()} waits for that). A subprocess's
 * input pipe is one; a socket's {@link Transport} has this side and the other.
 */
public interface WriteTransport extends BaseTransport {
    /** Queues {@code data} for sending; never blocks. A write after {@link #close()} or a lost connection is dropped. */
    void write(byte[] data);

    /** Queues {@code len} bytes of {@code data} from {@code off}. */
    default void write(byte[] data, int off, int len) {
        write(Arrays.copyOfRange(data, off, off + len));
    }

    /**
     * Queues the remaining bytes of {@code data} (position to limit) and moves its position to its
     * limit: asyncio's {@code write()} of a {@code memoryview}. The buffer is never kept: what cannot
     * be sent at once is copied, so the caller may reuse it as soon as this returns. The socket
     * transport writes a direct buffer straight to the socket, without the copy into a direct buffer
     * that a {@code byte[]} costs: with a {@link BufferedProtocol} reading into a direct buffer, an
     * echo or a proxy moves bytes without copying them in Java.
     */
    default void write(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        write(copy);
    }

    /**
     * Queues every chunk, in order, as {@link #write(byte[])} of their concatenation would (the
     * socket transport sends them with gathering writes instead of one write each).
     */
    default void writelines(List<byte[]> chunks) {
        for (byte[] c : chunks) {
            write(c);
        }
    }

    /** Closes the writing side after the buffered data is sent (half-close). */
    void writeEof();

    /** Whether {@link #writeEof()} is supported (not for TLS, as in asyncio). */
    boolean canWriteEof();

    /**
     * Sets the write buffer's marks: the protocol is paused above {@code high} and resumed at or below
     * {@code low}. {@code high < 0}: 64 KiB; {@code low < 0}: {@code high / 4}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    void setWriteBufferLimits(int high, int low);

    /** The {low, high} marks of the write buffer. */
    int[] getWriteBufferLimits();

    /**
     * How many bytes are buffered, not yet handed to the operating system; {@link Integer#MAX_VALUE}
     * if 2 GiB or more are (asyncio's is an unbounded Python int).
     */
    int getWriteBufferSize();

    /** Closes at once: buffered data is dropped, {@code connectionLost(null)} is called soon. */
    void abort();
}
