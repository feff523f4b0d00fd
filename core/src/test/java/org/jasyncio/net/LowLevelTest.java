package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.net.NetFixtures.HOST;
import static org.jasyncio.net.NetFixtures.closeAll;
import static org.jasyncio.net.NetFixtures.port;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.internal.net.SocketTransport;
import org.jasyncio.testing.AsyncTest;

class LowLevelTest {
    /** Records everything; completes {@code lost} on connectionLost. */
    static final class Recorder implements Protocol {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Future<Exception> lost = Asyncio.getRunningLoop().createFuture();
        final List<String> events = new ArrayList<>();
        Transport transport;
        private final NetFixtures.Progress progress = new NetFixtures.Progress();

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] d) {
            data.writeBytes(d);
            progress.wake();
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Exception exc) {
            events.add("lost");
            lost.setResult(exc);
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }

        void waitFor(int bytes) throws Exception {
            progress.awaitUntil(() -> data.size() >= bytes);
        }
    }

    @AsyncTest(virtualTime = false)
    void protocolsEchoAndCloseInOrder() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            EventLoop loop = Asyncio.getRunningLoop();
            Server server = loop.createServer(NetFixtures.EchoProtocol::new, HOST, 0);
            var tp = loop.createConnection(Recorder::new, HOST, port(server));
            assertThat(tp.protocol().events).containsExactly("made");
            tp.transport().writelines(List.of("ab".getBytes(UTF_8), "cd".getBytes(UTF_8)));
            tp.protocol().waitFor(4);
            assertThat(tp.protocol().data.toString(UTF_8)).isEqualTo("abcd");
            tp.transport().close();
            assertThat(tp.transport().isClosing()).isTrue();
            assertThat(tp.protocol().lost.await()).isNull();
            assertThat(tp.protocol().events).containsExactly("made", "lost");
            closeAll(server);
        }
    }

    @AsyncTest(virtualTime = false)
    void bufferedProtocolReadsIntoItsOwnBuffer() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            EventLoop loop = Asyncio.getRunningLoop();
            ByteBuffer mine = ByteBuffer.allocate(1 << 20);
            Future<Void> eof = loop.createFuture();
            Server server = loop.createServer(
                    () -> new BufferedProtocol() {
                        @Override
                        public ByteBuffer getBuffer(int sizeHint) {
                            return mine;
                        }

                        @Override
                        public void bufferUpdated(int nbytes) {
                            // the bytes are already in `mine`, at its position
                        }

                        @Override
                        public boolean eofReceived() {
                            eof.setResult(null);
                            return false;
                        }
                    },
                    HOST,
                    0);
            SocketChannel ch = SocketChannel.open();
            loop.sockConnect(ch, server.sockets().get(0));
            byte[] payload = new byte[300_000];
            java.util.Arrays.fill(payload, (byte) 7);
            loop.sockSendall(ch, payload);
            ch.shutdownOutput();
            eof.await();
            assertThat(mine.position()).isEqualTo(payload.length);
            ch.close();
            closeAll(server);
        }
    }

    @AsyncTest(virtualTime = false)
    void pauseReadingStopsDataAndWriteLimitsPauseTheProtocol() throws Exception {
        try (var t = Asyncio.timeout(10);
                var listener = new NetFixtures.Listener()) {
            EventLoop loop = Asyncio.getRunningLoop();
            var tp = loop.createConnection(Recorder::new, HOST, listener.port());
            SocketChannel peer = listener.peer();
            Transport tr = tp.transport();
            tr.pauseReading();
            assertThat(tr.isReading()).isFalse();
            loop.sockSendall(peer, "held back".getBytes(UTF_8));
            Asyncio.sleep(0.05); // real time on purpose: that no data arrives can only be seen over time
            assertThat(tp.protocol().data.size()).isZero();
            tr.resumeReading();
            tp.protocol().waitFor(9);
            assertThat(tp.protocol().data.toString(UTF_8)).isEqualTo("held back");

            assertThatThrownBy(() -> tr.setWriteBufferLimits(10, 20)).isInstanceOf(IllegalArgumentException.class);
            tr.setWriteBufferLimits(1000, 100);
            assertThat(tr.getWriteBufferLimits()).containsExactly(100, 1000);
            byte[] big = new byte[8 << 20];
            tr.write(big); // more than the socket takes at once
            assertThat(tr.getWriteBufferSize()).isPositive();
            assertThat(tp.protocol().events).contains("pause");
            // The peer reads everything: the buffer drains and the protocol is resumed.
            ByteBuffer sink = ByteBuffer.allocate(1 << 16);
            long got = 0;
            while (got < big.length) {
                sink.clear();
                got += loop.sockRecvInto(peer, sink);
            }
            Asyncio.sleep(0);
            assertThat(tr.getWriteBufferSize()).isZero();
            assertThat(tp.protocol().events).containsSubsequence("pause", "resume");
            tr.abort();
            assertThat(tp.protocol().lost.await()).isNull();
            assertThat(loop.sockRecv(peer, 10)).isEmpty(); // EOF for the peer
            peer.close();
        }
    }

    /** A datagram protocol that queues what it receives. */
    static final class Inbox implements DatagramProtocol {
        final List<String> got = new ArrayList<>();
        final List<SocketAddress> from = new ArrayList<>();
        final List<IOException> errors = new ArrayList<>();
        private final NetFixtures.Progress progress = new NetFixtures.Progress();
        final Future<Exception> lost = Asyncio.getRunningLoop().createFuture();

        @Override
        public void datagramReceived(byte[] data, SocketAddress addr) {
            got.add(new String(data, UTF_8));
            from.add(addr);
            progress.wake();
        }

        @Override
        public void errorReceived(IOException exc) {
            errors.add(exc);
            progress.wake();
        }

        @Override
        public void connectionLost(Exception exc) {
            lost.setResult(exc);
        }

        void waitFor(int n) throws Exception {
            progress.awaitUntil(() -> got.size() + errors.size() >= n);
        }
    }

    @AsyncTest(virtualTime = false)
    void datagramsBothWaysIncludingZeroLength() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            EventLoop loop = Asyncio.getRunningLoop();
            var server = loop.createDatagramEndpoint(Inbox::new, new InetSocketAddress(HOST, 0), null);
            var serverAddr = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            assertThat(serverAddr.getPort()).isPositive();
            var client = loop.createDatagramEndpoint(Inbox::new, null, serverAddr);
            assertThat(client.transport().getExtraInfo("peername")).isEqualTo(serverAddr);
            client.transport().sendto("hello".getBytes(UTF_8));
            client.transport().sendto(new byte[0]);
            server.protocol().waitFor(2);
            assertThat(server.protocol().got).containsExactly("hello", "");
            server.transport()
                    .sendto("back".getBytes(UTF_8), server.protocol().from.get(0));
            client.protocol().waitFor(1);
            assertThat(client.protocol().got).containsExactly("back");
            assertThatThrownBy(() -> client.transport().sendto(new byte[1], new InetSocketAddress(HOST, 9)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.transport().sendto(new byte[1])).isInstanceOf(IllegalStateException.class);
            client.transport().close();
            server.transport().close();
            assertThat(client.protocol().lost.await()).isNull();
            assertThat(server.protocol().lost.await()).isNull();
        }
    }

    @AsyncTest(virtualTime = false)
    void connectedDatagramToAClosedPortReportsAnError() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            EventLoop loop = Asyncio.getRunningLoop();
            int port;
            try (var s = new java.net.DatagramSocket(0, java.net.InetAddress.getByName(HOST))) {
                port = s.getLocalPort();
            }
            var client = loop.createDatagramEndpoint(Inbox::new, null, new InetSocketAddress(HOST, port));
            client.transport().sendto("anyone?".getBytes(UTF_8));
            client.transport().sendto("anyone?".getBytes(UTF_8));
            client.protocol().waitFor(1);
            assertThat(client.protocol().errors.get(0)).isInstanceOf(java.net.PortUnreachableException.class);
            client.transport().abort();
        }
    }

    @AsyncTest(virtualTime = false)
    void sockHelpers() throws Exception {
        try (var t = Asyncio.timeout(10);
                var listener = new NetFixtures.Listener()) {
            EventLoop loop = Asyncio.getRunningLoop();
            SocketChannel c = SocketChannel.open();
            loop.sockConnect(c, listener.channel.getLocalAddress());
            SocketChannel s = listener.peer();
            loop.sockSendall(c, "ping".getBytes(UTF_8));
            assertThat(new String(loop.sockRecv(s, 4), UTF_8)).isEqualTo("ping");
            Task<byte[]> pending = Asyncio.createTask(() -> loop.sockRecv(s, 10));
            Asyncio.sleep(0); // one iteration: the task has started and waits in sockRecv
            pending.cancel(); // a cancelled receive unregisters its interest
            assertThatThrownBy(pending::await).isInstanceOf(org.jasyncio.CancelledError.class);
            c.close();
            assertThat(loop.sockRecv(s, 10)).isEmpty();
            s.close();
        }
    }

    @AsyncTest(virtualTime = false)
    void sockRecvOnManyConnectionsAtOnceKeepsEachConnectionsBytes() throws Exception {
        try (var t = Asyncio.timeout(10);
                var listener = new NetFixtures.Listener()) {
            EventLoop loop = Asyncio.getRunningLoop();
            int n = 8;
            List<SocketChannel> clients = new ArrayList<>();
            List<SocketChannel> peers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SocketChannel c = SocketChannel.open();
                loop.sockConnect(c, listener.channel.getLocalAddress());
                clients.add(c);
                peers.add(i == 0 ? listener.peer() : loop.sockAccept(listener.channel));
            }
            // Every receiver waits first, so all of them share the loop's scratch buffer in one iteration.
            List<Task<byte[]>> receiving = new ArrayList<>();
            for (SocketChannel p : peers) {
                receiving.add(Asyncio.createTask(() -> loop.sockRecv(p, 65536)));
            }
            Asyncio.sleep(0); // one iteration: every receiver has started and waits
            for (int i = 0; i < n; i++) {
                loop.sockSendall(clients.get(i), ("connection " + i).getBytes(UTF_8));
            }
            for (int i = 0; i < n; i++) {
                assertThat(new String(receiving.get(i).await(), UTF_8))
                        .as("what receiver %d got", i)
                        .isEqualTo("connection " + i);
            }
            byte[] big = new byte[SocketTransport.MAX_READ + 1000];
            java.util.Arrays.fill(big, (byte) 7);
            Task<Void> sending = Asyncio.createTask(() -> loop.sockSendall(clients.get(0), big));
            int got = 0;
            while (got < big.length) {
                byte[] part = loop.sockRecv(peers.get(0), Integer.MAX_VALUE);
                assertThat(part.length)
                        .as("one receive takes at most the scratch buffer")
                        .isBetween(1, SocketTransport.MAX_READ);
                got += part.length;
            }
            sending.await();
            assertThat(loop.sockRecv(peers.get(0), 0))
                    .as("a receive of 0 bytes")
                    .isEmpty();
            assertThatThrownBy(() -> loop.sockRecv(peers.get(0), -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sockRecv(-1)")
                    .hasMessageContaining("the size must be >= 0");
            for (SocketChannel c : clients) {
                c.close();
            }
            for (SocketChannel p : peers) {
                assertThat(loop.sockRecv(p, 10)).as("end of stream").isEmpty();
                p.close();
            }
        }
    }
}
