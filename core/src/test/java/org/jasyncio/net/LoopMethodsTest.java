package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jasyncio.net.NetFixtures.HOST;
import static org.jasyncio.net.NetFixtures.closeAll;
import static org.jasyncio.net.NetFixtures.port;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.testing.AsyncTest;

/** The networking methods docs/api.md names on the loop (loop.createConnection, loop.sockRecv, ...). */
class LoopMethodsTest {
    @AsyncTest(virtualTime = false)
    void createServerAndCreateConnectionOnTheLoop() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            EventLoop loop = Asyncio.getRunningLoop();
            Server server = loop.createServer(NetFixtures.EchoProtocol::new, HOST, 0);
            var tp = loop.createConnection(LowLevelTest.Recorder::new, HOST, port(server));
            tp.transport().write("ping".getBytes(UTF_8));
            tp.protocol().waitFor(4);
            assertThat(tp.protocol().data.toString(UTF_8)).isEqualTo("ping");
            tp.transport().close();
            tp.protocol().lost.await();
            closeAll(server);
        }
    }

    @AsyncTest(virtualTime = false)
    void sockMethodsOnTheLoop() throws Exception {
        try (var t = Asyncio.timeout(10); ServerSocketChannel listener = ServerSocketChannel.open();
             SocketChannel client = SocketChannel.open()) {
            EventLoop loop = Asyncio.getRunningLoop();
            listener.bind(new InetSocketAddress(HOST, 0));
            listener.configureBlocking(false);
            var accepted = Asyncio.createTask(() -> loop.sockAccept(listener));
            client.configureBlocking(false);
            loop.sockConnect(client, listener.getLocalAddress());
            try (SocketChannel peer = accepted.await()) {
                loop.sockSendall(client, "hello".getBytes(UTF_8));
                StringBuilder got = new StringBuilder();
                while (got.length() < 5) {
                    got.append(new String(loop.sockRecv(peer, 16), UTF_8));
                }
                assertThat(got.toString()).isEqualTo("hello");
                client.shutdownOutput();
                assertThat(loop.sockRecv(peer, 16)).as("end of stream").isEmpty();
            }
        }
    }
}
