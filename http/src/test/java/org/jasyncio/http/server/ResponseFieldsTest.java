package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.testing.AsyncTest;

/**
 * The fields the server writes around a handler's own: {@code Date}, {@code Connection}, the framing
 * fields and {@code X-Request-Id} are the server's, whatever the handler set; the handler's other
 * fields go out as set. The sender fills one reused field list per connection, so these tests answer
 * several requests on one connection and check that nothing of an answer shows in the next.
 */
class ResponseFieldsTest {
    static String get(String target, String... fields) {
        StringBuilder sb = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: x\r\n");
        for (String f : fields) {
            sb.append(f).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    static App app() {
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.get(
                "/custom",
                r -> Response.text("custom")
                        .header("X-Mine", "1")
                        .header("Content-Length", "999")
                        .header("Transfer-Encoding", "chunked")
                        .header("Connection", "close")
                        .header("Date", "yesterday")
                        .header("Cache-Control", "no-store"));
        app.get("/plain", r -> Response.text("plain"));
        app.get("/json", r -> Map.of("k", "v"));
        app.get("/own-id", r -> Response.text("own").header("x-request-id", "handler-id"));
        app.get("/id", r -> r.id());
        return app;
    }

    /** The answers in {@code out}, split at each status line. */
    static String[] answers(String out) {
        return out.substring("HTTP/1.1 ".length()).split("HTTP/1\\.1 ");
    }

    @AsyncTest
    void theServersFieldsReplaceTheHandlersAndNothingOfOneAnswerShowsInTheNext() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            EmbeddedTransport t = EmbeddedTransport.connect(runner, Asyncio.getRunningLoop());
            t.receive(get("/custom") + get("/plain") + get("/json") + get("/custom"));
            Asyncio.sleep(1);
            String[] a = answers(t.output());
            assertThat(a).hasSize(4);
            for (String custom : new String[] {a[0], a[3]}) {
                assertThat(custom)
                        .startsWith("200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Mine: 1\r\n"
                                + "Cache-Control: no-store\r\nDate: ")
                        .contains("\r\nContent-Length: 6\r\n")
                        .doesNotContain("999", "chunked", "Connection", "yesterday")
                        .endsWith("\r\n\r\ncustom");
                assertThat(Peers.count(custom, "Date: ")).isEqualTo(1);
                assertThat(Peers.count(custom, "X-Request-Id: ")).isEqualTo(1);
            }
            assertThat(a[1])
                    .startsWith("200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: ")
                    .doesNotContain("X-Mine", "Cache-Control", "Connection")
                    .endsWith("\r\nContent-Length: 5\r\n\r\nplain");
            assertThat(a[2])
                    .startsWith("200 OK\r\nContent-Type: application/json\r\nDate: ")
                    .doesNotContain("X-Mine", "Cache-Control")
                    .endsWith("\r\nContent-Length: 9\r\n\r\n{\"k\":\"v\"}");
            for (String answer : a) {
                assertThat(answer).containsPattern("\r\nX-Request-Id: [0-9a-f]{8}-[0-9a-z]+\r\n");
            }
        }
    }

    @AsyncTest
    void theRequestIdIsTheClientsSaneOneOrAMadeOneOrTheHandlersOwnAndIsSentOnce() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            EmbeddedTransport t = EmbeddedTransport.connect(runner, Asyncio.getRunningLoop());
            t.receive(get("/id", "X-Request-Id: from-client")
                    + get("/id")
                    + get("/id", "X-Request-Id: " + "x".repeat(129))
                    + get("/own-id", "X-Request-Id: from-client"));
            Asyncio.sleep(1);
            String[] a = answers(t.output());
            assertThat(a).hasSize(4);
            assertThat(a[0]).contains("\r\nX-Request-Id: from-client\r\n").endsWith("\r\n\r\nfrom-client");
            String made = a[1].substring(a[1].lastIndexOf("\r\n\r\n") + 4);
            assertThat(made).matches("[0-9a-f]{8}-[0-9a-z]+");
            assertThat(a[1]).contains("\r\nX-Request-Id: " + made + "\r\n");
            String made2 = a[2].substring(a[2].lastIndexOf("\r\n\r\n") + 4);
            assertThat(made2).matches("[0-9a-f]{8}-[0-9a-z]+").isNotEqualTo(made);
            assertThat(a[3]).contains("\r\nx-request-id: handler-id\r\n").doesNotContain("from-client", "X-Request-Id");
            for (String answer : a) {
                assertThat(Peers.count(answer.toLowerCase(), "x-request-id: ")).isEqualTo(1);
            }
        }
    }
}
