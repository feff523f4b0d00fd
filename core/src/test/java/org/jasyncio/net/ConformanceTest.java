package org.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.MemoryStreams;
import org.jasyncio.testing.StreamConformance;
import org.junit.jupiter.api.io.TempDir;

class ConformanceTest {
    @AsyncTest
    void memoryStreamsConformOnTheVirtualClock() throws Exception {
        StreamConformance.checkTwoWayStream(MemoryStreams::pair);
    }

    @AsyncTest
    void memoryAbortIsAResetForThePeer() throws Exception {
        var p = MemoryStreams.pair();
        p.left().writer().transport().abort();
        try {
            p.right().reader().read();
            throw new AssertionError("expected a reset");
        } catch (ConnectionResetError expected) {
            assertThat(expected).hasMessageContaining("reset by peer");
        }
    }

    /** A pair of connected stream ends over a real server: one accepted connection, one client. */
    static MemoryStreams.StreamPair tcpPair() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Connection> accepted = loop.createFuture();
        Future<Void> done = loop.createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    accepted.setResult(new Connection(r, w));
                    try {
                        Asyncio.shield(done); // keep the connection open until the test ends
                    } finally {
                        w.transport().abort();
                    }
                },
                NetFixtures.HOST,
                0);
        Connection client = Streams.openConnection(NetFixtures.HOST, NetFixtures.port(server));
        Connection serverSide = accepted.await();
        server.close();
        return new MemoryStreams.StreamPair(client, serverSide);
    }

    @AsyncTest(virtualTime = false)
    void tcpStreamsConform() throws Exception {
        StreamConformance.checkTwoWayStream(ConformanceTest::tcpPair);
    }

    @AsyncTest(virtualTime = false)
    void unixStreamsConform(@TempDir Path dir) throws Exception {
        int[] n = {0};
        StreamConformance.checkTwoWayStream(() -> {
            Path sock = dir.resolve("c" + n[0]++ + ".sock");
            return NetFixtures.acceptedPair(
                    handler -> Streams.startUnixServer(handler, sock), server -> Streams.openUnixConnection(sock));
        });
    }
}
