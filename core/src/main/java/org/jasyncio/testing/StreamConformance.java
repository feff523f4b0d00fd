package org.jasyncio.testing;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.TimeoutError;
import org.jasyncio.net.Connection;

/**
 * Checks any two-way stream implementation must pass (Trio's {@code check_two_way_stream}): run them
 * against in-memory pairs, TCP, Unix sockets, TLS, or your own transport.
 *
 * <pre>{@code
 * @AsyncTest(virtualTime = false)
 * void tcpConforms() throws Exception {
 *     StreamConformance.checkTwoWayStream(() -> myTcpPair());
 * }
 * }</pre>
 *
 * <p>Each check takes a fresh pair from the factory and closes both ends at the end. Failures are
 * {@link AssertionError}s naming the check. Every wait is bounded, so a broken stream fails instead of
 * hanging. Call inside a task.
 */
public final class StreamConformance {
    /** How long a single check may wait for the stream (loop time). */
    private static final double CHECK_TIMEOUT = 30.0;

    private StreamConformance() {}

    /** Makes a fresh connected pair of stream ends. */
    @FunctionalInterface
    public interface PairFactory {
        /** A new connected pair. */
        MemoryStreams.StreamPair make() throws Exception;
    }

    /**
     * Runs every check: data both ways at once with flow control, framing helpers, half-close (if
     * supported), close seen as EOF, a writer held back by a peer that does not read, and one reader
     * at a time.
     */
    public static void checkTwoWayStream(PairFactory factory) throws Exception {
        run("bulk data both ways at once", factory, StreamConformance::bothWaysAtOnce);
        run("readline/readexactly/readuntil framing", factory, StreamConformance::framing);
        run("half-close", factory, StreamConformance::halfClose);
        run("close is EOF for the peer", factory, StreamConformance::closeIsEof);
        run("drain waits for a peer that does not read", factory, StreamConformance::flowControl);
        run("one reader at a time", factory, StreamConformance::oneReaderAtATime);
    }

    private interface Check {
        void run(Connection a, Connection b) throws Exception;
    }

    private static void run(String name, PairFactory factory, Check check) throws Exception {
        MemoryStreams.StreamPair p = factory.make();
        try (var t = Asyncio.timeout(CHECK_TIMEOUT)) {
            check.run(p.left(), p.right());
        } catch (TimeoutError e) {
            throw new AssertionError(
                    "stream conformance check '" + name + "' timed out after " + CHECK_TIMEOUT + " s", e);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("stream conformance check '" + name + "' failed: " + e, e);
        } finally {
            p.left().writer().transport().abort();
            p.right().writer().transport().abort();
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static void bothWaysAtOnce(Connection a, Connection b) throws Exception {
        byte[] ab = pattern(1 << 20, 1);
        byte[] ba = pattern(1 << 20, 7);
        Task<Void> w1 = Asyncio.createTask(() -> sendAll(a, ab));
        Task<Void> w2 = Asyncio.createTask(() -> sendAll(b, ba));
        Task<byte[]> r1 = Asyncio.createTask(() -> b.reader().readexactly(ab.length));
        Task<byte[]> r2 = Asyncio.createTask(() -> a.reader().readexactly(ba.length));
        Asyncio.gather(List.of(w1, w2, r1, r2));
        check(Arrays.equals(r1.result(), ab), "bytes from left to right arrived changed or out of order");
        check(Arrays.equals(r2.result(), ba), "bytes from right to left arrived changed or out of order");
    }

    private static void sendAll(Connection c, byte[] data) throws IOException {
        for (int off = 0; off < data.length; off += 10_000) {
            c.writer().write(Arrays.copyOfRange(data, off, Math.min(data.length, off + 10_000)));
            c.writer().drain();
        }
    }

    private static void framing(Connection a, Connection b) throws Exception {
        a.writer().write("one\ntw".getBytes());
        a.writer().write("o\nthree|four".getBytes());
        a.writer().drain();
        check(Arrays.equals(b.reader().readline(), "one\n".getBytes()), "readline() must return the line with its \\n");
        check(Arrays.equals(b.reader().readline(), "two\n".getBytes()), "readline() must join chunks");
        check(
                Arrays.equals(b.reader().readuntil("|".getBytes()), "three|".getBytes()),
                "readuntil() must include the separator");
        check(Arrays.equals(b.reader().readexactly(4), "four".getBytes()), "readexactly() must return exactly n bytes");
    }

    private static void halfClose(Connection a, Connection b) throws Exception {
        if (!a.writer().canWriteEof()) {
            return;
        }
        a.writer().write("last words".getBytes());
        a.writer().writeEof();
        check(Arrays.equals(b.reader().read(), "last words".getBytes()), "read() must return everything up to EOF");
        check(b.reader().atEof(), "atEof() must be true after EOF was read");
        b.writer().write("reply".getBytes());
        b.writer().drain();
        check(
                Arrays.equals(a.reader().readexactly(5), "reply".getBytes()),
                "the peer of a half-closed end must still be able to write to it");
    }

    private static void closeIsEof(Connection a, Connection b) throws Exception {
        a.writer().write("bye".getBytes());
        a.writer().close();
        check(a.writer().isClosing(), "isClosing() must be true after close()");
        a.writer().waitClosed();
        check(Arrays.equals(b.reader().read(), "bye".getBytes()), "data written before close() must arrive");
        check(b.reader().read(100).length == 0, "read(n) at EOF must return an empty array");
        check(b.reader().readline().length == 0, "readline() at EOF must return an empty array");
    }

    private static void flowControl(Connection a, Connection b) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        boolean blocked = false;
        while (written < 1L << 30) {
            a.writer().write(chunk);
            written += chunk.length;
            try {
                Asyncio.waitFor(
                        () -> {
                            a.writer().drain();
                            return null;
                        },
                        0.1);
            } catch (TimeoutError e) {
                blocked = true;
                break;
            }
        }
        check(blocked, "drain() never waited although the peer read nothing (" + written + " bytes written)");
        int high = a.writer().transport().getWriteBufferLimits()[1];
        int buffered = a.writer().transport().getWriteBufferSize();
        check(
                buffered <= high + chunk.length,
                "the write buffer (" + buffered + " bytes) grew past the high-water mark " + high + " plus one write");
        long total = written;
        Task<Long> reader = Asyncio.createTask(() -> {
            long n = 0;
            while (n < total) {
                n += b.reader().read(1 << 16).length;
            }
            return n;
        });
        a.writer().drain();
        check(reader.await() == total, "the peer must receive every byte written");
    }

    private static void oneReaderAtATime(Connection a, Connection b) throws Exception {
        Task<byte[]> first = Asyncio.createTask(() -> b.reader().read(10));
        Asyncio.sleep(0);
        try {
            b.reader().read(10);
            throw new AssertionError("a second concurrent reader must be refused");
        } catch (IllegalStateException expected) {
            // as asyncio's RuntimeError
        }
        a.writer().write("x".getBytes());
        check(Arrays.equals(first.await(), "x".getBytes()), "the first reader must get the data");
    }
}
