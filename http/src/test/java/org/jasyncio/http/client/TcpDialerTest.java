package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.serve;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

class TcpDialerTest {
    final AtomicInteger lookups = new AtomicInteger();

    TcpDialer.Resolver to(String... addresses) {
        return host -> {
            lookups.incrementAndGet();
            Asyncio.sleep(0.5); // a lookup takes time: concurrent ones must share it
            List<InetAddress> out = new ArrayList<>();
            for (String a : addresses) {
                out.add(InetAddress.ofLiteral(a));
            }
            return out;
        };
    }

    @Test
    void addressesAlternateFamiliesStartingWithTheFirst() throws Exception {
        var v6a = InetAddress.ofLiteral("2001:db8::1");
        var v6b = InetAddress.ofLiteral("2001:db8::2");
        var v4a = InetAddress.ofLiteral("192.0.2.1");
        var v4b = InetAddress.ofLiteral("192.0.2.2");
        assertThat(TcpDialer.interleave(List.of(v6a, v6b, v4a))).containsExactly(v6a, v4a, v6b);
        assertThat(TcpDialer.interleave(List.of(v4a, v4b, v6a))).containsExactly(v4a, v6a, v4b);
        assertThat(TcpDialer.interleave(List.of(v4a))).containsExactly(v4a);
    }

    @AsyncTest
    void lookupsAreCachedForTheirTtlAndSharedWhileInFlight() throws Exception {
        try (var server = serve((req, w, r) -> {
            respond(w, 200, "via " + req.header("host"));
            return false;
        })) {
            var dialer = TcpDialer.defaults().withResolver(to("127.0.0.1"));
            try (var session = ClientSession.builder().dialer(dialer).build()) {
                String url = "http://svc.test:" + server.port() + "/";
                Task<String> a = Asyncio.createTask(() -> session.get(url).text());
                Task<String> b = Asyncio.createTask(() -> session.get(url).text());
                assertThat(a.await()).isEqualTo("via svc.test:" + server.port());
                assertThat(b.await()).isEqualTo("via svc.test:" + server.port());
                assertThat(lookups.get()).isEqualTo(1);
                Asyncio.sleep(5);
                session.get(url).text();
                assertThat(lookups.get()).isEqualTo(1);
                Asyncio.sleep(6); // past the 10 s TTL
                session.get(url).text();
                assertThat(lookups.get()).isEqualTo(2);
                assertThat(server.connections.get()).isEqualTo(4);
            }
        }
    }

    @AsyncTest
    void anUnreachableFirstFamilyFallsBackToTheNextAddress() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respond(w, 200, "reached");
                    return true;
                });
                var session = ClientSession.builder()
                        .dialer(TcpDialer.defaults().withResolver(to("::1", "127.0.0.1")))
                        .build()) {
            // nothing listens on [::1] at this port (or IPv6 is off): refused at once, 127.0.0.1 answers
            assertThat(session.get("http://dual.test:" + server.port() + "/").text())
                    .isEqualTo("reached");
        }
    }

    @AsyncTest
    void aNameThatDoesNotResolveIsAClientConnectionError() throws Exception {
        TcpDialer.Resolver failing = host -> {
            lookups.incrementAndGet();
            throw new UnknownHostException(host + ": Name or service not known");
        };
        try (var session = ClientSession.builder()
                .dialer(TcpDialer.defaults().withResolver(failing))
                .build()) {
            assertThatThrownBy(() -> session.get("http://nowhere.test/"))
                    .isInstanceOf(ClientConnectionError.class)
                    .hasMessageContaining("cannot connect to http://nowhere.test:80 for http://nowhere.test/: the name"
                            + " does not resolve");
            assertThatThrownBy(() -> session.get("http://nowhere.test/")).isInstanceOf(ClientConnectionError.class);
            assertThat(lookups.get()).isEqualTo(2); // failures are not cached
        }
    }

    @AsyncTest
    void ipLiteralsAreNotLookedUp() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respond(w, 200, "literal");
                    return true;
                });
                var session = ClientSession.builder()
                        .dialer(TcpDialer.defaults().withResolver(to()))
                        .build()) {
            assertThat(session.get(server.url("/")).text()).isEqualTo("literal");
            assertThat(lookups.get()).isZero();
        }
    }

    /** A resolver that answers at once (exact virtual times below). */
    static TcpDialer.Resolver instantly(String... addresses) {
        return host -> {
            List<InetAddress> out = new ArrayList<>();
            for (String a : addresses) {
                out.add(InetAddress.ofLiteral(a));
            }
            return out;
        };
    }

    /**
     * A listener on {@code address:port} whose accept queue is full and never drained: Linux drops
     * further SYNs, so a connect to it hangs (no refusal, no answer), all on loopback.
     */
    static final class Blackhole implements AutoCloseable {
        final ServerSocket listener = new ServerSocket();
        final List<Socket> fillers = new ArrayList<>();

        Blackhole(String address, int port) throws Exception {
            InetSocketAddress at = new InetSocketAddress(InetAddress.ofLiteral(address), port);
            listener.bind(at, 1);
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket();
                try {
                    s.connect(at, 300); // queued, never accepted; the first that times out proves it full
                } catch (SocketTimeoutException full) {
                    s.close();
                    return;
                }
                fillers.add(s);
            }
            close();
            throw new IllegalStateException(
                    "the accept queue of " + at + " never filled up: a connect to it would not hang");
        }

        @Override
        public void close() throws Exception {
            for (Socket s : fillers) {
                s.close();
            }
            listener.close();
        }
    }

    @AsyncTest
    void whenTheFirstFamilyHangsTheSecondIsTriedAfterTheAttemptDelayAndWins() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respond(w, 200, "over IPv4");
                    return true;
                });
                var hole = new Blackhole("::1", server.port());
                var session = ClientSession.builder()
                        .dialer(TcpDialer.defaults().withResolver(instantly("::1", "127.0.0.1")))
                        .build()) {
            double t0 = Asyncio.getRunningLoop().time();
            assertThat(session.get("http://dual.test:" + server.port() + "/").text())
                    .isEqualTo("over IPv4");
            // [::1] never answered; 127.0.0.1 was tried 250 ms (RFC 8305's default delay) after it, on the virtual
            // clock
            assertThat(Asyncio.getRunningLoop().time() - t0).isCloseTo(0.25, within(1e-3));
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(session.pool().open()).isEqualTo(1);
        }
    }

    @AsyncTest
    void aConnectAttemptThatHangsEndsAtTheConnectTimeout() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respond(w, 200, "never reached");
                    return true;
                });
                var hole = new Blackhole("::1", server.port());
                var session = ClientSession.builder()
                        .timeout(ClientTimeout.NONE.withConnect(Duration.ofMillis(500)))
                        .dialer(TcpDialer.defaults().withResolver(instantly("::1")))
                        .build()) {
            double t0 = Asyncio.getRunningLoop().time();
            assertThatThrownBy(() -> session.get("http://v6only.test:" + server.port() + "/"))
                    .isInstanceOf(ConnectTimeoutError.class)
                    .hasMessageContaining("http://v6only.test:" + server.port() + "/");
            assertThat(Asyncio.getRunningLoop().time() - t0).isCloseTo(0.5, within(1e-3));
            assertThat(session.pool().open()).isZero();
            assertThat(server.connections.get()).isZero();
        }
    }
}
