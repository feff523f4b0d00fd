package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jasyncio.net.NetFixtures.HOST;
import static org.jasyncio.net.NetFixtures.echoLines;
import static org.jasyncio.net.NetFixtures.port;

import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.VoidCoroutine;
import org.junit.jupiter.api.Test;

/**
 * {@code Server.close()} is asyncio's {@code close()}: it stops listening and does not wait, also when
 * try-with-resources calls it. asyncio's {@code async with server:} also waits ({@code wait_closed})
 * at the exit; docs/asyncio-differences.md says why jasyncio's {@code try (server)} does not, and how
 * to write the waiting form. Real sockets on loopback; each test bounded by a timeout.
 */
class ServerCloseTest {
    private static void bounded(VoidCoroutine body) throws Exception {
        Asyncio.run(() -> {
            try (var t = Asyncio.timeout(10.0)) {
                body.run();
            }
        });
    }

    private static byte[] line(String s) {
        return (s + "\n").getBytes(UTF_8);
    }

    @Test
    void tryWithResourcesStopsListeningWithoutWaitingForTheConnectionsItAccepted() throws Exception {
        bounded(() -> {
            Server server = Streams.startServer(echoLines(), HOST, 0);
            Connection client;
            try (server) {
                client = Streams.openConnection(HOST, port(server));
                client.writer().write(line("hi"));
                assertThat(client.reader().readline()).isEqualTo(line("hi"));
            }
            assertThat(server.state()).isEqualTo(Server.State.CLOSED);
            assertThat(server.activeCount())
                    .as("the accepted connection outlives the block")
                    .isEqualTo(1);
            client.writer().write(line("still here"));
            assertThat(client.reader().readline()).isEqualTo(line("still here"));
            // asyncio's `async with server:` exit, spelled out: wait until every connection is closed.
            client.writer().close();
            server.waitClosed();
            assertThat(server.activeCount()).isZero();
        });
    }

    @Test
    void theAsyncio313ShutdownIdiomCloseThenCloseClientsThenWaitClosedEndsEveryConnection() throws Exception {
        bounded(() -> {
            Server server = Streams.startServer(echoLines(), HOST, 0);
            Connection client = Streams.openConnection(HOST, port(server));
            client.writer().write(line("hi"));
            assertThat(client.reader().readline()).isEqualTo(line("hi"));
            server.close();
            server.closeClients();
            server.waitClosed();
            assertThat(server.activeCount()).isZero();
            assertThat(client.reader().read(100)).as("the client sees EOF").isEmpty();
            client.writer().close();
        });
    }

    @Test
    void aHandlerMayCloseItsOwnServerAndGoOnServingItsClient() throws Exception {
        bounded(() -> {
            AtomicReference<Server> self = new AtomicReference<>();
            Server server = Streams.startServer(
                    (r, w) -> {
                        r.readline(); // "quit"
                        self.get().close(); // a waiting close would wait for this very connection: forever
                        w.write(line("bye"));
                        w.drain();
                    },
                    HOST,
                    0);
            self.set(server);
            Connection client = Streams.openConnection(HOST, port(server));
            client.writer().write(line("quit"));
            assertThat(client.reader().readline()).isEqualTo(line("bye"));
            assertThat(server.state()).isEqualTo(Server.State.CLOSED);
            client.writer().close();
            server.waitClosed();
        });
    }
}
