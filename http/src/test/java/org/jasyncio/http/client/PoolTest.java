package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.http.client.Fixtures.respond;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;

/** The connection pool, on in-memory connections and the virtual clock. */
class PoolTest {
    final AtomicInteger connections = new AtomicInteger();
    final List<Fixtures.Req> requests = new ArrayList<>();

    ClientSession.Builder session(Fixtures.Answer answer) {
        return ClientSession.builder().dialer(Fixtures.memory(answer, connections, requests));
    }

    static boolean ok(Fixtures.Req req, org.jasyncio.net.StreamWriter w, org.jasyncio.net.StreamReader r)
            throws Exception {
        respond(w, 200, "body of " + req.target());
        return true;
    }

    @AsyncTest
    void aPerHostLimitQueuesRequestsAndHandsOverTheConnection() throws Exception {
        try (var session = session(PoolTest::ok).limitPerHost(1).build()) {
            var first = session.get("http://a.test/1");
            Task<String> second =
                    Asyncio.createTask(() -> session.get("http://a.test/2").text());
            Asyncio.sleep(1);
            assertThat(second.done()).isFalse(); // the only slot is held by the unread first response
            assertThat(session.statistics()).contains("waiting=1", "inUse=1");
            assertThat(first.text()).isEqualTo("body of /1"); // read to the end: the slot goes to the waiter
            assertThat(second.await()).isEqualTo("body of /2");
            assertThat(session.get("http://b.test/other").text()).isEqualTo("body of /other"); // another host: no wait
            assertThat(connections.get()).isEqualTo(2);
        }
    }

    @AsyncTest
    void aPoolWaitPastTheConnectTimeoutNamesWhoHoldsTheConnections() throws Exception {
        try (var session = session(PoolTest::ok)
                .limit(1)
                .timeout(ClientTimeout.NONE.withConnect(Duration.ofSeconds(2)))
                .build()) {
            var held = session.get("http://a.test/held");
            double t0 = Asyncio.getRunningLoop().time();
            assertThatThrownBy(() -> session.get("http://a.test/next"))
                    .isInstanceOfSatisfying(PoolTimeoutError.class, e -> {
                        assertThat(e.url()).isEqualTo(URI.create("http://a.test/next"));
                        assertThat(e.limit()).isEqualTo(Duration.ofSeconds(2));
                    })
                    .hasMessage(
                            "connect timeout of 2 s fired for http://a.test/next while waiting for a free connection"
                                    + " in the pool: 1 open of limit 1 (per host none), 0 idle, 1 in use by: GET http://a.test/held");
            assertThat(Asyncio.getRunningLoop().time() - t0).isEqualTo(2.0);
            held.close();
            assertThat(session.get("http://a.test/next").text()).isEqualTo("body of /next");
            assertThat(session.statistics()).contains("waiting=0");
        }
    }

    @AsyncTest
    void idleConnectionsExpireAfterKeepAlive() throws Exception {
        try (var session =
                session(PoolTest::ok).keepAlive(Duration.ofSeconds(5)).build()) {
            session.get("http://a.test/1").text();
            Asyncio.sleep(4);
            session.get("http://a.test/2").text();
            assertThat(connections.get()).isEqualTo(1);
            assertThat(session.pool().idleCount()).isEqualTo(1);
            Asyncio.sleep(6);
            assertThat(session.pool().idleCount()).isZero(); // closed by its expiry timer
            assertThat(session.pool().open()).isZero();
            session.get("http://a.test/3").text();
            assertThat(connections.get()).isEqualTo(2);
        }
    }

    @AsyncTest
    void theTotalLimitClosesIdleConnectionsOfOtherHostsToMakeRoom() throws Exception {
        try (var session = session(PoolTest::ok).limit(1).build()) {
            session.get("http://a.test/").text();
            assertThat(session.pool().idleCount()).isEqualTo(1);
            assertThat(session.get("http://b.test/").text()).isEqualTo("body of /");
            assertThat(connections.get()).isEqualTo(2);
            assertThat(session.pool().open()).isEqualTo(1);
        }
    }

    @AsyncTest
    void aConnectionIsReusedOnlyWhenItsResponseWasReadToTheEnd() throws Exception {
        try (var session = session((req, w, r) -> {
                    respond(w, 200, "x".repeat(1000));
                    return true;
                })
                .build()) {
            var partly = session.get("http://a.test/1");
            assertThat(partly.content().read(10)).hasSize(10);
            partly.close();
            assertThat(session.pool().open()).isZero(); // closed, not pooled: 990 bytes were left unread
            session.get("http://a.test/2").bytes();
            session.get("http://a.test/3").bytes();
            assertThat(connections.get()).isEqualTo(2);
        }
    }

    @AsyncTest
    void anIdempotentRequestOnAConnectionTheServerClosedIsRetriedOnceOnAFreshOne() throws Exception {
        List<String> retries = new ArrayList<>();
        ClientTrace trace = new ClientTrace() {
            @Override
            public void requestRetry(String method, URI url, int attempt, Throwable cause) {
                retries.add(method + " " + url + " " + cause.getClass().getSimpleName());
            }
        };
        // The server answers the first request of each connection, and closes it when a second comes: a
        // keep-alive timeout on its side that crossed the client's next request.
        try (var session = session((req, w, r) -> {
                    if (req.index() > 1) {
                        return false;
                    }
                    respond(w, 200, "fresh " + req.connection());
                    return true;
                })
                .trace(trace)
                .build()) {
            assertThat(session.get("http://a.test/").text()).isEqualTo("fresh 1");
            assertThat(session.get("http://a.test/").text()).isEqualTo("fresh 2");
            assertThat(retries).containsExactly("GET http://a.test/ ServerDisconnectedError");
            assertThat(session.put("http://a.test/", RequestBody.text("again")).text())
                    .isEqualTo("fresh 3");
            assertThat(retries).hasSize(2);
            assertThatThrownBy(() -> session.post("http://a.test/", RequestBody.text("once")))
                    .isInstanceOf(ServerDisconnectedError.class)
                    .hasMessageContaining("before it answered POST http://a.test/ (no response byte)");
            assertThat(retries).hasSize(2); // POST is not idempotent: never sent twice
            assertThat(session.pool().open()).isZero();
        }
    }

    @AsyncTest
    void aCancelledWaiterLeavesTheQueueAndTheNextOneGetsTheSlot() throws Exception {
        try (var session = session(PoolTest::ok).limit(1).build()) {
            var held = session.get("http://a.test/held");
            Task<String> cancelled =
                    Asyncio.createTask(() -> session.get("http://a.test/c").text());
            Task<String> next =
                    Asyncio.createTask(() -> session.get("http://a.test/n").text());
            Asyncio.sleep(1);
            cancelled.cancel();
            Asyncio.sleep(1);
            assertThat(session.statistics()).contains("waiting=1");
            held.close();
            assertThat(next.await()).isEqualTo("body of /n");
            assertThat(cancelled.cancelled()).isTrue();
            assertThat(new String(session.get("http://a.test/z").bytes(), UTF_8))
                    .isEqualTo("body of /z");
        }
    }
}
