package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.ExceptionContext;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

/** Middlewares, sub-apps, hooks, state, errors, streaming: the app's features end to end with curl. */
class AppFeaturesTest {
    static final StateKey<List<String>> LOG = StateKey.of("log", (Class<List<String>>) (Class<?>) List.class);
    static final StateKey<String> USER = StateKey.of("user", String.class);

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void middlewaresWrapHandlersInOrderAndSeeRouterErrors() throws Exception {
        App app = new App();
        app.middleware((request, next) -> {
            try {
                return next.handle(request).header("X-Outer", "1");
            } catch (HttpNotFound e) {
                return Response.text("custom 404 for " + request.path()).status(404);
            }
        });
        app.middleware((request, next) -> {
            String token = request.header("Authorization");
            if (token == null) {
                throw new HttpUnauthorized().header("WWW-Authenticate", "Bearer");
            }
            request.set(USER, token.substring("Bearer ".length()));
            return next.handle(request);
        });
        app.get("/me", r -> "user " + r.get(USER));
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            var me = Peers.curl("-H", "Authorization: Bearer ann", runner.url() + "/me");
            assertThat(me.body()).isEqualTo("user ann");
            assertThat(me.out()).contains("X-Outer: 1");
            var anonymous = Peers.curl(runner.url() + "/me");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.out()).contains("WWW-Authenticate: Bearer");
            var missing = Peers.curl("-H", "Authorization: Bearer ann", runner.url() + "/nothing%20here");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("custom 404 for /nothing here");
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void subAppsHaveAPrefixTheirOwnMiddlewaresAndInheritState() throws Exception {
        App root = new App();
        App api = new App();
        root.set(USER, "root-state");
        api.middleware((request, next) -> next.handle(request).header("X-Api", "yes"));
        api.get(
                "/items/{id:\\d+}",
                r -> "api item " + r.pathParam("id") + " " + r.app().get(USER));
        root.get("/", r -> "root");
        root.addSubapp("/api", api);
        try (AppRunner runner = root.start("127.0.0.1", 0)) {
            var item = Peers.curl(runner.url() + "/api/items/42");
            assertThat(item.body()).isEqualTo("api item 42 root-state");
            assertThat(item.out()).contains("X-Api: yes");
            assertThat(Peers.curl(runner.url() + "/api/items/x").status()).isEqualTo(404);
            var rootAnswer = Peers.curl(runner.url() + "/");
            assertThat(rootAnswer.out()).doesNotContain("X-Api");
        }
        assertThatThrownBy(() -> root.get("/late", r -> "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("frozen");
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void hooksAndCleanupContextsRunInAiohttpOrder() throws Exception {
        List<String> log = new ArrayList<>();
        App app = new App();
        App sub = new App();
        app.set(LOG, log);
        app.onStartup(a -> log.add("startup"));
        sub.onStartup(a -> log.add("sub startup"));
        app.cleanupContext(a -> {
            log.add("enter db");
            Asyncio.sleep(0.01); // the subject: a cleanup context may await while it sets up
            return () -> log.add("exit db");
        });
        app.cleanupContext(a -> {
            log.add("enter cache");
            return () -> log.add("exit cache");
        });
        app.onShutdown(a -> log.add("shutdown"));
        app.onCleanup(a -> log.add("cleanup"));
        sub.onCleanup(a -> log.add("sub cleanup"));
        app.addSubapp("/sub", sub);
        app.get("/", r -> String.join(",", r.app().require(LOG)));
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            assertThat(Peers.curl(runner.url() + "/").body()).isEqualTo("startup,sub startup,enter db,enter cache");
        }
        assertThat(log)
                .containsExactly(
                        "startup",
                        "sub startup",
                        "enter db",
                        "enter cache",
                        "shutdown",
                        "exit cache",
                        "exit db",
                        "sub cleanup",
                        "cleanup");
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void aFailingStartupUndoesOnlyWhatWasEntered() throws Exception {
        List<String> log = new ArrayList<>();
        App app = new App();
        app.cleanupContext(a -> {
            log.add("enter a");
            return () -> log.add("exit a");
        });
        app.cleanupContext(a -> {
            throw new IllegalStateException("database down");
        });
        app.onCleanup(a -> log.add("cleanup"));
        assertThatThrownBy(() -> app.start("127.0.0.1", 0)).hasMessage("database down");
        assertThat(log).containsExactly("enter a", "exit a", "cleanup");
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void anUnexpectedExceptionIs500WithoutTheStackAndGoesToTheExceptionHandler() throws Exception {
        List<ExceptionContext> reported = new ArrayList<>();
        Asyncio.getRunningLoop().setExceptionHandler((loop, context) -> reported.add(context));
        App app = new App();
        app.get("/boom", r -> {
            throw new IllegalStateException("secret detail");
        });
        app.get("/teapot", r -> {
            throw new HttpError(418, "short and stout");
        });
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            var boom = Peers.curl("-H", "X-Request-Id: abc-123", runner.url() + "/boom");
            assertThat(boom.status()).isEqualTo(500);
            assertThat(boom.body())
                    .doesNotContain("secret", "IllegalStateException")
                    .contains("abc-123");
            assertThat(boom.out()).contains("X-Request-Id: abc-123");
            var teapot = Peers.curl(runner.url() + "/teapot");
            assertThat(teapot.status()).isEqualTo(418);
            assertThat(teapot.body()).isEqualTo("short and stout");
        }
        assertThat(reported).hasSize(1);
        assertThat(reported.getFirst().exception()).hasMessage("secret detail");
        assertThat(reported.getFirst().message()).contains("GET /boom", "abc-123");
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void aHandlerOverItsTimeoutIsCancelledAndAnswered503() throws Exception {
        boolean[] finished = {false};
        App app = new App();
        app.get("/slow", r -> {
                    Asyncio.sleep(10);
                    finished[0] = true;
                    return "done";
                })
                .timeout(Duration.ofMillis(100));
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            var slow = Peers.curl(runner.url() + "/slow");
            assertThat(slow.status()).isEqualTo(503);
            assertThat(slow.body()).contains("100 ms");
        }
        assertThat(finished[0]).isFalse();
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void streamedResponsesAndServerSentEvents() throws Exception {
        App app = new App();
        app.get(
                "/count",
                r -> Response.stream(out -> {
                            for (int i = 0; i < 3; i++) {
                                out.write(i + "\n");
                                Asyncio.sleep(
                                        0.01); // the subject: a streamed body written over time, not a wait for an
                                // event
                            }
                        })
                        .contentType("text/plain"));
        app.get(
                "/events",
                r -> Response.sse(events -> {
                    events.send("first");
                    events.send("tick", "two\nlines", "7");
                    events.comment("keep-alive");
                }));
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            assertThat(Peers.curl(runner.url() + "/count").body()).isEqualTo("0\n1\n2\n");
            String out = Peers.python("""
                    import http.client, sys
                    c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
                    c.request('GET', '/events')
                    r = c.getresponse()
                    print(r.getheader('Content-Type'), r.getheader('Transfer-Encoding'))
                    sys.stdout.write(r.read().decode())
                    """, String.valueOf(runner.port()));
            assertThat(out)
                    .isEqualTo("text/event-stream chunked\n"
                            + "data: first\n\nevent: tick\nid: 7\ndata: two\ndata: lines\n\n: keep-alive\n\n");
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void aRequestBodyStreamsInPiecesWithoutTheBodyLimit() throws Exception {
        App app = new App();
        app.post("/upload", r -> {
            long total = 0;
            int pieces = 0;
            for (byte[] piece : r.content()) {
                total += piece.length;
                pieces++;
            }
            return total + " bytes in " + (pieces > 1 ? "many" : "one") + " pieces";
        });
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            String out = Peers.python("""
                    import http.client, sys
                    def gen():
                        for i in range(64):
                            yield b'x' * 65536
                    c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
                    c.request('POST', '/upload', body=gen(), encode_chunked=True)
                    r = c.getresponse()
                    print(r.status, r.read().decode())
                    """, String.valueOf(runner.port()));
            assertThat(out.strip()).isEqualTo("200 4194304 bytes in many pieces");
        }
    }

    @Test
    void misuseIsRefusedWithAMessageNamingTheRule() {
        App app = new App();
        assertThatThrownBy(() -> app.get("items", r -> "x")).hasMessageContaining("must start with /");
        assertThatThrownBy(() -> app.get("/a/{id}/{id}", r -> "x")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> app.route("GE T", "/", r -> "x")).hasMessageContaining("not an HTTP token");
        assertThatThrownBy(() -> app.addSubapp("/api/", new App())).hasMessageContaining("not end with /");
        assertThatThrownBy(() -> new HttpError(302, "x")).hasMessageContaining("400..599");
        assertThatThrownBy(() -> app.get("/x", r -> "x").maxBodySize(-5)).hasMessageContaining("-1 for no limit");
    }
}
