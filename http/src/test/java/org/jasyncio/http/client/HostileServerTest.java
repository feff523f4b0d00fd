package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.testing.AsyncTest;

/** Servers that break the rules on purpose: each failure has its documented exception, and the pool stays clean. */
class HostileServerTest {

    static void assertPoolClean(ClientSession session) {
        for (HttpConnection c : session.pool().idleConnections()) {
            assertThat(c.unusable()).as("idle " + c).isFalse();
        }
        assertThat(session.pool().inUse()).isZero();
    }

    @AsyncTest
    void aBodyCutShortOfItsContentLengthIsAPayloadErrorWithTheByteCounts() throws Exception {
        try (var server = serve((req, w, r) -> {
                    w.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789".getBytes(UTF_8));
                    w.drain();
                    return false; // closes with 90 bytes missing
                });
                var session = new ClientSession()) {
            var resp = session.get(server.url("/file"));
            assertThatThrownBy(resp::bytes)
                    .isInstanceOfSatisfying(ClientPayloadError.class, e -> {
                        assertThat(e.received()).isEqualTo(10);
                        assertThat(e.expected()).isEqualTo(100);
                    })
                    .hasMessage("response payload is not completed: GET " + server.url("/file")
                            + ": received 10 of 100 bytes before the connection ended");
            assertThat(session.pool().open()).isZero();
            assertPoolClean(session);
        }
    }

