package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.net.NetFixtures.HOST;
import static org.jasyncio.net.NetFixtures.closeAll;
import static org.jasyncio.net.NetFixtures.port;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.process.Subprocess;
import org.jasyncio.testfixtures.Certificates;
import org.jasyncio.testfixtures.TestPrograms;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.StreamConformance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    static Path dir;

    static SSLContext serverContext;
    static SSLContext clientContext;

    /** A self-signed certificate for localhost and 127.0.0.1 ({@code server.pem}, {@code server.key}), made by openssl. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        Certificates.localhost(dir, "server");
        serverContext = Certificates.serving(dir, "server");
        clientContext = Certificates.trusting(dir.resolve("server.pem"));
    }

    static Server upperServer(TlsOptions tls) throws Exception {
        return Streams.startServer(
                (r, w) -> {
                    for (byte[] line : r) {
                        w.write(new String(line, UTF_8).toUpperCase().getBytes(UTF_8));
                        w.drain();
                    }
                },
                HOST,
                0,
                tls);
    }

    @AsyncTest(virtualTime = false)
    void connectAcceptedSocketAndCreateConnectionOnAConnectedSocketOverTls() throws Exception {
        LoopMethodsTest.echoOverSocketsConnectedByHand(
                TlsOptions.server(serverContext),
                TlsOptions.client(clientContext).withServerName("localhost"));
    }

    @AsyncTest(virtualTime = false)
    void echoOverTlsWithAlpn() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Server server = upperServer(TlsOptions.server(serverContext).withAlpn("h2", "http/1.1"));
            Connection c = Streams.openConnection(
                    HOST, port(server), TlsOptions.client(clientContext).withAlpn("http/1.1"));
            c.writer().write("hello tls\n".getBytes(UTF_8));
            assertThat(new String(c.reader().readline(), UTF_8)).isEqualTo("HELLO TLS\n");
            assertThat(c.writer().getExtraInfo("sslcontext")).isSameAs(clientContext);
            assertThat((Certificate[]) c.writer().getExtraInfo("peercert")).hasSize(1);
            assertThat(c.writer().getExtraInfo("cipher")).isNotNull();
            assertThat(c.writer().getExtraInfo("alpn_protocol")).isEqualTo("http/1.1");
            assertThat(c.writer().getExtraInfo("peername")).isNotNull();
            assertThat(c.writer().canWriteEof()).isFalse();
            closeAll(c, server);
        }
    }

    @AsyncTest(virtualTime = false)
    void tlsStreamsConform() throws Exception {
        StreamConformance.checkTwoWayStream(() -> NetFixtures.acceptedPair(
                handler -> Streams.startServer(handler, HOST, 0, TlsOptions.server(serverContext)),
                server -> Streams.openConnection(HOST, port(server), TlsOptions.client(clientContext))));
    }

    @AsyncTest(virtualTime = false)
    void untrustedCertificateFailsClearly() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Server server = upperServer(TlsOptions.server(serverContext));
            assertThatThrownBy(() -> Streams.openConnection(HOST, port(server), TlsOptions.client()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("certificate verify failed")
                    .hasMessageContaining("not trusted");
            closeAll(server);
        }
    }

    @AsyncTest(virtualTime = false)
    void wrongHostNameFailsClearly() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Server server = upperServer(TlsOptions.server(serverContext));
            assertThatThrownBy(() -> Streams.openConnection(
                            HOST, port(server), TlsOptions.client(clientContext).withServerName("wrong.example")))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("wrong.example");
            // Without the host-name check the same certificate is accepted.
            Connection c = Streams.openConnection(
                    HOST,
                    port(server),
                    TlsOptions.client(clientContext)
                            .withServerName("wrong.example")
                            .withVerify(false));
            c.writer().write("ok\n".getBytes(UTF_8));
            assertThat(c.reader().readline()).isEqualTo("OK\n".getBytes(UTF_8));
            c.writer().close();
            Connection insecure = Streams.openConnection(HOST, port(server), TlsOptions.insecure());
            insecure.writer().write("x\n".getBytes(UTF_8));
            assertThat(insecure.reader().readline()).isEqualTo("X\n".getBytes(UTF_8));
            insecure.writer().close();
            server.close();
            server.closeClients();
            server.waitClosed();
        }
    }

    @AsyncTest(virtualTime = false)
    void handshakeTimeout() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            // A plain server that never speaks TLS.
            Server silent = Streams.startServer((r, w) -> r.read(), HOST, 0);
            assertThatThrownBy(() -> Streams.openConnection(
                            HOST,
                            port(silent),
                            TlsOptions.client(clientContext).withHandshakeTimeout(Duration.ofMillis(200))))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("TLS handshake");
            silent.close();
            silent.waitClosed();
        }
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void closingTheServerAbortsTheHandshakesInProgressAndWaitClosedReturns() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        try (var t = Asyncio.timeout(60)) {
            java.util.List<Future<Void>> accepted = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accepted.add(loop.createFuture());
            }
            java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
            Server server = loop.createServer(
                    () -> {
                        // each connection's protocol is made as it is accepted, before its handshake
                        accepted.get(made.getAndIncrement()).setResult(null);
                        return new StreamReaderProtocol(loop, new StreamReader(), (r, w) -> {
                            for (byte[] line : r) {
                                w.write(line);
                                w.drain();
                            }
                        });
                    },
                    HOST,
                    0,
                    // far longer than the test: only the close may end the handshakes
                    TlsOptions.server(serverContext).withHandshakeTimeout(Duration.ofHours(1)),
                    Server.DEFAULT_BACKLOG);
            java.net.InetSocketAddress address = server.sockets().getFirst();
            // one that connects and sends nothing, one that sends half a ClientHello (a record header
            // announcing 512 bytes, and 5 of them), one that completes its handshake
            try (var silent = java.nio.channels.SocketChannel.open(address);
                    var half = java.nio.channels.SocketChannel.open(address)) {
                accepted.get(0).await();
                half.write(java.nio.ByteBuffer.wrap(
                        new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03}));
                accepted.get(1).await();
                Connection done = Streams.openConnection(
                        HOST,
                        address.getPort(),
                        TlsOptions.client(clientContext).withServerName("localhost"));
                done.writer().write("past the handshake\n".getBytes(UTF_8));
                assertThat(done.reader().readline()).isEqualTo("past the handshake\n".getBytes(UTF_8));
                assertThat(server.activeCount()).isEqualTo(3);

                server.close();
                // the handshakes in progress are aborted: only the application's connection is left
                for (int i = 0; i < 10_000 && server.activeCount() > 1; i++) {
                    Asyncio.sleep(0);
                }
                assertThat(server.activeCount()).isEqualTo(1);
                done.writer().write("still served\n".getBytes(UTF_8));
                assertThat(done.reader().readline()).isEqualTo("still served\n".getBytes(UTF_8));
                done.writer().close();
                server.waitClosed(); // would wait out the hour-long handshake timeout before
                assertThat(server.activeCount()).isZero();
                for (var raw : java.util.List.of(silent, half)) {
                    raw.socket().setSoTimeout(30_000);
                    int got;
                    try {
                        got = raw.socket().getInputStream().read(new byte[64]);
                    } catch (java.net.SocketException reset) {
                        got = -1; // an abort may reset
                    }
                    assertThat(got)
                            .as("the handshaking client sees its connection end")
                            .isEqualTo(-1);
                }
            }
        }
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void closingTheServerLeavesAStartTlsUpgradeInProgressToTheApplication() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        try (var t = Asyncio.timeout(60)) {
            Future<Void> upgrading = loop.createFuture();
            Server server = Streams.startServer(
                    (r, w) -> {
                        assertThat(r.readline()).isEqualTo("STARTTLS\n".getBytes(UTF_8));
                        w.write("GO\n".getBytes(UTF_8));
                        w.drain();
                        upgrading.setResult(null);
                        // the connection's protocol is a TLS layer in its handshake from here on
                        w.startTls(TlsOptions.server(serverContext), true);
                        w.write(r.readline());
                        w.drain();
                    },
                    HOST,
                    0);
            Connection c = Streams.openConnection(HOST, port(server));
            c.writer().write("STARTTLS\n".getBytes(UTF_8));
            assertThat(c.reader().readline()).isEqualTo("GO\n".getBytes(UTF_8));
            upgrading.await(); // the handler is waiting in startTls for the client's hello
            server.close();
            for (int i = 0; i < 1_000; i++) {
                Asyncio.sleep(0); // room for an abort's connectionLost, were there one
            }
            // the application's connection (its handler has it), not a handshake the server made
            assertThat(server.activeCount()).isEqualTo(1);
            c.writer().startTls(TlsOptions.client(clientContext));
            c.writer().write("upgraded after the close\n".getBytes(UTF_8));
            assertThat(c.reader().readline()).isEqualTo("upgraded after the close\n".getBytes(UTF_8));
            assertThat(c.reader().read()).isEmpty();
            c.writer().close();
            server.waitClosed();
            assertThat(server.activeCount()).isZero();
        }
    }

    @AsyncTest(virtualTime = false)
    void startTlsUpgradesAPlainConnection() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            Server server = Streams.startServer(
                    (r, w) -> {
                        assertThat(r.readline()).isEqualTo("STARTTLS\n".getBytes(UTF_8));
                        w.write("GO\n".getBytes(UTF_8));
                        w.drain();
                        w.startTls(TlsOptions.server(serverContext), true);
                        byte[] secret = r.readline();
                        w.write(("secret was " + new String(secret, UTF_8)).getBytes(UTF_8));
                        w.drain();
                    },
                    HOST,
                    0);
            Connection c = Streams.openConnection(HOST, port(server));
            c.writer().write("STARTTLS\n".getBytes(UTF_8));
            assertThat(c.reader().readline()).isEqualTo("GO\n".getBytes(UTF_8));
            c.writer().startTls(TlsOptions.client(clientContext));
            assertThat(c.writer().getExtraInfo("sslcontext")).isSameAs(clientContext);
            c.writer().write("swordfish\n".getBytes(UTF_8));
            assertThat(new String(c.reader().readline(), UTF_8)).isEqualTo("secret was swordfish\n");
            // The server's handler returned: a clean TLS close is EOF, not an error.
            assertThat(c.reader().read()).isEmpty();
            c.writer().close();
            closeAll(server);
        }
    }

    @AsyncTest(virtualTime = false)
    void cleanShutdownIsEofOnBothSides() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<byte[]> got = loop.createFuture();
            Server server =
                    Streams.startServer((r, w) -> got.setResult(r.read()), HOST, 0, TlsOptions.server(serverContext));
            Connection c = Streams.openConnection(HOST, port(server), TlsOptions.client(clientContext));
            c.writer().write("all of it".getBytes(UTF_8));
            c.writer().close();
            c.writer().waitClosed();
            assertThat(got.await()).isEqualTo("all of it".getBytes(UTF_8));
            closeAll(server);
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @AsyncTest(virtualTime = false)
    void talksToOpensslServer() throws Exception {
        try (var t = Asyncio.timeout(30)) {
            int port = freePort();
            Subprocess server = Subprocess.exec(
                    TestPrograms.openssl(),
                    "s_server",
                    "-rev",
                    "-accept",
                    HOST + ":" + port,
                    "-cert",
                    dir.resolve("server.pem").toString(),
                    "-key",
                    dir.resolve("server.key").toString(),
                    "-naccept",
                    "1");
            try {
                // s_server prints ACCEPT once it listens.
                while (true) {
                    byte[] line = server.stdout().readline();
                    assertThat(line)
                            .as("openssl s_server exited before listening")
                            .isNotEmpty();
                    if (new String(line, UTF_8).startsWith("ACCEPT")) {
                        break;
                    }
                }
                Connection c = Streams.openConnection(HOST, port, TlsOptions.client(clientContext));
                c.writer().write("stressed\n".getBytes(UTF_8));
                byte[] answer = c.reader().readline();
                assertThat(new String(answer, UTF_8).trim()).isEqualTo("desserts");
                c.writer().close();
                c.writer().waitClosed();
            } finally {
                server.kill();
                server.await();
            }
        }
    }

    @AsyncTest(virtualTime = false)
    void servesOpensslClient() throws Exception {
        try (var t = Asyncio.timeout(30)) {
            Server server = upperServer(TlsOptions.server(serverContext));
            Subprocess client = Subprocess.exec(
                    TestPrograms.openssl(),
                    "s_client",
                    "-connect",
                    HOST + ":" + port(server),
                    "-CAfile",
                    dir.resolve("server.pem").toString(),
                    "-verify_return_error",
                    "-servername",
                    "localhost",
                    "-quiet");
            try {
                client.stdin().write("from openssl\n".getBytes(UTF_8));
                client.stdin().drain();
                assertThat(new String(client.stdout().readline(), UTF_8)).isEqualTo("FROM OPENSSL\n");
            } finally {
                client.kill();
                client.await();
            }
            server.close();
            server.abortClients();
            server.waitClosed();
        }
    }
}
