package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.net.Connection;
import org.jasyncio.net.Streams;
import org.jasyncio.testing.AsyncTest;

/** The connection's HTTP/1.x behaviour, driven over raw sockets: framing, keep-alive, errors. */
class ProtocolTest {
    static App app() {
        App app = new App();
        app.get("/", r -> "hello");
        app.post("/echo", r -> r.bytes());
        app.post("/small", r -> r.bytes()).maxBodySize(10);
        app.post("/ignore", r -> "ignored");
        return app;
    }

    /** A malformed request of each family, and the status it must get. */
    record Bad(String request, int status) {}

    static final List<Bad> BAD = List.of(
            new Bad("GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n", 400), // obs-fold
            new Bad("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400), // space before colon
            new Bad(
                    "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                    400), // CL.TE
            new Bad("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
            new Bad("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", 400),
            new Bad(
                    "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                    400), // bad chunk size
            new Bad("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400), // non-token method
            new Bad("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
            new Bad("GET / HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(120) + "\r\n", 431),
            new Bad("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501));

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void malformedRequestsAreRejectedAndClosedWhileGoodOnesAreServed() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            for (int round = 0; round < 5; round++) {
                for (Bad bad : BAD) {
                    String out = Peers.raw(runner.port(), bad.request());
                    assertThat(out)
                            .as(
                                    "answer to %s",
                                    bad.request().lines().findFirst().orElseThrow())
                            .startsWith("HTTP/1.1 " + bad.status() + " ")
                            .contains("Connection: close");
                    assertThat(Peers.count(out, "HTTP/1.1")).isEqualTo(1);
                    String good = Peers.raw(runner.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    assertThat(good).startsWith("HTTP/1.1 200 OK").endsWith("hello");
                }
            }
            runner.awaitNoConnections();
            assertThat(runner.connectionCount()).isZero();
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void aBadRequestAfterGoodOnesOnOneConnectionGetsItsAnswersThenA400() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            String out = Peers.raw(
                    runner.port(),
                    "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
                            + "GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n"
                            + "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(Peers.count(out, "HTTP/1.1 200 OK")).isEqualTo(2);
            assertThat(out).contains("\r\n\r\nhello", "\r\n\r\nhi").contains("HTTP/1.1 400 Bad Request");
            assertThat(Peers.count(out, "HTTP/1.1 ")).isEqualTo(3);
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void http10ClosesUnlessKeepAliveAndStreamsEndWithTheConnection() throws Exception {
        App app = app();
        app.get(
                "/stream",
                r -> Response.stream(out -> {
                    out.write("a");
                    out.write("b");
                }));
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            String closed = Peers.raw(runner.port(), "GET / HTTP/1.0\r\n\r\n");
            assertThat(closed)
                    .startsWith("HTTP/1.1 200 OK")
                    .contains("Connection: close")
                    .endsWith("hello");
            String kept =
                    Peers.raw(runner.port(), "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n");
            assertThat(kept).contains("Connection: keep-alive");
            assertThat(Peers.count(kept, "hello")).isEqualTo(2);
            String stream = Peers.raw(runner.port(), "GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(stream)
                    .doesNotContainIgnoringCase("Transfer-Encoding")
                    .contains("Connection: close")
                    .endsWith("\r\n\r\nab");
            String chunked = Peers.raw(runner.port(), "GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(chunked)
                    .contains("Transfer-Encoding: chunked")
                    .endsWith("\r\n\r\n1\r\na\r\n1\r\nb\r\n0\r\n\r\n");
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void expect100ContinueIsAnsweredWhenTheHandlerReadsTheBodyAnd413WhenItIsTooLarge() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            Connection c = Streams.openConnection("127.0.0.1", runner.port());
            try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
                c.writer()
                        .write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(c.reader().readuntil("\r\n\r\n".getBytes()), StandardCharsets.US_ASCII))
                        .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
                c.writer().write("hello".getBytes(StandardCharsets.US_ASCII));
                String head = new String(c.reader().readuntil("\r\n\r\n".getBytes()), StandardCharsets.US_ASCII);
                assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 5");
                assertThat(new String(c.reader().readexactly(5), StandardCharsets.US_ASCII))
                        .isEqualTo("hello");

                // too large for the route: 413 at once, no 100, and the connection closes
                c.writer()
                        .write("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                String rest = Peers.readAll(c);
                assertThat(rest)
                        .startsWith("HTTP/1.1 413 ")
                        .contains("Connection: close")
                        .doesNotContain("100 Continue");
            } finally {
                c.writer().close();
            }
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void bodyLimitsArePerRouteAndAnUnreadSmallBodyKeepsTheConnection() throws Exception {
        App app = app();
        app.post("/big", r -> String.valueOf(r.bytes().length)).maxBodySize(3 << 20);
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            String out = Peers.raw(
                    runner.port(),
                    "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "6\r\n123456\r\n6\r\n789012\r\n0\r\n\r\n");
            assertThat(out).startsWith("HTTP/1.1 413 ");
            String ignored = Peers.raw(
                    runner.port(),
                    "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                            + "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(Peers.count(ignored, "HTTP/1.1 200 OK")).isEqualTo(2);
            String twoMiB = Peers.python("""
                    import http.client, sys
                    c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
                    for path in ('/big', '/echo'):
                        c.request('POST', path, body=b'x' * (2 << 20))
                        r = c.getresponse()
                        print(r.status, len(r.read()))
                        if r.getheader('Connection') == 'close':
                            c.close()
                    """, String.valueOf(runner.port()));
            assertThat(twoMiB.lines().toList()).containsExactly("200 7", "413 " + twoMiBAnswerLength());
        }
    }

    /**
     * A client that sends its whole over-limit body before it reads gets the 413, not a reset: the server
     * half-closes after the answer and drops the rest of the body until the client closes (a lingering
     * close). Closing at once with 16 MiB unread makes the kernel send a reset that can destroy the 413.
     */
    @AsyncTest(virtualTime = false)
    void aClientStillSendingItsBodyAfterA413ReadsTheAnswer() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            for (int round = 0; round < 3; round++) {
                Connection c = Streams.openConnection("127.0.0.1", runner.port());
                try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
                    c.writer().write(SIXTEEN_MIB_POST_HEAD);
                    c.writer().write(new byte[16 << 20]);
                    c.writer().drain();
                    assertA413ThatCloses(c);
                } finally {
                    c.writer().close();
                }
            }
        }
    }

    /**
     * The lingering close waits for silence, not for a fixed time: a client whose rejected body keeps
     * coming, in pauses shorter than {@code LINGER_TIMEOUT} but for longer than it in all, as on a slow
     * link or a busy machine, still gets to read its 413. A close after a fixed two seconds reset this
     * client's next write (a broken pipe) before it read the answer. Real time is the subject here.
     */
    @AsyncTest(virtualTime = false)
    void aClientSendingItsRejectedBodyInPausesStillReadsTheAnswer() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            Connection c = Streams.openConnection("127.0.0.1", runner.port());
            try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
                c.writer().write(SIXTEEN_MIB_POST_HEAD);
                double started = Asyncio.getRunningLoop().time();
                double pause = HttpConnection.LINGER_TIMEOUT.toNanos() / 1e9 * 0.4;
                while (Asyncio.getRunningLoop().time() - started < pause * 3.5) {
                    c.writer().write(new byte[512 * 1024]);
                    c.writer().drain();
                    Asyncio.sleep(pause);
                }
                assertA413ThatCloses(c);
            } finally {
                c.writer().close();
            }
        }
    }

    /** The head of a POST to /echo announcing 16 MiB, over the route's 1 MiB limit. */
    private static final byte[] SIXTEEN_MIB_POST_HEAD = ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + (16 << 20) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** Reads the answer's head: a 413 that closes the connection. */
    private static void assertA413ThatCloses(Connection c) throws Exception {
        String head = new String(
                c.reader().readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
        assertThat(head).startsWith("HTTP/1.1 413 ").contains("Connection: close");
    }

    private static int twoMiBAnswerLength() {
        return new HttpPayloadTooLarge("body of " + (2 << 20) + " bytes is over this route's limit of "
                        + ServerOptions.DEFAULT_MAX_BODY_SIZE + " bytes")
                .getMessage()
                .length();
    }
}
