package org.jasyncio.net;

/**
 * A bidirectional byte stream driven by the loop (asyncio's {@code Transport}): both a
 * {@link ReadTransport}, which reads when the loop says the channel is readable and hands the bytes
 * to its protocol, and a {@link WriteTransport}, which buffers writes the channel cannot take yet,
 * telling the protocol to pause when the buffer passes its high-water mark.
 *
 * <p>Threading: every method MUST be called on the loop thread (or in one of its tasks). No method
 * blocks or suspends; errors of the connection are reported to the protocol's
 * {@link BaseProtocol#connectionLost}, not thrown from {@link #write}.
 */
public interface Transport extends ReadTransport, WriteTransport {}
