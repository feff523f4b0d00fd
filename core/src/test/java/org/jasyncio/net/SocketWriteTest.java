package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.net.NetFixtures.HOST;

import java.io.ByteArrayOutputStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.internal.net.SocketTransport;
import org.jasyncio.net.LowLevelTest.Recorder;
import org.jasyncio.testing.AsyncTest;

/**
 * The socket transport's write side under backlog: what is written arrives whole and in order however
 * the socket takes it (a write bigger than one syscall's budget, a chunk cut at the budget, more chunks
 * than one gathering write takes), the caller's array is free once write() returns, and flow control,
 * close() and writeEof() still wait for the backlog to drain; writelines() sends what a write() of the
 * concatenation would.
 */
class SocketWriteTest {
    private static final int SNDBUF = 64 * 1024;

    /** What the peer read up to end of stream: the byte count and their CRC-32. */
    private record Received(long count, long crc) {}

    private static long crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Reads {@code peer} to end of stream, 16 KiB at a time, as slowly as the loop lets it. */
    private static Received readToEof(SocketChannel peer, ByteArrayOutputStream keep) throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        CRC32 crc = new CRC32();
        long count = 0;
        while (true) {
            buf.clear();
            int n = loop.sockRecvInto(peer, buf);
            if (n < 0) {
                return new Received(count, crc.getValue());
            }
            crc.update(buf.array(), 0, n);
            if (keep != null) {
                keep.write(buf.array(), 0, n);
            }
            count += n;
        }
    }

    /**
     * Reads {@code peer} to its end, checks it got exactly {@code expected}, in order, with nothing left
     * buffered on the writing side, then closes both ends and checks the close was clean.
     */
    private static void peerGetsExactlyThenClose(
            TransportProtocol<Recorder> tp, SocketChannel peer, ByteArrayOutputStream expected) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        readToEof(peer, got);
        assertThat(got.size()).isEqualTo(expected.size());
        assertThat(Arrays.equals(got.toByteArray(), expected.toByteArray()))
                .as("the same bytes in the same order")
                .isTrue();
        assertThat(tp.transport().getWriteBufferSize()).isZero();
        tp.transport().close();
        assertThat(tp.protocol().lost.await()).isNull();
        peer.close();
    }

    /**
     * A client transport to {@code listener} whose socket takes a bounded amount before the peer reads
     * (a loopback socket's autotuned send buffer would take megabytes at once). Not smaller: a send
     * buffer well under the loopback's segment size makes Nagle's algorithm wait for delayed ACKs, and
     * 32 MiB then takes tens of seconds.
     */
    private static TransportProtocol<Recorder> connect(NetFixtures.Listener listener) throws Exception {
        var tp = Asyncio.getRunningLoop().createConnection(Recorder::new, HOST, listener.port());
        ((SocketChannel) tp.transport().getExtraInfo("socket")).setOption(StandardSocketOptions.SO_SNDBUF, SNDBUF);
        return tp;
    }

    @AsyncTest(virtualTime = false)
    void aBigWriteToASlowReaderArrivesIntactAndInOrderThenCloseFinishes() throws Exception {
        try (var t = Asyncio.timeout(60);
                var listener = new NetFixtures.Listener()) {
            var tp = connect(listener);
            SocketChannel peer = listener.peer();
            Transport tr = tp.transport();
            byte[] data = random(32 << 20, 1);
            long expected = crc(data);
            tr.write(data);
            Arrays.fill(data, (byte) 0); // the caller's array is free once write() returns
            assertThat(tr.getWriteBufferSize())
                    .as("most of it waits in the buffer")
                    .isGreaterThan(16 << 20);
            assertThat(tp.protocol().events).containsExactly("made", "pause");
            tr.close(); // CLOSING: finishes once the backlog is sent

            Received got = readToEof(peer, null);
            assertThat(got.count()).isEqualTo(32 << 20);
            assertThat(got.crc()).as("CRC-32 of what arrived").isEqualTo(expected);
            assertThat(tp.protocol().lost.await()).isNull();
            assertThat(tp.protocol().events).containsExactly("made", "pause", "resume", "lost");
            assertThat(tr.getWriteBufferSize()).isZero();
            peer.close();
        }
    }

    @AsyncTest(virtualTime = false)
    void writesOfManySizesAcrossTheBudgetArriveInOrder() throws Exception {
        try (var t = Asyncio.timeout(60);
                var listener = new NetFixtures.Listener()) {
            var tp = connect(listener);
            SocketChannel peer = listener.peer();
            Transport tr = tp.transport();
            // Slices of one array, from 1 byte to 3x the budget, so that gathering writes cut chunks at
            // the budget, take chunks whole and stop at the count of chunks one write takes.
            byte[] data = random(24 << 20, 2);
            long expected = crc(data);
            Random sizes = new Random(3);
            int off = 0;
            int writes = 0;
            while (off < data.length) {
                int len = Math.min(
                        data.length - off,
                        switch (writes % 3) {
                            case 0 -> 1 + sizes.nextInt(100);
                            case 1 -> 1 + sizes.nextInt(10_000);
                            default -> 1 + sizes.nextInt(3 * SocketTransport.WRITE_BUDGET);
                        });
                tr.write(data, off, len);
                off += len;
                writes++;
                if (writes % 50 == 0) {
                    Asyncio.sleep(0); // let some of it leave between writes, as a real producer would
                }
            }
            tr.writeEof(); // after the backlog: the peer sees EOF only once everything arrived
            Received got = readToEof(peer, null);
            assertThat(got.count()).isEqualTo(data.length);
            assertThat(got.crc()).as("CRC-32 of what arrived").isEqualTo(expected);
            assertThat(tr.isClosing())
                    .as("writeEof half-closes, it does not close")
                    .isFalse();
            assertThat(tr.getWriteBufferSize()).isZero();
            assertThat(tp.protocol().events)
                    .containsSubsequence("pause", "resume")
                    .doesNotContain("lost");
            peer.close();
            assertThat(tp.protocol().lost.await()).isNull();
        }
    }

    @AsyncTest(virtualTime = false)
    void manySmallWritesBehindABacklogArriveInOrder() throws Exception {
        try (var t = Asyncio.timeout(60);
                var listener = new NetFixtures.Listener()) {
            var tp = connect(listener);
            SocketChannel peer = listener.peer();
            Transport tr = tp.transport();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            byte[] head = random(1 << 20, 4);
            tr.write(head); // the socket cannot take it all: the small writes queue behind it
            expected.writeBytes(head);
            assertThat(tr.getWriteBufferSize()).isPositive();
            for (int i = 0; i < 10_000; i++) {
                byte[] ten = String.format("%9d\n", i).getBytes(US_ASCII);
                tr.write(ten);
                expected.writeBytes(ten);
            }
            tr.writeEof();
            peerGetsExactlyThenClose(tp, peer, expected);
        }
    }

    @AsyncTest(virtualTime = false)
    void flowControlPausesOnceAndResumesOnceForABacklogOfManyChunks() throws Exception {
        try (var t = Asyncio.timeout(60);
                var listener = new NetFixtures.Listener()) {
            var tp = connect(listener);
            SocketChannel peer = listener.peer();
            Transport tr = tp.transport();
            tr.setWriteBufferLimits(1 << 20, 1 << 18);
            List<Integer> sizesSeen = new ArrayList<>();
            byte[] chunk = random(100_000, 5);
            for (int i = 0; i < 40; i++) {
                tr.write(chunk);
                sizesSeen.add(tr.getWriteBufferSize());
            }
            assertThat(tp.protocol().events).containsExactly("made", "pause");
            assertThat(sizesSeen.get(sizesSeen.size() - 1)).isGreaterThan(1 << 20);
            tr.close();
            Received got = readToEof(peer, null);
            assertThat(got.count()).isEqualTo(40L * chunk.length);
            assertThat(tp.protocol().lost.await()).isNull();
            assertThat(tp.protocol().events).containsExactly("made", "pause", "resume", "lost");
            peer.close();
        }
    }

    @AsyncTest(virtualTime = false)
    void writelinesSendsWhatAWriteOfTheConcatenationWould() throws Exception {
        try (var t = Asyncio.timeout(60);
                var listener = new NetFixtures.Listener()) {
            var tp = connect(listener);
            SocketChannel peer = listener.peer();
            Transport tr = tp.transport();
            assertThatThrownBy(() -> tr.writelines(Arrays.asList("x".getBytes(US_ASCII), null)))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("chunk 1 is null");
            assertThat(tr.getWriteBufferSize())
                    .as("nothing written by the refused call")
                    .isZero();

            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            List<byte[]> first = new ArrayList<>();
            first.add(random(1 << 20, 6));
            first.add(new byte[0]);
            for (int i = 0; i < 10_000; i++) {
                first.add(String.format("%9d\n", i).getBytes(US_ASCII));
            }
            first.add(random(3 * SocketTransport.WRITE_BUDGET + 17, 7)); // cut at the budget
            first.add(new byte[0]);
            first.forEach(expected::writeBytes);
            tr.writelines(first);
            first.forEach(b -> Arrays.fill(b, (byte) 0)); // the caller's arrays are free once it returns
            assertThat(tr.getWriteBufferSize())
                    .as("the socket could not take it all")
                    .isPositive();
            List<byte[]> second = List.of("behind ".getBytes(US_ASCII), "the backlog".getBytes(US_ASCII));
            tr.writelines(second); // buffered whole, after the rest of the first
            second.forEach(expected::writeBytes);
            tr.writelines(List.of());
            tr.writeEof();
            assertThatThrownBy(() -> tr.writelines(second))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after writeEof()");

            peerGetsExactlyThenClose(tp, peer, expected);
        }
    }

    @AsyncTest(virtualTime = false)
    void writelinesThatFitsTheSocketIsSentAtOnce() throws Exception {
        try (var t = Asyncio.timeout(10);
                var listener = new NetFixtures.Listener()) {
            var tp = connect(listener);
            SocketChannel peer = listener.peer();
            Transport tr = tp.transport();
            tr.writelines(List.of("ab".getBytes(US_ASCII), new byte[0], "cd".getBytes(US_ASCII)));
            assertThat(tr.getWriteBufferSize()).isZero();
            tr.close();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            readToEof(peer, got);
            assertThat(got.toString(US_ASCII)).isEqualTo("abcd");
            assertThat(tp.protocol().lost.await()).isNull();
            tr.writelines(List.of("dropped".getBytes(US_ASCII))); // after the connection is lost: dropped
            assertThat(tr.getWriteBufferSize()).isZero();
            peer.close();
        }
    }

    @AsyncTest(virtualTime = false)
    void writesOfByteBuffersOfEveryKindArriveInOrderAndTheCallerMayReuseThem() throws Exception {
        try (var t = Asyncio.timeout(60);
                var listener = new NetFixtures.Listener()) {
            var tp = connect(listener);
            SocketChannel peer = listener.peer();
            Transport tr = tp.transport();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            ByteBuffer direct = ByteBuffer.allocateDirect(3 * SocketTransport.WRITE_BUDGET + 5);
            for (int round = 0; round < 4; round++) {
                byte[] content = random(direct.capacity(), 10 + round);
                direct.clear().put(content).flip();
                direct.position(7); // only position..limit is written
                tr.write(direct);
                assertThat(direct.hasRemaining())
                        .as("write() consumes the buffer, round %d", round)
                        .isFalse();
                expected.write(content, 7, content.length - 7);
                // Reusing the buffer at once must not change what is sent (the part not yet sent was copied).
                direct.clear().put(new byte[direct.capacity()]).flip();
            }
            byte[] heap = random(100_000, 20);
            tr.write(ByteBuffer.wrap(heap, 10, 50_000));
            expected.write(heap, 10, 50_000);
            ByteBuffer readOnly = ByteBuffer.wrap(heap).asReadOnlyBuffer();
            tr.write(readOnly);
            expected.writeBytes(heap);
            assertThat(readOnly.hasRemaining()).isFalse();
            Arrays.fill(heap, (byte) 0);
            tr.write(ByteBuffer.allocateDirect(0));
            tr.writeEof();
            assertThatThrownBy(() -> tr.write(ByteBuffer.allocateDirect(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after writeEof()");
            peerGetsExactlyThenClose(tp, peer, expected);
        }
    }
}
