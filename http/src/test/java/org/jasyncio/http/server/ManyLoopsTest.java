package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jasyncio.Asyncio;
import org.jasyncio.testfixtures.TestNamesResolver;
import org.jasyncio.testing.AsyncTest;

class ManyLoopsTest {
    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void connectionsAreSpreadOverTheLoopsAndShutdownStopsThemAll() throws Exception {
        List<String> log = new ArrayList<>();
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.get("/where", r -> {
            Asyncio.sleep(0.01); // the subject: a handler that awaits on a worker loop (its timer is that loop's)
            return "loop-" + System.identityHashCode(Asyncio.getRunningLoop());
        });
        app.onShutdown(a -> log.add("shutdown on loop-" + System.identityHashCode(Asyncio.getRunningLoop())));
        String me = "loop-" + System.identityHashCode(Asyncio.getRunningLoop());
        AppRunner runner = app.start("127.0.0.1", 0, 3);
        assertThat(runner.loopCount()).isEqualTo(3);
        String out = Peers.python("""
                import http.client, sys
                for i in range(9):
                    c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
                    for j in range(2):
                        c.request('GET', '/where')
                        r = c.getresponse()
                        print(r.status, r.read().decode())
                    c.close()
                """, String.valueOf(runner.port()));
        Set<String> threads = new TreeSet<>();
        for (String line : out.lines().toList()) {
            assertThat(line).startsWith("200 ");
            threads.add(line.substring(4));
        }
        assertThat(threads).hasSize(3).contains(me);
        assertThat(runner.connectionsServedPerLoop()).containsExactly(3, 3, 3);
        runner.shutdown(Duration.ofSeconds(5));
        assertThat(log).containsExactly("shutdown on " + me);
        assertThat(runner.connectionCount()).isZero();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertThat(t.getName()).doesNotStartWith("jasyncio-http-loop-");
        }
    }

    @AsyncTest(virtualTime = false) // real sockets: real time
    void manyLoopsListenOnEveryAddressOfTheHostAsOneLoopDoes() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback on this host: a name with two addresses cannot be served");
        String name = TestNamesResolver.TWO_LOOPBACKS; // 127.0.0.1 and ::1, by the test resolver
        App one = new App().options(ServerOptions.defaults().withAccessLog(false));
        App many = new App().options(ServerOptions.defaults().withAccessLog(false));
        many.get("/hello", r -> "hello");
        List<java.net.InetAddress> expected;
        try (AppRunner runner = one.start(name, 0)) { // the core's server binds each address
            expected = runner.sockets().stream().map(a -> a.getAddress()).toList();
        }
        assertThat(expected).hasSize(2);
        TestNamesResolver.LOOKUPS.clear();
        // another name of the same addresses: the JDK's cache would answer for the first one
        try (AppRunner runner = many.start(TestNamesResolver.TWO_LOOPBACKS_AGAIN, 0, 2)) {
            assertThat(runner.sockets()).extracting(a -> a.getAddress()).containsExactlyInAnyOrderElementsOf(expected);
            // the name was resolved off the loop thread, on the executor
            assertThat(TestNamesResolver.LOOKUPS).isNotEmpty().doesNotContain(Thread.currentThread());
            for (var a : runner.sockets()) { // each listening socket is served
                String host = a.getAddress().getHostAddress();
                try (var session = new org.jasyncio.http.client.ClientSession();
                        var resp = session.get("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                                + a.getPort() + "/hello")) {
                    assertThat(resp.text()).isEqualTo("hello");
                }
            }
        }
    }

    @AsyncTest(virtualTime = false) // real sockets: real time
    void anAddressTheHostDoesNotHaveIsSkippedWhenAnotherBindsAndNamedWhenNoneDoes() throws Exception {
        App many = new App().options(ServerOptions.defaults().withAccessLog(false));
        many.get("/hello", r -> "hello");
        try (AppRunner runner = many.start(TestNamesResolver.ONE_UNAVAILABLE, 0, 2)) { // 198.51.100.1, 127.0.0.1
            assertThat(runner.sockets())
                    .extracting(a -> a.getAddress().getHostAddress())
                    .containsExactly("127.0.0.1");
            try (var session = new org.jasyncio.http.client.ClientSession();
                    var resp = session.get("http://127.0.0.1:" + runner.port() + "/hello")) {
                assertThat(resp.text()).isEqualTo("hello");
            }
        }
        App none = new App().options(ServerOptions.defaults().withAccessLog(false));
        TestNamesResolver.assertNoAddressOfNoneAvailableBinds(() -> none.start(TestNamesResolver.NONE_AVAILABLE, 0, 2));
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void aSocketHandedOverAfterTheShutdownClosedTheSitesIsClosedAtOnce() throws Exception {
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.get("/hello", r -> "hello");
        AppRunner runner = app.start("127.0.0.1", 0, 2);
        Site site = runner.site();
        runner.close(); // its step 2 marked every site closing
        var loopback = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
        try (var listener = java.nio.channels.ServerSocketChannel.open().bind(loopback);
                var client = java.nio.channels.SocketChannel.open(listener.getLocalAddress())) {
            // accepted before a listener closed, handed over after step 2: the acceptor's late hand-off
            java.nio.channels.SocketChannel accepted = listener.accept(); // connected already: no wait
            site.adopt(accepted);
            assertThat(accepted.isOpen()).isFalse();
            assertThat(runner.connectionCount()).isZero();
            client.socket().setSoTimeout(30_000);
            assertThat(client.socket().getInputStream().read()).isEqualTo(-1); // the end, nothing served
        }
    }

    /** Whether a socket can listen on {@code ::1} here. */
    private static boolean ipv6Loopback() {
        try (var s = java.nio.channels.ServerSocketChannel.open()) {
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.ofLiteral("::1"), 0));
            return true;
        } catch (java.io.IOException
                | UnsupportedOperationException
                | java.nio.channels.UnsupportedAddressTypeException e) { // a JDK with IPv4 sockets only

            return false;
        }
    }
}
