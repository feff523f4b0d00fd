package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.net.NetFixtures.HOST;
import static org.jasyncio.net.NetFixtures.port;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jasyncio.Asyncio;
import org.jasyncio.Future;
import org.jasyncio.process.Subprocess;
import org.jasyncio.testfixtures.Certificates;
import org.jasyncio.testfixtures.PythonPeer;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 C and D: the TLS shutdown, with CPython's asyncio as the peer on loopback ({@code tls_peer.py},
 * run by the {@code python3} on PATH: 3.11 on the machines this was written on, whose {@code sslproto.py}
 * shuts down as 3.13's does) and a throwaway certificate that {@code openssl} makes here.
 */
class TlsShutdownTest {
    @TempDir
    static Path dir;

    static SSLContext clientContext;
    static SSLContext serverContext;

    @BeforeAll
    static void certificate() throws Exception {
        Certificates.localhost(dir, "cert");
        clientContext = Certificates.trusting(dir.resolve("cert.pem"));
        serverContext = Certificates.serving(dir, "cert");
    }

    private record Peer(Subprocess process, int port) {}

    /** Starts {@code tls_peer.py MODE} as a server and reads the port it prints. */
    private static Peer pythonServer(String mode) throws Exception {
        Subprocess p = PythonPeer.start(
                TlsShutdownTest.class,
                "tls_peer.py",
                mode,
                dir.resolve("cert.pem").toString(),
                dir.resolve("cert.key").toString());
        try {
            return new Peer(p, Integer.parseInt(PythonPeer.line(p)));
        } catch (Throwable e) {
            p.kill();
            throw e;
        }
    }

    private static void stop(Peer peer) throws IOException {
        peer.process().kill();
        peer.process().await();
    }

    /**
     * C, the client closes: the echo still streams back to it. Before the fix the echoed data kept reaching
     * the reader after close(), its flow control paused the socket, the server's close_notify was never
     * read, and waitClosed() took the whole shutdown timeout (here 60 s, cut by the 20 s block).
     */
    @AsyncTest(virtualTime = false)
    void closingWhileTheServerStillSendsDropsTheRestAndClosesCleanly() throws Exception {
        Peer peer = pythonServer("echo");
        try (var t = Asyncio.timeout(20)) {
            for (int round = 0; round < 3; round++) {
                Connection c = Streams.openConnection(
                        HOST,
                        peer.port(),
                        TlsOptions.client(clientContext).withShutdownTimeout(Duration.ofSeconds(60)));
                c.writer().write(new byte[1 << 20]);
                int got = 0;
                while (got < 100_000) {
                    byte[] b = c.reader().read(65536);
                    assertThat(b).as("echo ended early after %d bytes", got).isNotEmpty();
                    got += b.length;
                }
                int buffered = c.reader().buffered();
                c.writer().close();
                c.writer().waitClosed();
                assertThat(c.reader().buffered())
                        .as("no application data reaches the reader after close()")
                        .isEqualTo(buffered);
                assertThat(c.reader().exception()).as("a clean close").isNull();
            }
        } finally {
            stop(peer);
        }
    }

    /** C, the server closes: a handler that stops reading and closes while a CPython client still sends. */
    @AsyncTest(virtualTime = false)
    void aServerClosingWhileTheClientStillSendsClosesCleanly() throws Exception {
        Future<Object> closed = Asyncio.getRunningLoop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    int got = 0;
                    while (got < 100_000) {
                        byte[] b = r.read(65536);
                        assertThat(b).isNotEmpty();
                        got += b.length;
                    }
                    w.close();
                    try {
                        w.waitClosed();
                        closed.setResult("clean");
                    } catch (IOException e) {
                        closed.setResult(e);
                    }
                },
                HOST,
                0,
                TlsOptions.server(serverContext).withShutdownTimeout(Duration.ofSeconds(60)));
        Subprocess client = PythonPeer.start(
                TlsShutdownTest.class,
                "tls_peer.py",
                "send",
                dir.resolve("cert.pem").toString(),
                Integer.toString(port(server)),
                Integer.toString(4 << 20));
        try (var t = Asyncio.timeout(20)) {
            assertThat(closed.await()).isEqualTo("clean");
            String report = new String(client.stdout().readline(), UTF_8);
            assertThat(report)
                    .as("tls_peer.py send: %s", report)
                    .startsWith("sent ")
                    .endsWith(" closed ok\n");
            assertThat(client.await()).isZero();
        } finally {
            client.kill();
            client.await();
            server.close();
            server.waitClosed();
        }
    }

    /**
     * D: a peer that never answers close_notify (a CPython server whose handler paused reading for good).
     * CPython's wait_closed() raises TimeoutError('SSL shutdown timed out'); ours throws a
     * SocketTimeoutException (an IOException, as the handshake timeout's) that says the same.
     */
    @AsyncTest(virtualTime = false)
    void aShutdownThatTimesOutFailsWaitClosed() throws Exception {
        Peer peer = pythonServer("silent");
        try (var t = Asyncio.timeout(20)) {
            Connection c = Streams.openConnection(
                    HOST, peer.port(), TlsOptions.client(clientContext).withShutdownTimeout(Duration.ofMillis(500)));
            c.writer().write("hello".getBytes(UTF_8));
            // The peer's b"p" says it paused reading: our close_notify stays unread in its socket.
            assertThat(c.reader().readexactly(1)).isEqualTo(new byte[] {'p'});
            c.writer().close();
            assertThatThrownBy(c.writer()::waitClosed)
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageStartingWith("SSL shutdown timed out: ")
                    .hasMessageContaining("did not answer close_notify within 0.5 seconds");
            assertThatThrownBy(() -> c.reader().read(1))
                    .as("the reader has the error too, as in asyncio")
                    .isInstanceOf(SocketTimeoutException.class);
        } finally {
            stop(peer);
        }
    }
}