    @AsyncTest
    void aChunkedBodyCutShortIsAPayloadError() throws Exception {
        try (var server = serve((req, w, r) -> {
                    w.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n8\r\nwor"
                            .getBytes(UTF_8));
                    w.drain();
                    return false;
                });
                var session = new ClientSession()) {
            var resp = session.get(server.url("/"));
            assertThatThrownBy(resp::text)
                    .isInstanceOf(ClientPayloadError.class)
                    .hasMessageEndingWith(
                            "received 8 bytes of a body without Content-Length before the connection ended");
            assertThat(session.pool().open()).isZero();
        }
    }

    @AsyncTest
    void aContentLengthShorterThanTheBodyDoesNotPoisonTheNextResponse() throws Exception {
        try (var server = serve((req, w, r) -> {
                    if (req.connection() == 1) {
                        w.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello world"
                                .getBytes(UTF_8)); // 6 bytes too many
                        w.drain();
                    } else {
                        respond(w, 200, "clean");
                    }
                    return true;
                });
                var session = new ClientSession()) {
            assertThat(session.get(server.url("/")).text()).isEqualTo("hello");
            assertThat(session.pool().open()).isZero(); // the extra bytes made the connection unusable
            assertThat(session.get(server.url("/")).text()).isEqualTo("clean");
            assertThat(server.connections.get()).isEqualTo(2);
            assertPoolClean(session);
        }
    }

    @AsyncTest
    void aGarbageStatusLineIsABadServerResponseSayingWhere() throws Exception {
        try (var server = serve((req, w, r) -> {
                    w.write("HTTX/1.1 200 OK\r\n\r\n".getBytes(UTF_8));
                    w.drain();
                    return true;
                });
                var session = new ClientSession()) {
            assertThatThrownBy(() -> session.get(server.url("/")))
                    .isInstanceOf(BadServerResponse.class)
                    .hasMessageStartingWith("bad response to GET " + server.url("/") + ": ")
                    .hasMessageContaining("(at byte ");
            assertThat(session.pool().open()).isZero();
        }
    }

    @AsyncTest
    void aHeaderFloodPastTheLimitsIsABadServerResponse() throws Exception {
        try (var server = serve((req, w, r) -> {
                    StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
                    for (int i = 0; i < 500; i++) {
                        sb.append("X-Flood-")
                                .append(i)
                                .append(": ")
                                .append("v".repeat(50))
                                .append("\r\n");
                    }
                    w.write(sb.append("Content-Length: 0\r\n\r\n").toString().getBytes(UTF_8));
                    w.drain();
                    return true;
                });
                var session = new ClientSession()) {
            assertThatThrownBy(() -> session.get(server.url("/"))).isInstanceOf(BadServerResponse.class);
            assertThat(session.pool().open()).isZero();
        }
    }

    @AsyncTest
    void aRedirectLoopIsTooManyRedirectsWithTheUrlsVisited() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respond(w, 302, "", "Location", req.target().equals("/a") ? "/b" : "/a");
                    return true;
                });
                var session = ClientSession.builder().redirects(true, 3).build()) {
            assertThatThrownBy(() -> session.get(server.url("/a")))
                    .isInstanceOfSatisfying(TooManyRedirects.class, e -> {
                        assertThat(e.history())
                                .extracting(u -> u.getPath())
                                .containsExactly("/a", "/b", "/a", "/b", "/a");
                        assertThat(e.status()).isEqualTo(302);
                    })
                    .hasMessageStartingWith("too many redirects: more than 3 for GET " + server.url("/a"));
            assertThat(server.connections.get()).isEqualTo(1); // the small redirect bodies were drained: one connection
            assertPoolClean(session);
        }
    }

    @AsyncTest
    void aServerClosingKeepAliveConnectionsAtRandomCostsNoIdempotentRequest() throws Exception {
        Random random = new Random(42);
        try (var server = serve((req, w, r) -> {
                    if (req.index() > 1 && random.nextInt(3) == 0) {
                        return false; // closes without answering, as a keep-alive timeout would
                    }
                    respond(w, 200, "ok " + req.target());
                    return random.nextInt(4) != 0; // and sometimes closes right after answering
                });
                var session = new ClientSession()) {
            for (int i = 0; i < 40; i++) {
                assertThat(session.get(server.url("/" + i)).text()).isEqualTo("ok /" + i);
            }
            assertThat(server.connections.get()).isGreaterThan(1);
            assertPoolClean(session);
        }
    }

    @AsyncTest
    void aStallMidBodyIsAReadTimeoutOnTheVirtualClock() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (var session = ClientSession.builder()
                .dialer(Fixtures.memory(
                        (req, w, r) -> {
                            w.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst part".getBytes(UTF_8));
                            w.drain();
                            Asyncio.sleep(3600);
                            return false;
                        },
                        connections,
                        new ArrayList<>()))
                .timeout(ClientTimeout.NONE.withRead(Duration.ofSeconds(5)))
                .build()) {
            var resp = session.get("http://stall.test/big");
            assertThat(new String(resp.content().readChunk(), UTF_8)).isEqualTo("first part");
            double t0 = Asyncio.getRunningLoop().time();
            assertThatThrownBy(() -> resp.content().readChunk())
                    .isInstanceOf(ReadTimeoutError.class)
                    .hasMessage("read timeout of 5 s fired for http://stall.test/big while reading the body of GET"
                            + " http://stall.test/big");
            assertThat(Asyncio.getRunningLoop().time() - t0).isEqualTo(5.0);
            assertThat(session.pool().open()).isZero();
            assertThatThrownBy(() -> resp.content().readChunk())
                    .isInstanceOf(ClientPayloadError.class)
                    .hasMessageContaining("can no longer be read");
        }
    }

    @AsyncTest
    void aServerThatNeverAnswersIsAReadTimeoutWaitingForTheHead() throws Exception {
        List<Fixtures.Req> seen = new ArrayList<>();
        try (var session = ClientSession.builder()
                .dialer(Fixtures.memory(
                        (req, w, r) -> {
                            Asyncio.sleep(3600);
                            return false;
                        },
                        new AtomicInteger(),
                        seen))
                .timeout(ClientTimeout.NONE.withRead(Duration.ofSeconds(3)))
                .build()) {
            assertThatThrownBy(() -> session.get("http://mute.test/"))
                    .isInstanceOf(ReadTimeoutError.class)
                    .hasMessage("read timeout of 3 s fired for http://mute.test/ while reading the response head of GET"
                            + " http://mute.test/");
            assertThat(seen).hasSize(1);
            assertThat(session.pool().open()).isZero();
        }
    }
}
