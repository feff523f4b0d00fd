package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.net.NetFixtures.closeAll;

import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jasyncio.Asyncio;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.io.TempDir;

class UnixStreamsTest {
    @AsyncTest(virtualTime = false)
    void echoOverAUnixSocketAndTheFileIsRemoved(@TempDir Path dir) throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Path sock = dir.resolve("echo.sock");
            Server server = Streams.startUnixServer(
                    (r, w) -> {
                        for (byte[] line : r) {
                            w.write(line);
                            w.drain();
                        }
                    },
                    sock);
            assertThat(Files.exists(sock)).isTrue();
            assertThat(server.addresses()).containsExactly(UnixDomainSocketAddress.of(sock));
            assertThat(server.sockets()).isEmpty();
            Connection c = Streams.openUnixConnection(sock);
            c.writer().write("over unix\n".getBytes(UTF_8));
            assertThat(new String(c.reader().readline(), UTF_8)).isEqualTo("over unix\n");
            c.writer().writeEof();
            assertThat(c.reader().read()).isEmpty();
            closeAll(c, server);
            assertThat(Files.exists(sock)).isFalse();
        }
    }

    @AsyncTest(virtualTime = false)
    void aStaleSocketFileIsReplaced(@TempDir Path dir) throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Path sock = dir.resolve("stale.sock");
            var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            stale.bind(UnixDomainSocketAddress.of(sock));
            stale.close(); // the file stays behind, as after a crash
            assertThat(Files.exists(sock)).isTrue();
            Server server = Streams.startUnixServer((r, w) -> w.write("hi".getBytes(UTF_8)), sock);
            Connection c = Streams.openUnixConnection(sock);
            assertThat(new String(c.reader().read(), UTF_8)).isEqualTo("hi");
            c.writer().close();
            closeAll(server);
        }
    }

    @AsyncTest(virtualTime = false)
    void connectingToNothingFails(@TempDir Path dir) {
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(10)) {
                        Streams.openUnixConnection(dir.resolve("nobody.sock"));
                    }
                })
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("nobody.sock");
    }
}
