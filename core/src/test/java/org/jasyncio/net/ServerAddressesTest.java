package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.net.NetFixtures.echoLines;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.jasyncio.Asyncio;
import org.jasyncio.testfixtures.TestNamesResolver;
import org.jasyncio.testing.AsyncTest;

/**
 * A server on a host name that resolves to several addresses (asyncio's {@code create_server} and
 * {@code start_server}): an address this host cannot have is skipped when another binds, and named
 * with the others when none does; any other bind error fails the server. The names come from
 * {@link TestNamesResolver}; real sockets on loopback.
 */
class ServerAddressesTest {
    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void anAddressTheHostCannotHaveIsSkippedWhenAnotherBinds() throws Exception {
        try (var t = Asyncio.timeout(30)) {
            Server server = Streams.startServer(echoLines(), TestNamesResolver.ONE_UNAVAILABLE, 0);
            try {
                // 198.51.100.1 first, unbindable: skipped, served on the loopback
                assertThat(server.sockets())
                        .extracting(a -> a.getAddress().getHostAddress())
                        .containsExactly("127.0.0.1");
                Connection c = Streams.openConnection(
                        "127.0.0.1", server.sockets().getFirst().getPort());
                c.writer().write("hi\n".getBytes(UTF_8));
                assertThat(c.reader().readline()).isEqualTo("hi\n".getBytes(UTF_8));
                c.writer().close();
            } finally {
                server.close();
                server.closeClients();
                server.waitClosed();
            }
        }
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void noBindableAddressFailsNamingTheHostThePortAndEachAddressError() throws Exception {
        try (var t = Asyncio.timeout(30)) {
            var loop = Asyncio.getRunningLoop();
            TestNamesResolver.assertNoAddressOfNoneAvailableBinds(
                    () -> loop.createServer(NetFixtures.EchoProtocol::new, TestNamesResolver.NONE_AVAILABLE, 0));
        }
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void anotherBindErrorIsNotSkipped() throws Exception {
        try (var t = Asyncio.timeout(30);
                var taken =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            // the port in use on 127.0.0.1 (EADDRINUSE): the server fails, though 198.51.100.1 is skipped
            assertThatThrownBy(() -> Streams.startServer(echoLines(), TestNamesResolver.ONE_UNAVAILABLE, port))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("error while attempting to bind on address")
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }
}
