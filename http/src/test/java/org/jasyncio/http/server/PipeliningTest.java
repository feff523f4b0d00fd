package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.sync.Event;
import org.jasyncio.testing.AsyncTest;

/**
 * How a connection batches its answers, on an {@link EmbeddedTransport} (no socket: every write call
 * is seen) and the virtual clock: {@code Asyncio.sleep(1)} lets the connection's task run until it
 * waits for input, a handler or the socket.
 */
class PipeliningTest {
    static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    static App app() {
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.get("/", r -> "hello " + r.query("n"));
        return app;
    }

    static List<Integer> positions(String out, String... needles) {
        List<Integer> at = new ArrayList<>();
        for (String n : needles) {
            at.add(out.indexOf(n));
        }
        return at;
    }

    @AsyncTest
    void theAnswersToAPipelinedBurstGoOutInOneWriteInOrder() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            EmbeddedTransport t = EmbeddedTransport.connect(runner, Asyncio.getRunningLoop());
            StringBuilder burst = new StringBuilder();
            String[] bodies = new String[16];
            for (int i = 0; i < 16; i++) {
                burst.append(get("/?n=" + i));
                bodies[i] = "\r\n\r\nhello " + i;
            }
            t.receive(burst.toString());
            Asyncio.sleep(1);
            assertThat(t.writes()).hasSize(1);
            assertThat(Peers.count(t.output(), "HTTP/1.1 200 OK\r\n")).isEqualTo(16);
            assertThat(positions(t.output(), bodies)).doesNotContain(-1).isSorted();

            t.receive(get("/?n=next")); // a request alone: its own write
            Asyncio.sleep(1);
            assertThat(t.writes()).hasSize(2);
            assertThat(t.writes().getLast()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hello next");
        }
    }

    @AsyncTest
    void aHandlerThatWaitsInTheMiddleOfABurstHoldsBackNoEarlierAnswerAndIsNotOvertaken() throws Exception {
        Event gate = new Event();
        App app = app();
        app.get("/gate", r -> {
            gate.await();
            return "gate open";
        });
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            EmbeddedTransport t = EmbeddedTransport.connect(runner, Asyncio.getRunningLoop());
            t.receive(get("/?n=1") + get("/?n=2") + get("/gate") + get("/?n=3"));
            Asyncio.sleep(1);
            assertThat(t.writes()).hasSize(1);
            assertThat(t.output()).contains("hello 1", "hello 2").doesNotContain("gate open", "hello 3");

            gate.set();
            Asyncio.sleep(1);
            assertThat(t.writes()).hasSize(2);
            assertThat(positions(t.output(), "hello 1", "hello 2", "gate open", "hello 3"))
                    .doesNotContain(-1)
                    .isSorted();
        }
    }

    @AsyncTest
    void aClientThatDoesNotReadItsAnswersIsNotReadFromUntilTheSocketDrains() throws Exception {
        EmbeddedTransport[] transport = new EmbeddedTransport[1];
        int[] handled = {0};
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.get("/", r -> {
            if (++handled[0] == 1) {
                transport[0].writable(false); // the socket's buffer fills with this first answer
            }
            return "answer " + handled[0];
        });
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            EmbeddedTransport t = transport[0] = EmbeddedTransport.connect(runner, Asyncio.getRunningLoop());
            t.receive(get("/") + get("/") + get("/"));
            Asyncio.sleep(1);
            assertThat(handled[0]).isEqualTo(1);
            assertThat(t.writes()).hasSize(1);
            assertThat(t.output()).endsWith("answer 1");

            t.writable(true);
            Asyncio.sleep(1);
            assertThat(handled[0]).isEqualTo(3);
            assertThat(t.writes()).hasSize(2);
            assertThat(t.writes().getLast()).contains("answer 2").endsWith("answer 3");
        }
    }
}
