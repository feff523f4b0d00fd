package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Task;
import org.jasyncio.net.Connection;
import org.jasyncio.net.Streams;
import org.jasyncio.sync.Event;
import org.jasyncio.testing.AsyncTest;

/**
 * Timeouts, client disconnects and graceful shutdown, over real sockets with short limits. Like every
 * server test it runs on the real clock: a virtual clock may jump to a pending deadline while a socket
 * operation is still in flight (seen once with name resolution in {@code openConnection}), and the
 * subject here is real I/O. Every wait is bounded by a deadline or by a real event.
 */
class LifecycleTest {
    static ServerOptions quick() {
        return ServerOptions.defaults()
                .withHeaderTimeout(Duration.ofMillis(300))
                .withKeepAliveTimeout(Duration.ofMillis(300))
                .withAccessLog(false);
    }

    static Connection connect(AppRunner runner) throws Exception {
        return Streams.openConnection("127.0.0.1", runner.port());
    }

    static void send(Connection c, String s) throws Exception {
        c.writer().write(s.getBytes(StandardCharsets.ISO_8859_1));
        c.writer().drain();
    }

    @AsyncTest(virtualTime = false)
    void aClientThatTricklesItsHeadGets408AndIsClosed() throws Exception {
        App app = new App().options(quick());
        app.get("/", r -> "hello");
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            Connection slow = connect(runner);
            send(slow, "GET / HTTP/1.1\r\nHost: x\r\n");
            String out = Peers.readAll(slow);
            assertThat(out).startsWith("HTTP/1.1 408 Request Timeout").contains("Connection: close");
            slow.writer().close();

            Connection silent = connect(runner);
            assertThat(Peers.readAll(silent)).startsWith("HTTP/1.1 408 ");
            silent.writer().close();
        }
    }

    @AsyncTest(virtualTime = false)
    void anIdleKeepAliveConnectionIsClosedSilently() throws Exception {
        App app = new App().options(quick());
        app.get("/", r -> "hello");
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            Connection c = connect(runner);
            send(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            String all = Peers.readAll(c); // the answer, then EOF when the idle timeout closes it
            assertThat(all).startsWith("HTTP/1.1 200 OK").endsWith("hello");
            assertThat(Peers.count(all, "HTTP/1.1")).isEqualTo(1);
            c.writer().close();
        }
    }

    @AsyncTest(virtualTime = false)
    void byDefaultAHandlerWhoseClientLeftRunsToItsEndAndCanTell() throws Exception {
        Event started = new Event();
        Event finished = new Event();
        List<String> seen = new ArrayList<>();
        App app = new App().options(quick().withKeepAliveTimeout(Duration.ofSeconds(30)));
        app.get("/work", r -> {
            started.set();
            r.disconnected().await();
            seen.add("disconnected=" + r.isDisconnected());
            Asyncio.sleep(0.05); // the subject: the work goes on after the disconnect (not a wait for an event)
            seen.add("finished");
            finished.set();
            return "nobody reads this";
        });
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            Connection c = connect(runner);
            send(c, "GET /work HTTP/1.1\r\nHost: x\r\n\r\n");
            started.await();
            c.writer().close();
            finished.await();
        }
        assertThat(seen).containsExactly("disconnected=true", "finished");
    }

    @AsyncTest(virtualTime = false)
    void withCancelOnDisconnectTheHandlerIsCancelled() throws Exception {
        Event started = new Event();
        Event cancelled = new Event();
        App app = new App().options(quick().withCancelOnDisconnect(true));
        app.get("/work", r -> {
            started.set();
            try {
                Asyncio.sleep(30);
                return "never";
            } catch (CancelledError e) {
                cancelled.set();
                throw e;
            }
        });
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            Connection c = connect(runner);
            send(c, "GET /work HTTP/1.1\r\nHost: x\r\n\r\n");
            started.await();
            c.writer().close();
            cancelled.await();
            assertThat(cancelled.isSet()).isTrue();
        }
    }

    @AsyncTest(virtualTime = false)
    void gracefulShutdownClosesIdleConnectionsAndLetsRunningHandlersFinish() throws Exception {
        List<String> log = new ArrayList<>();
        Event started = new Event();
        Event shuttingDown = new Event();
        App app = new App().options(quick().withKeepAliveTimeout(Duration.ofSeconds(30)));
        app.get("/", r -> "hello");
        app.get("/slow", r -> {
            started.set();
            shuttingDown.await(); // still running when the shutdown begins, and finishing within its grace
            log.add("handler done");
            return "slow done";
        });
        app.onShutdown(a -> {
            log.add("shutdown hook");
            shuttingDown.set();
        });
        app.onCleanup(a -> log.add("cleanup hook"));
        AppRunner runner = app.start("127.0.0.1", 0);
        try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            Connection idle = connect(runner);
            send(idle, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            String first = new String(idle.reader().readuntil("hello".getBytes()), StandardCharsets.ISO_8859_1);
            assertThat(first).startsWith("HTTP/1.1 200 OK");

            Connection busy = connect(runner);
            send(busy, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            started.await();
            Task<Void> shutdown = Asyncio.createTask(() -> runner.shutdown(Duration.ofSeconds(10)));

            assertThat(Peers.readAll(idle)).isEmpty(); // closed without an answer
            String answer = Peers.readAll(busy);
            assertThat(answer)
                    .startsWith("HTTP/1.1 200 OK")
                    .contains("Connection: close")
                    .endsWith("slow done");
            shutdown.await();
            idle.writer().close();
            busy.writer().close();
        }
        assertThat(log).containsExactly("shutdown hook", "handler done", "cleanup hook");
        assertThat(runner.state()).isEqualTo(AppRunner.State.CLOSED);
        assertThat(runner.connectionCount()).isZero();
    }

    @AsyncTest(virtualTime = false)
    void handlersStillRunningAfterTheGracePeriodAreCancelled() throws Exception {
        Event started = new Event();
        List<String> log = new ArrayList<>();
        App app = new App().options(quick());
        app.get("/forever", r -> {
            started.set();
            try {
                Asyncio.sleep(3600);
            } catch (CancelledError e) {
                log.add("cancelled");
                throw e;
            }
            return "never";
        });
        AppRunner runner = app.start("127.0.0.1", 0);
        try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            Connection c = connect(runner);
            send(c, "GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            started.await();
            runner.shutdown(Duration.ofMillis(100));
            assertThat(Peers.readAll(c)).isEmpty();
            c.writer().close();
        }
        assertThat(log).containsExactly("cancelled");
        assertThat(runner.connectionCount()).isZero();
    }

    @AsyncTest(virtualTime = false)
    void cancellingTheServingTaskShutsDownGracefullyAsCtrlCDoes() throws Exception {
        List<String> log = new ArrayList<>();
        App app = new App().options(quick());
        app.get("/", r -> "hello");
        app.onShutdown(a -> log.add("shutdown"));
        app.onCleanup(a -> {
            Asyncio.sleep(0.01); // hooks may still suspend after the cancellation
            log.add("cleanup");
        });
        Event serving = new Event();
        int[] port = new int[1];
        Task<Void> server = Asyncio.createTask(() -> {
            try (AppRunner runner = app.start("127.0.0.1", 0)) {
                port[0] = runner.port();
                serving.set();
                runner.serveForever();
            }
        });
        serving.await();
        assertThat(Peers.raw(port[0], "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .endsWith("hello");
        server.cancel();
        try {
            server.await();
        } catch (CancelledError expected) {
            // the serving task ends cancelled, after the shutdown
        }
        assertThat(log).containsExactly("shutdown", "cleanup");
    }
}
