package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jasyncio.Asyncio;
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
        App one = new App().options(ServerOptions.defaults().withAccessLog(false));
        App many = new App().options(ServerOptions.defaults().withAccessLog(false));
        many.get("/hello", r -> "hello");
        List<java.net.InetAddress> expected;
        try (AppRunner runner = one.start("localhost", 0)) { // the core's server binds each address
            expected = runner.sockets().stream().map(a -> a.getAddress()).toList();
        }
        try (AppRunner runner = many.start("localhost", 0, 2)) {
            assertThat(runner.sockets()).extracting(a -> a.getAddress()).containsExactlyInAnyOrderElementsOf(expected);
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
}
