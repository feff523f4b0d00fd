package org.jasyncio.testing;

import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.net.Connection;
import org.jasyncio.net.StreamReader;
import org.jasyncio.net.StreamReaderProtocol;
import org.jasyncio.net.StreamWriter;

/**
 * In-memory stream pairs (Trio's {@code memory_stream_pair}): two {@link Connection}s wired to each
 * other with no socket, for testing stream code fast and deterministically, on the virtual clock too.
 *
 * <pre>{@code
 * StreamPair p = MemoryStreams.pair();
 * p.left().writer().write("ping\n".getBytes());
 * byte[] line = p.right().reader().readline();
 * }</pre>
 *
 * <p>Bytes written on one side reach the other in a later loop iteration; EOF, close, abort (seen as a
 * {@link org.jasyncio.net.ConnectionResetError} by the peer) and flow control behave as over a socket
 * with no kernel buffer: a writer whose peer does not read is paused past the 64 KiB high-water mark.
 */
public final class MemoryStreams {
    private MemoryStreams() {}

    /**
     * Two connected stream ends.
     *
     * @param left one end
     * @param right the other end
     */
    public record StreamPair(Connection left, Connection right) {}

    /** A connected pair with the default reader limit. Call inside a task. */
    public static StreamPair pair() {
        return pair(StreamReader.DEFAULT_LIMIT);
    }

    /** A connected pair whose readers have {@code limit}. Call inside a task. */
    public static StreamPair pair(int limit) {
        EventLoop loop = Asyncio.getRunningLoop();
        StreamReader ra = new StreamReader(limit);
        StreamReader rb = new StreamReader(limit);
        StreamReaderProtocol pa = new StreamReaderProtocol(loop, ra);
        StreamReaderProtocol pb = new StreamReaderProtocol(loop, rb);
        MemoryTransport ta = new MemoryTransport(loop, "memory-left", pa);
        MemoryTransport tb = new MemoryTransport(loop, "memory-right", pb);
        // connectionMade must run before either side reads: the transports call it first thing.
        pa.connectionMade(ta);
        pb.connectionMade(tb);
        MemoryTransport.link(ta, tb);
        return new StreamPair(
                new Connection(ra, new StreamWriter(ta, pa, ra, loop)),
                new Connection(rb, new StreamWriter(tb, pb, rb, loop)));
    }
}
