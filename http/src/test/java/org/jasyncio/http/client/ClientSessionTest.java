package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.respondChunked;
import static org.jasyncio.http.client.Fixtures.serve;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.jasyncio.ExceptionContext;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.net.IncompleteReadError;
import org.jasyncio.testing.AsyncTest;

class ClientSessionTest {

    @AsyncTest
    void getReadsStatusHeadersAndTextAndReusesTheConnection() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respond(
                            w,
                            200,
                            "hello " + req.target(),
                            "Content-Type",
                            "text/plain; charset=utf-8",
                            "X-Conn",
                            String.valueOf(req.connection()));
                    return true;
                });
                var session = new ClientSession()) {
            for (int i = 0; i < 3; i++) {
                try (var resp = session.get(server.url("/a?i=" + i))) {
                    assertThat(resp.status()).isEqualTo(200);
                    assertThat(resp.reason()).isEqualTo("OK");
                    assertThat(resp.version()).isEqualTo(HttpVersion.HTTP_1_1);
                    assertThat(resp.ok()).isTrue();
                    assertThat(resp.contentType()).isEqualTo("text/plain");
                    assertThat(resp.charset()).isEqualTo(UTF_8);
                    assertThat(resp.text()).isEqualTo("hello /a?i=" + i);
                    assertThat(resp.state()).isEqualTo(ClientResponse.State.COMPLETE);
                    assertThat(resp.headers().get("x-conn")).isEqualTo("1");
                }
            }
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(session.pool().reused()).isEqualTo(2);
            assertThat(server.requests.get(0).header("Host")).isEqualTo("127.0.0.1:" + server.port());
            assertThat(server.requests.get(0).header("User-Agent")).startsWith("jasyncio-http/");
            assertThat(server.requests.get(0).header("Accept-Encoding")).isEqualTo("gzip, deflate");
        }
    }

    @AsyncTest
    void bodiesOfEveryKindAreSentWithTheirFraming() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respond(
                            w,
                            200,
                            req.method() + " " + req.header("content-type") + " " + req.header("content-length") + " "
                                    + req.header("transfer-encoding") + " [" + req.text() + "]");
                    return true;
                });
                var session = ClientSession.builder().baseUrl(server.url("/")).build()) {
            assertThat(session.post("/p", RequestBody.bytes(new byte[] {65, 66}))
                            .text())
                    .isEqualTo("POST application/octet-stream 2 null [AB]");
            assertThat(session.put("/p", RequestBody.text("héllo")).text())
                    .isEqualTo("PUT text/plain; charset=utf-8 6 null [héllo]");
            assertThat(session.patch("/p", RequestBody.form("q", "a b", "x", "&"))
                            .text())
                    .isEqualTo("PATCH application/x-www-form-urlencoded 11 null [q=a+b&x=%26]");
            assertThat(session.post("/p", RequestBody.form(Map.of("k", "v"))).text())
                    .isEqualTo("POST application/x-www-form-urlencoded 3 null [k=v]");
            var chunks = List.of("one,".getBytes(UTF_8), "two".getBytes(UTF_8));
            assertThat(session.post("/p", RequestBody.stream(chunks, "text/csv"))
                            .text())
                    .isEqualTo("POST text/csv null chunked [one,two]");
            assertThat(session.post("/p", null).text()).isEqualTo("POST null 0 null []");
            assertThat(session.delete("/p").text()).isEqualTo("DELETE null null null []");
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @AsyncTest
    void baseUrlQueryParametersAndHeadersCombine() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respond(w, 200, req.target() + " " + req.header("x-app") + " " + req.header("accept"));
                    return true;
                });
                var session = ClientSession.builder()
                        .baseUrl(server.url("/api/"))
                        .header("X-App", "demo")
                        .build()) {
            var opts = RequestOptions.of()
                    .withQuery("q", "a b")
                    .withQuery(Map.of("page", "2"))
                    .withHeader("Accept", "text/html");
            assertThat(session.get("items?sort=name", opts).text())
                    .isEqualTo("/api/items?sort=name&q=a+b&page=2 demo text/html");
            assertThat(session.get("/root").text()).isEqualTo("/root demo */*");
        }
    }

    @AsyncTest
    void headAnd204AndRaiseForStatus() throws Exception {
        try (var server = serve((req, w, r) -> {
                    switch (req.target()) {
                        case "/head" -> w.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(UTF_8));
                        case "/empty" -> w.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(UTF_8));
                        default -> respond(w, 404, "no such page");
                    }
                    w.drain();
                    return true;
                });
                var session = new ClientSession()) {
            var head = session.head(server.url("/head"));
            assertThat(head.headers().get("Content-Length")).isEqualTo("1000");
            assertThat(head.state()).isEqualTo(ClientResponse.State.COMPLETE); // nothing to read: released at once
            assertThat(head.bytes()).isEmpty();
            var empty = session.get(server.url("/empty"));
            assertThat(empty.status()).isEqualTo(204);
            assertThat(empty.bytes()).isEmpty();
            var missing = session.get(server.url("/missing"));
            assertThat(missing.ok()).isFalse();
            assertThatThrownBy(missing::raiseForStatus)
                    .isInstanceOfSatisfying(ClientResponseError.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.url().getPath()).isEqualTo("/missing");
                    })
                    .hasMessage("404 Not Found for GET " + server.url("/missing"));
            assertThat(missing.state()).isEqualTo(ClientResponse.State.CLOSED);
            assertThat(session.get(server.url("/empty")).status()).isEqualTo(204);
            assertThat(server.connections.get()).isEqualTo(2); // the unread 404 body cost its connection
            assertThat(session.pool().inUse()).isZero();
        }
    }

    /** asyncio's and aiohttp's 64 KiB line limit: a server sending one endless line cannot fill the heap. */
    @AsyncTest
    void aLineOverTheLimitIsALimitOverrunError() throws Exception {
        String third = "x".repeat(30_000);
        try (var server = serve((req, w, r) -> {
                    respondChunked(w, third, third, third, "\nok\n");
                    return true;
                });
                var session = new ClientSession()) {
            try (var resp = session.get(server.url("/"))) {
                assertThatThrownBy(() -> resp.content().readLine())
                        .isInstanceOf(org.jasyncio.net.LimitOverrunError.class)
                        .hasMessageContaining("readLine() on ")
                        .hasMessageContaining("over 65536 bytes without a line end");
            }
            try (var resp = session.get(server.url("/"))) {
                assertThatThrownBy(() -> resp.content().lines().forEach(l -> {}))
                        .isInstanceOf(java.io.UncheckedIOException.class)
                        .hasCauseInstanceOf(org.jasyncio.net.LimitOverrunError.class);
            }
        }
    }

    @AsyncTest
    void contentStreamsInChunksLinesAndExactSizes() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respondChunked(w, "line one\nline ", "two\r\n", "0123456789", "tail");
                    return true;
                });
                var session = new ClientSession()) {
            try (var resp = session.get(server.url("/"))) {
                ResponseContent c = resp.content();
                assertThat(new String(c.readLine(), UTF_8)).isEqualTo("line one\n");
                assertThat(new String(c.readLine(), UTF_8)).isEqualTo("line two\r\n");
                assertThat(new String(c.readExactly(4), UTF_8)).isEqualTo("0123");
                assertThat(new String(c.read(3), UTF_8)).isEqualTo("456");
                assertThat(new String(c.readChunk(), UTF_8)).isEqualTo("789");
                assertThatThrownBy(() -> c.readExactly(10))
                        .isInstanceOfSatisfying(
                                IncompleteReadError.class,
                                e -> assertThat(new String(e.partial(), UTF_8)).isEqualTo("tail"));
                assertThat(c.atEof()).isTrue();
                assertThat(c.readChunk()).isEmpty();
                assertThat(resp.state()).isEqualTo(ClientResponse.State.COMPLETE);
            }
            try (var resp = session.get(server.url("/"))) {
                assertThat(resp.content().lines()).containsExactly("line one", "line two", "0123456789tail");
            }
            try (var resp = session.get(server.url("/"))) {
                StringBuilder sb = new StringBuilder();
                for (byte[] chunk : resp.content().chunks()) {
                    sb.append(new String(chunk, UTF_8)).append('|');
                }
                assertThat(sb.toString()).isEqualTo("line one\nline |two\r\n|0123456789|tail|");
            }
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @AsyncTest
    void invalidUrlsFailBeforeAnyConnection() throws Exception {
        try (var session = new ClientSession()) {
            assertThatThrownBy(() -> session.get("/relative"))
                    .isInstanceOf(InvalidUrl.class)
                    .hasMessageContaining("not absolute, and the session has no base URL");
            assertThatThrownBy(() -> session.get("ftp://host/file"))
                    .isInstanceOf(InvalidUrl.class)
                    .hasMessageContaining("the scheme must be http or https, got ftp");
            assertThatThrownBy(() -> session.get("http://exa mple.org/"))
                    .isInstanceOf(InvalidUrl.class)
                    .hasMessageContaining("invalid URL 'http://exa mple.org/'");
            assertThatThrownBy(() -> session.get("http:///path"))
                    .isInstanceOf(InvalidUrl.class)
                    .hasMessageContaining("no host");
            assertThatThrownBy(() -> session.get("http://host:99999/"))
                    .isInstanceOf(InvalidUrl.class)
                    .hasMessageContaining("out of range");
            assertThat(session.pool().created()).isZero();
        }
    }

    @AsyncTest
    void refusedConnectionIsAClientConnectionError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free, then closed: nobody listens
        }
        try (var session = new ClientSession()) {
            assertThatThrownBy(() -> session.get("http://127.0.0.1:" + port + "/x"))
                    .isInstanceOf(ClientConnectionError.class)
                    .hasMessageContaining(
                            "cannot connect to http://127.0.0.1:" + port + " for http://127.0.0.1:" + port + "/x");
            assertThat(session.pool().open()).isZero();
        }
    }

    @AsyncTest(debug = true)
    void anUnreadResponseIsReportedWhenItsSessionClosesWithWhereItWasMade() throws Exception {
        List<ExceptionContext> reports = Fixtures.captureReports();
        try (var server = serve((req, w, r) -> {
            respond(w, 200, "x".repeat(100));
            return true;
        })) {
            var session = new ClientSession();
            var resp = session.get(server.url("/never-read"));
            session.close();
            session.close(); // idempotent
            assertThat(reports).hasSize(1);
            assertThat(reports.get(0).message())
                    .startsWith("the response to GET " + server.url("/never-read") + " created at "
                            + getClass().getName()
                            + ".anUnreadResponseIsReportedWhenItsSessionClosesWithWhereItWasMade(")
                    .endsWith("was neither read to its end nor closed when its session closed");
            assertThat(resp.state()).isEqualTo(ClientResponse.State.OPEN);
            resp.close(); // no second report
            assertThat(reports).hasSize(1);
            assertThat(session.pool().open()).isZero();
            assertThatThrownBy(() -> session.get(server.url("/")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed: request() must be called before close()");
        }
    }

    @AsyncTest
    void outsideDebugModeAnUnreadResponseIsReportedWithoutAStackWalkAndSaysHowToGetTheLine() throws Exception {
        List<ExceptionContext> reports = Fixtures.captureReports();
        try (var server = serve((req, w, r) -> {
            respond(w, 200, "x".repeat(100));
            return true;
        })) {
            var session = new ClientSession();
            var resp = session.get(server.url("/never-read"));
            assertThat(resp.state()).isEqualTo(ClientResponse.State.OPEN);
            session.close();
            assertThat(reports).singleElement().satisfies(r -> {
                assertThat(r.message())
                        .isEqualTo("the response to GET " + server.url("/never-read")
                                + " was neither read to its end nor closed when its session closed "
                                + LeakReport.NO_SITE);
                assertThat(r.extra()).doesNotContainKey("source_traceback");
            });
        }
    }

    @AsyncTest
    void aDroppedSessionIsReportedOnceByItsLeakReport() throws Exception {
        List<ExceptionContext> reports = Fixtures.captureReports();
        var session = new ClientSession();
        LeakReport report = session.leakReport();
        org.jasyncio.Future<ExceptionContext> first = Fixtures.firstReport(reports);
        report.run(); // what the cleaner does when the watched object is collected
        report.run();
        first.await(); // the report comes through callSoonThreadsafe
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).message())
                .startsWith("ClientSession created at " + getClass().getName())
                .endsWith("was never closed");
        assertThat(reports.get(0).extra()).containsKey("source_traceback");
        session.close();
    }

    @AsyncTest(debug = true, virtualTime = false) // waits for the cleaner thread: real time, bounded
    void aDroppedUnreadResponseIsReportedWhenCollectedAndItsConnectionFreed() throws Exception {
        List<ExceptionContext> reports = Fixtures.captureReports();
        org.jasyncio.Future<ExceptionContext> first = Fixtures.firstReport(reports);
        try (var server = serve((req, w, r) -> {
                    respond(w, 200, "x".repeat(100));
                    return true;
                });
                var session = ClientSession.builder().limit(1).build()) {
            dropUnread(session, server.url("/dropped"));
            // Collect, then wait for the report (an event: the handler completes the future); a collection
            // may miss the response (it can still be in a register), hence a few rounds, each bounded.
            for (int i = 0; i < 50 && !first.done(); i++) {
                System.gc();
                try (var t = org.jasyncio.Asyncio.timeout(java.time.Duration.ofMillis(200))) {
                    org.jasyncio.Asyncio.shield(first);
                } catch (org.jasyncio.TimeoutError notYet) {
                    // not collected in this round: collect again
                }
            }
            assertThat(reports)
                    .singleElement()
                    .satisfies(r -> assertThat(r.message())
                            .startsWith("the response to GET " + server.url("/dropped") + " created at "
                                    + getClass().getName() + ".dropUnread(")
                            .endsWith("was never closed"));
            // The clean-up ran in the same loop callback as the report, before this task resumed.
            assertThat(session.pool().inUse()).isZero(); // its slot is free again: the pool (limit 1) does not hang
            assertThat(session.get(server.url("/next")).text()).hasSize(100);
        }
    }

    private static void dropUnread(ClientSession session, String url) throws Exception {
        session.get(url); // the response is neither read nor closed, and goes out of scope
    }

    @AsyncTest
    void aBodyDelimitedByTheCloseIsReadToTheEndAndItsConnectionNotReused() throws Exception {
        try (var server = serve((req, w, r) -> {
                    w.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end".getBytes(UTF_8));
                    w.drain();
                    return false;
                });
                var session = new ClientSession()) {
            assertThat(session.get(server.url("/")).text()).isEqualTo("until the end");
            assertThat(session.get(server.url("/")).text()).isEqualTo("until the end");
            assertThat(server.connections.get()).isEqualTo(2);
            assertThat(session.pool().open()).isZero();
        }
    }
}
