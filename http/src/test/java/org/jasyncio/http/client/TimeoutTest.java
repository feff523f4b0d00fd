package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.http.client.Fixtures.respond;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.TimeoutError;
import org.jasyncio.testing.AsyncTest;

/** Each limit of ClientTimeout, firing on the virtual clock, names itself and the URL. */
class TimeoutTest {

    /** Sends the head at once and then one body byte per second, 10 in all. */
    static Dialer trickle() {
        return Fixtures.memory(
                (req, w, r) -> {
                    w.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".getBytes(UTF_8));
                    for (int i = 0; i < 10; i++) {
                        Asyncio.sleep(1);
                        w.write(new byte[] {(byte) ('0' + i)});
                        w.drain();
                    }
                    return true;
                },
                new AtomicInteger(),
                new ArrayList<>());
    }

    static double now() {
        return Asyncio.getRunningLoop().time();
    }

    @AsyncTest
    void aSlowConnectIsAConnectTimeoutNamingTheLimitThatFired() throws Exception {
        Dialer slow = (host, port, tls) -> {
            Asyncio.sleep(60);
            throw new AssertionError("the connect timeout should have fired");
        };
        try (var session = ClientSession.builder()
                .dialer(slow)
                .timeout(ClientTimeout.NONE.withConnect(Duration.ofSeconds(10)))
                .build()) {
            double t0 = now();
            assertThatThrownBy(() -> session.get("http://slow.test/x"))
                    .isInstanceOfSatisfying(
                            ConnectTimeoutError.class,
                            e -> assertThat(e.which()).isEqualTo("connect"))
                    .hasMessage("connect timeout of 10 s fired for http://slow.test/x while connecting to"
                            + " http://slow.test:80 (TCP connect and TLS handshake)");
            assertThat(now() - t0).isEqualTo(10.0);
            assertThat(session.pool().open()).isZero();
        }
        try (var session = ClientSession.builder()
                .dialer(slow)
                .timeout(
                        ClientTimeout.NONE.withConnect(Duration.ofSeconds(10)).withSockConnect(Duration.ofMillis(1500)))
                .build()) {
            double t0 = now();
            assertThatThrownBy(() -> session.get("http://slow.test/x"))
                    .isInstanceOfSatisfying(
                            ConnectTimeoutError.class,
                            e -> assertThat(e.which()).isEqualTo("sockConnect"))
                    .hasMessageStartingWith("sockConnect timeout of 1.5 s fired for http://slow.test/x");
            assertThat(now() - t0).isEqualTo(1.5);
        }
    }

    @AsyncTest
    void theTotalLimitCoversTheBodyReadAfterRequestReturned() throws Exception {
        try (var session = ClientSession.builder()
                .dialer(trickle())
                .timeout(ClientTimeout.ofTotal(Duration.ofMillis(4500)).withRead(Duration.ofSeconds(2)))
                .build()) {
            double t0 = now();
            var resp = session.get("http://slow.test/body");
            assertThatThrownBy(resp::bytes)
                    .isInstanceOf(TotalTimeoutError.class)
                    .hasMessage("total timeout of 4.5 s fired for http://slow.test/body while reading the body of GET"
                            + " http://slow.test/body");
            assertThat(now() - t0).isEqualTo(4.5);
            assertThat(session.pool().open()).isZero();
        }
    }

    @AsyncTest
    void theReadLimitIsPerReadNotPerBody() throws Exception {
        try (var session = ClientSession.builder()
                .dialer(trickle())
                .timeout(ClientTimeout.NONE.withRead(Duration.ofMillis(1500)))
                .build()) {
            double t0 = now();
            assertThat(session.get("http://slow.test/").text()).isEqualTo("0123456789");
            assertThat(now() - t0).isEqualTo(10.0); // ten reads of one second each: none past 1.5 s
        }
    }

    @AsyncTest
    void aRequestsOwnTimeoutOverridesTheSessions() throws Exception {
        try (var session = ClientSession.builder()
                .dialer(trickle())
                .timeout(ClientTimeout.NONE)
                .build()) {
            var opts = RequestOptions.of().withTimeout(ClientTimeout.NONE.withRead(Duration.ofMillis(500)));
            var resp = session.get("http://slow.test/", opts);
            assertThatThrownBy(resp::text)
                    .isInstanceOf(ReadTimeoutError.class)
                    .hasMessageStartingWith("read timeout of 0.5 s fired for http://slow.test/");
        }
    }

    @AsyncTest
    void anOuterTimeoutOfTheCallerIsNotMistakenForTheClients() throws Exception {
        try (var session = ClientSession.builder()
                .dialer(trickle())
                .timeout(ClientTimeout.NONE.withRead(Duration.ofSeconds(30)))
                .build()) {
            assertThatThrownBy(() -> {
                        try (var t = Asyncio.timeout(Duration.ofMillis(2500))) {
                            session.get("http://slow.test/").text();
                        }
                    })
                    .isInstanceOf(TimeoutError.class)
                    .isNotInstanceOf(ClientTimeoutError.class);
            assertThat(session.pool().inUse()).isZero();
            assertThat(session.pool().open()).isZero();
        }
    }

    @AsyncTest
    void timeoutsAreCheckedWhenMade() {
        assertThatThrownBy(() -> ClientTimeout.NONE.withRead(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ClientTimeout.read must be positive or null (no limit), got PT0S");
        assertThat(ClientTimeout.DEFAULT.total()).isEqualTo(Duration.ofMinutes(5));
    }

    @AsyncTest
    void aRespondingServerWithinTheLimitsIsUnaffected() throws Exception {
        try (var session = ClientSession.builder()
                .dialer(Fixtures.memory(
                        (req, w, r) -> {
                            respond(w, 200, "fine");
                            return true;
                        },
                        new AtomicInteger(),
                        new ArrayList<>()))
                .timeout(new ClientTimeout(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .build()) {
            for (int i = 0; i < 5; i++) {
                assertThat(session.get("http://fast.test/").text()).isEqualTo("fine");
                Asyncio.sleep(2); // idle time between requests counts against no limit
            }
        }
    }
}
