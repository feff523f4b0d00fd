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
        try (var t = Asyncio.timeout(10);
                ServerSocketChannel listener = ServerSocketChannel.open();
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

    /**
     * A program's own accept loop: the accepted socket is served with
     * {@code loop.connectAcceptedSocket}, the client's connected socket gets its protocol from
     * {@code loop.createConnection(factory, sock, tls)} (asyncio's {@code sock=}); over TLS when the
     * options are given (the server side then takes the server's part of the handshake).
     */
    static void echoOverSocketsConnectedByHand(TlsOptions serverTls, TlsOptions clientTls) throws Exception {
        try (var t = Asyncio.timeout(20);
                ServerSocketChannel listener = ServerSocketChannel.open()) {
            EventLoop loop = Asyncio.getRunningLoop();
            listener.bind(new InetSocketAddress(HOST, 0));
            var served = Asyncio.createTask(() -> {
                SocketChannel peer = loop.sockAccept(listener);
                return loop.connectAcceptedSocket(NetFixtures.EchoProtocol::new, peer, serverTls);
            });
            SocketChannel client = SocketChannel.open();
            loop.sockConnect(client, listener.getLocalAddress());
            var tp = loop.createConnection(LowLevelTest.Recorder::new, client, clientTls);
            var server = served.await();
            assertThat(tp.transport().getExtraInfo("peercert") != null)
                    .as("TLS on the client side")
                    .isEqualTo(clientTls != null);
            assertThat(server.transport().getExtraInfo("sslcontext") != null)
                    .as("TLS on the server side")
                    .isEqualTo(serverTls != null);
            tp.transport().write("ping".getBytes(UTF_8));
            tp.protocol().waitFor(4);
            assertThat(tp.protocol().data.toString(UTF_8)).isEqualTo("ping");
            tp.transport().close();
            tp.protocol().lost.await();
            assertThat(client.isOpen()).as("the transport closed the socket").isFalse();
        }
    }

    @AsyncTest(virtualTime = false)
    void connectAcceptedSocketAndCreateConnectionOnAConnectedSocket() throws Exception {
        echoOverSocketsConnectedByHand(null, null);
    }
}
