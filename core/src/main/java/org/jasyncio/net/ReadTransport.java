package org.jasyncio.net;

/**
 * The read side of a transport (asyncio's {@code ReadTransport}): it hands what it reads to its
 * protocol, and can be paused while the reader is behind. A subprocess's output pipe is one; a socket's
 * {@link Transport} has this side and the other.
 */
public interface ReadTransport extends BaseTransport {
    /** Stops reading until {@link #resumeReading()}: the protocol gets no data meanwhile. Idempotent. */
    void pauseReading();

    /** Resumes reading after {@link #pauseReading()}. Idempotent. */
    void resumeReading();

    /** Whether the transport is reading (not paused, not closing). */
    boolean isReading();
}
