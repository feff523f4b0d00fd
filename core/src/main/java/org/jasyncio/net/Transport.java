package org.jasyncio.net;

import java.util.List;

/**
 * A bidirectional byte stream driven by the loop (asyncio's {@code Transport}): it reads when the loop
 * says the channel is readable and hands the bytes to its protocol, and it buffers writes the channel
 * cannot take yet, telling the protocol to pause when the buffer passes its high-water mark.
 *
 * <p>Threading: every method MUST be called on the loop thread (or in one of its tasks). No method
 * blocks or suspends; errors of the connection are reported to the protocol's
 * {@link BaseProtocol#connectionLost}, not thrown from {@link #write}.
 */
public interface Transport {
    /** Queues {@code data} for sending; never blocks. A write after {@link #close()} or a lost connection is dropped. */
    void write(byte[] data);

    /** Queues {@code len} bytes of {@code data} from {@code off}. */
    default void write(byte[] data, int off, int len) {
        write(java.util.Arrays.copyOfRange(data, off, off + len));
    }

    /**
     * Queues the remaining bytes of {@code data} (position to limit) and moves its position to its
     * limit: asyncio's {@code write()} of a {@code memoryview}. The buffer is never kept: what cannot
     * be sent at once is copied, so the caller may reuse it as soon as this returns. The socket
     * transport writes a direct buffer straight to the socket, without the copy into a direct buffer
     * that a {@code byte[]} costs: with a {@link BufferedProtocol} reading into a direct buffer, an
     * echo or a proxy moves bytes without copying them in Java.
     */
    default void write(java.nio.ByteBuffer data) {
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

    /** Stops reading until {@link #resumeReading()}: the protocol gets no data meanwhile. Idempotent. */
    void pauseReading();

    /** Resumes reading after {@link #pauseReading()}. Idempotent. */
    void resumeReading();

    /** Whether the transport is reading (not paused, not closing). */
    boolean isReading();

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

    /** Closes after the buffered data is sent; the protocol's {@code connectionLost(null)} is called then. Idempotent. */
    void close();

    /** Whether {@link #close()} or {@link #abort()} was called, or the connection was lost. */
    boolean isClosing();

    /**
     * Information about the connection: {@code "peername"} and {@code "sockname"} ({@code SocketAddress}),
     * {@code "socket"} (the channel), and over TLS {@code "sslcontext"}, {@code "ssl_object"} (the
     * {@code SSLEngine}), {@code "peercert"}, {@code "cipher"}, {@code "alpn_protocol"}. {@code null} if unknown.
     */
    Object getExtraInfo(String name);

    /** The protocol receiving this transport's events. */
    BaseProtocol getProtocol();

    /** Hands this transport's events to another protocol from now on (used by {@code startTls}). */
    void setProtocol(BaseProtocol protocol);
}
