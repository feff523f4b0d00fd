package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.testing.AsyncTest;

/**
 * The connection's idle deadlines (the keep-alive timeout between requests, the header timeout before
 * the first one) on an {@link EmbeddedTransport} and the virtual clock, so that "when" is exact: the
 * connection keeps one lazy timer rather than one per request, and that timer must still close an idle
 * connection at the right time, however many requests came before, and never earlier.
 */
class IdleTimerTest {
    static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    static App app(Duration headerTimeout, Duration keepAliveTimeout) {
        App app = new App()
                .options(ServerOptions.defaults()
                        .withHeaderTimeout(headerTimeout)
                        .withKeepAliveTimeout(keepAliveTimeout)
                        .withAccessLog(false));
        app.get("/", r -> "hello");
        return app;
    }

    @AsyncTest
    void theKeepAliveTimeoutCountsFromTheLastAnswerHoweverManyRequestsCameBefore() throws Exception {
        try (AppRunner runner =
                app(Duration.ofSeconds(2), Duration.ofSeconds(5)).start("127.0.0.1", 0)) {
            EventLoop loop = Asyncio.getRunningLoop();
            EmbeddedTransport t = EmbeddedTransport.connect(runner, loop);
            // 60 requests one second apart: 60 s in all, far past the first request's deadline (5 s),
            // and a request at every second the timer could fire at
            for (int i = 1; i <= 60; i++) {
                t.receive(GET);
                Asyncio.sleep(1);
                assertThat(t.isClosing()).as("closed after request %d", i).isFalse();
                assertThat(Peers.count(t.output(), "HTTP/1.1 200 OK")).isEqualTo(i);
            }
            double last = loop.time() - 1; // the last answer went out then, and the idle wait began
            Asyncio.sleep(last + 4.9 - loop.time());
            assertThat(t.isClosing()).as("closed before the keep-alive timeout").isFalse();
            Asyncio.sleep(0.2);
            assertThat(t.isClosing()).as("open after the keep-alive timeout").isTrue();
            assertThat(Peers.count(t.output(), "HTTP/1.1"))
                    .as("closed silently")
                    .isEqualTo(60);
        }
    }

    @AsyncTest
    void aBusyConnectionIsNeverClosedByATimerArmedBeforeItsRequests() throws Exception {
        try (AppRunner runner =
                app(Duration.ofSeconds(2), Duration.ofSeconds(3)).start("127.0.0.1", 0)) {
            EmbeddedTransport t = EmbeddedTransport.connect(runner, Asyncio.getRunningLoop());
            t.receive(GET);
            Asyncio.sleep(2.9); // the timer of this first idle wait is due at 3 s
            t.receive(GET); // ... and this request moves the deadline to about 5.9 s
            Asyncio.sleep(0.5);
            assertThat(t.isClosing()).as("closed by the first wait's timer").isFalse();
            Asyncio.sleep(2.3); // 5.7 s after the first request
            assertThat(t.isClosing()).isFalse();
            Asyncio.sleep(0.4);
            assertThat(t.isClosing()).isTrue();
            assertThat(Peers.count(t.output(), "HTTP/1.1 200 OK")).isEqualTo(2);
        }
    }

    @AsyncTest
    void aNewConnectionThatSendsNothingGets408AtTheHeaderTimeout() throws Exception {
        try (AppRunner runner =
                app(Duration.ofSeconds(2), Duration.ofSeconds(30)).start("127.0.0.1", 0)) {
            EmbeddedTransport t = EmbeddedTransport.connect(runner, Asyncio.getRunningLoop());
            Asyncio.sleep(1.9);
            assertThat(t.output()).isEmpty();
            assertThat(t.isClosing()).isFalse();
            Asyncio.sleep(0.2);
            assertThat(t.output()).startsWith("HTTP/1.1 408 Request Timeout").contains("Connection: close");
            assertThat(t.isClosing()).isTrue();
        }
    }

    @AsyncTest
    void aKeepAliveTimeoutShorterThanTheHeaderTimeoutIsNotHeldBackByTheFirstWaitsTimer() throws Exception {
        try (AppRunner runner =
                app(Duration.ofSeconds(10), Duration.ofSeconds(1)).start("127.0.0.1", 0)) {
            EmbeddedTransport t = EmbeddedTransport.connect(runner, Asyncio.getRunningLoop());
            Asyncio.sleep(0.5); // the connection waits for its first request: a timer for 10 s
            t.receive(GET);
            Asyncio.sleep(0.9);
            assertThat(Peers.count(t.output(), "HTTP/1.1 200 OK")).isEqualTo(1);
            assertThat(t.isClosing()).isFalse();
            Asyncio.sleep(0.2); // 1.1 s after the answer: the keep-alive timeout, not the 10 s
            assertThat(t.isClosing()).isTrue();
        }
    }
}
