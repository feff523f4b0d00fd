package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Future;
import org.jasyncio.http.client.ClientSession;
import org.jasyncio.net.Connection;
import org.jasyncio.net.ConnectionResetError;
import org.jasyncio.net.Streams;
import org.jasyncio.net.TlsOptions;
import org.jasyncio.testfixtures.Certificates;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS ({@link ServerOptions#withTls}): the server over TLS with a throwaway certificate for
 * localhost and 127.0.0.1 that openssl makes here, driven by curl, Python's http.client and our
 * client; on one loop and on many, where a shutdown closes the TLS handshakes under way.
 */
class HttpsTest {
    @TempDir
    static Path dir;

    static SSLContext serving;
    static SSLContext trusting;

    @BeforeAll
    static void certificates() throws Exception {
        Certificates.localhost(dir, "server");
        serving = Certificates.serving(dir, "server");
        trusting = Certificates.trusting(dir.resolve("server.pem"));
    }

    private static App app() {
        App app = new App()
                .options(ServerOptions.defaults()
                        .withAccessLog(false)
                        .withTls(TlsOptions.server(serving).withHandshakeTimeout(Duration.ofSeconds(20))));
        app.get("/hello", r -> r.scheme() + " " + r.secure() + " " + r.method() + " " + r.path());
        app.post("/echo", r -> Response.bytes(r.bytes(), "application/octet-stream"));
        app.get(
                "/stream",
                r -> Response.stream(out -> {
                    for (int i = 0; i < 3; i++) {
                        out.write("part " + i + "\n");
                    }
                }));
        app.get("/loop", r -> "loop-" + System.identityHashCode(Asyncio.getRunningLoop()));
        return app;
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void curlAndPythonAndOurClientSpeakHttpsToIt() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            assertThat(runner.url()).isEqualTo("https://127.0.0.1:" + runner.port());
            String ca = dir.resolve("server.pem").toString();

            Peers.CurlResult hello = Peers.curl("--cacert", ca, runner.url() + "/hello");
            assertThat(hello.exit()).as(hello.err()).isZero();
            assertThat(hello.status()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("https true GET /hello");

            Peers.CurlResult stream = Peers.curl("--cacert", ca, runner.url() + "/stream");
            assertThat(stream.out()).containsIgnoringCase("transfer-encoding: chunked");
            assertThat(stream.body()).isEqualTo("part 0\npart 1\npart 2\n");

            // keep-alive over one TLS connection, and a 300 kB body each way (many TLS records)
            String py = Peers.python("""
                    import http.client, ssl, sys
                    ctx = ssl.create_default_context(cafile=sys.argv[2])
                    c = http.client.HTTPSConnection('127.0.0.1', int(sys.argv[1]), context=ctx, timeout=20)
                    body = bytes(range(256)) * 1200
                    for i in range(3):
                        c.request('POST', '/echo', body=body)
                        r = c.getresponse()
                        print(r.status, r.read() == body, c.sock.version())
                    c.request('GET', '/hello')
                    print(c.getresponse().read().decode())
                    c.close()
                    """, String.valueOf(runner.port()), ca);
            assertThat(py.lines().toList())
                    .hasSize(4)
                    .startsWith("200 True TLSv1.3", "200 True TLSv1.3", "200 True TLSv1.3")
                    .endsWith("https true GET /hello");
            assertThat(runner.connectionsServedPerLoop()).containsExactly(3);

            try (var session =
                    ClientSession.builder().tls(TlsOptions.client(trusting)).build()) {
                try (var resp = session.get(runner.url() + "/hello")) {
                    assertThat(resp.status()).isEqualTo(200);
                    assertThat(resp.text()).isEqualTo("https true GET /hello");
                }
            }
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time
    void aClientThatDoesNotSpeakTlsOrDistrustsTheCertificateIsClosedAndOthersAreStillServed() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            // plain HTTP to the TLS port: not a TLS record, so the handshake fails and the connection closes
            String plain = Peers.raw(runner.port(), "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(plain).doesNotContain("https true");
            // a client that does not trust the certificate gives up in the handshake
            Peers.CurlResult distrust = Peers.curl(runner.url() + "/hello");
            assertThat(distrust.exit()).isEqualTo(60); // curl: peer certificate cannot be authenticated
            // and the next client is served; nothing was reported to the loop's exception handler
            Peers.CurlResult ok =
                    Peers.curl("--cacert", dir.resolve("server.pem").toString(), runner.url() + "/hello");
            assertThat(ok.body()).isEqualTo("https true GET /hello");
            assertThat(runner.connectionCount()).isLessThanOrEqualTo(1);
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time
    void manyLoopsServeHttpsToo() throws Exception {
        AppRunner runner = app().start("127.0.0.1", 0, 2);
        try {
            String out = Peers.python(
                    """
                    import http.client, ssl, sys
                    ctx = ssl.create_default_context(cafile=sys.argv[2])
                    for i in range(4):
                        c = http.client.HTTPSConnection('127.0.0.1', int(sys.argv[1]), context=ctx, timeout=20)
                        c.request('GET', '/loop')
                        r = c.getresponse()
                        print(r.status, r.read().decode())
                        c.close()
                    """,
                    String.valueOf(runner.port()),
                    dir.resolve("server.pem").toString());
            Set<String> loops = new TreeSet<>();
            for (String line : out.lines().toList()) {
                assertThat(line).startsWith("200 loop-");
                loops.add(line.substring(4));
            }
            assertThat(loops).hasSize(2);
            assertThat(runner.connectionsServedPerLoop()).containsExactly(2, 2);
            // a failed handshake on a worker loop is not reported either
            Peers.raw(runner.port(), "GET / HTTP/1.1\r\n\r\n");
            Peers.raw(runner.port(), "GET / HTTP/1.1\r\n\r\n");
        } finally {
            runner.shutdown(Duration.ofSeconds(5));
        }
        assertThat(runner.connectionCount()).isZero();
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void theShutdownClosesTlsHandshakesUnderWayAtOnceOnOneLoop() throws Exception {
        shutdownClosesStalledHandshakes(1);
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void theShutdownClosesTlsHandshakesUnderWayAtOnceOnManyLoops() throws Exception {
        shutdownClosesStalledHandshakes(2);
    }

    /**
     * Two clients open TCP to the TLS port and never send their ClientHello (one per loop with two):
     * the shutdown cancels their handshakes (the handshake timeout is far beyond the test), each
     * client reads the end, nothing is reported, and no task of them is left on the starting loop.
     */
    private static void shutdownClosesStalledHandshakes(int loops) throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (logged) {
                    logged.add(r); // the worker loops report to the default handler: this logger
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger("org.jasyncio");
        log.addHandler(capture);
        List<ExceptionContext> reported = new ArrayList<>();
        EventLoop loop = Asyncio.getRunningLoop();
        loop.setExceptionHandler((l, context) -> reported.add(context));
        try (var t = Asyncio.timeout(Duration.ofSeconds(120))) {
            App app = new App()
                    .options(ServerOptions.defaults()
                            .withAccessLog(false)
                            .withTls(TlsOptions.server(serving).withHandshakeTimeout(Duration.ofSeconds(600))));
            app.get("/hello", r -> "hello");
            String before = loop.statistics().get(2); // tasks=
            AppRunner runner = app.start("127.0.0.1", 0, loops);
            List<Connection> stalled = new ArrayList<>();
            try {
                Future<Void> underWay = runner.handshakesUnderWay(2);
                for (int i = 0; i < 2; i++) {
                    stalled.add(Streams.openConnection("127.0.0.1", runner.port()));
                }
                underWay.await(); // the acceptor's hand-off, maybe to another loop
                double start = loop.time();
                runner.shutdown(Duration.ofSeconds(60));
                assertThat(loop.time() - start).as("shutdown seconds").isLessThan(20);
                assertThat(runner.handshakesInFlight()).isZero();
                assertThat(runner.connectionCount()).isZero();
                // both sockets were closed by the server: each client reads the end (or a reset)
                for (Connection c : stalled) {
                    try (var r = Asyncio.timeout(Duration.ofSeconds(30))) {
                        assertThat(c.reader().read(1024)).isEmpty();
                    } catch (ConnectionResetError reset) {
                        // an aborted socket may answer with a reset: closed too
                    }
                }
            } finally {
                for (Connection c : stalled) {
                    c.writer().close();
                }
            }
            // nothing of the starting loop's handshake is left: its task ended with the shutdown
            assertThat(loop.statistics().get(2)).isEqualTo(before);
        } finally {
            log.removeHandler(capture);
        }
        assertThat(reported).isEmpty();
        synchronized (logged) {
            assertThat(logged).extracting(LogRecord::getMessage).isEmpty();
        }
    }
}
