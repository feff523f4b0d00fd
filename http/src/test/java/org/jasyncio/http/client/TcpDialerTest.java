package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
        }); var session = ClientSession.builder()
                .dialer(TcpDialer.defaults().withResolver(to("::1", "127.0.0.1"))).build()) {
            // nothing listens on [::1] at this port (or IPv6 is off): refused at once, 127.0.0.1 answers
            assertThat(session.get("http://dual.test:" + server.port() + "/").text()).isEqualTo("reached");
        }
    }

    @AsyncTest
    void aNameThatDoesNotResolveIsAClientConnectionError() throws Exception {
        TcpDialer.Resolver failing = host -> {
            lookups.incrementAndGet();
            throw new UnknownHostException(host + ": Name or service not known");
        };
        try (var session = ClientSession.builder().dialer(TcpDialer.defaults().withResolver(failing)).build()) {
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
        }); var session = ClientSession.builder().dialer(TcpDialer.defaults().withResolver(to())).build()) {
            assertThat(session.get(server.url("/")).text()).isEqualTo("literal");
            assertThat(lookups.get()).isZero();
        }
    }
}
