package org.jasyncio.http.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Future;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The monitor's endpoints, served while a program runs with {@code RunOptions.monitor(port)}, read with
 * raw HTTP from a task of that program: the page, the JSON snapshot, the event stream. Real sockets,
 * real time (the monitor runs its own loop on its own thread).
 */
class MonitorServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the parked task waits: its frame must show up as the task's stack. */
    static void parkedHere(Future<Void> release) throws Exception {
        release.await();
    }

    @Test
    void theSnapshotShowsTheTaskTreeAndWhereEachTaskWaits() throws Exception {
        int port = MonitorClient.freePort();
        Asyncio.run(
                () -> {
                    Future<Void> release = Asyncio.getRunningLoop().createFuture();
                    Task<Void> child = Asyncio.createTask(
                            () -> {
                                parkedHere(release);
                                return null;
                            },
                            "parked-child");
                    Task<Void> parent = Asyncio.createTask(
                            () -> {
                                child.await();
                                return null;
                            },
                            "awaiting-parent");
                    Asyncio.sleep(0); // both start and suspend
                    String answer = MonitorClient.get(port, "/snapshot.json");
                    assertThat(answer)
                            .startsWith("HTTP/1.1 200")
                            .containsIgnoringCase("content-type: application/json");
                    JsonNode snapshot = JSON.readTree(MonitorClient.body(answer));
                    JsonNode c = task(snapshot, "parked-child");
                    JsonNode p = task(snapshot, "awaiting-parent");
                    assertThat(c.get("state").asString()).isEqualTo("waiting");
                    assertThat(c.get("stack").get(0).asString()).contains("MonitorServerTest.parkedHere");
                    assertThat(c.get("awaitedBy").get(0).asLong())
                            .isEqualTo(p.get("id").asLong());
                    assertThat(c.get("awaitedVia").get(0).asString()).isEqualTo("await");
                    assertThat(p.get("waitingFor").asString()).contains("parked-child");
                    // the monitored loop is listed, the monitor's own loop is not
                    List<String> loops = new ArrayList<>();
                    snapshot.get("loops").forEach(l -> loops.add(l.get("name").asString()));
                    assertThat(loops).singleElement().asString().startsWith("<EventLoop-" + loopId() + " running");
                    release.setResult(null);
                    parent.await();
                },
                RunOptions.defaults().monitor(port));
        // the runner closed the monitor with its loop
        Asyncio.run(() -> assertThatThrownBy(() -> MonitorClient.get(port, "/snapshot.json"))
                .isInstanceOf(ConnectException.class));
    }

    @Test
    void thePageIsSelfContained() throws Exception {
        int port = MonitorClient.freePort();
        Asyncio.run(
                () -> {
                    String answer = MonitorClient.get(port, "/");
                    assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/html");
                    String page = MonitorClient.body(answer);
                    assertThat(page)
                            .contains("new EventSource(\"events\")")
                            .contains("<title>jasyncio monitor</title>");
                    // no external asset: no URL with a scheme, no src= or href= at all
                    assertThat(page)
                            .doesNotContain("http://")
                            .doesNotContain("https://")
                            .doesNotContain("src=")
                            .doesNotContain("href=");
                },
                RunOptions.defaults().monitor(port));
    }

    /**
     * The JFR-fed parts in the test's own JVM, where the HTTP parser's Jazzer replay (HttpParserFuzzTest,
     * whose agent instruments jasyncio's classes) ran before: surefire runs the classes in alphabetical
     * order (http/pom.xml), codec before monitor. The program's first step is slow: it is only recorded
     * because the monitor's JFR stream runs before the program's first callback.
     */
    @Test
    void slowStepsAndQueueSamplesArriveInTheTestsOwnJvm() throws Exception {
        int port = MonitorClient.freePort();
        Asyncio.run(
                () -> {
                    Asyncio.createTask(
                                    () -> {
                                        Thread.sleep(300); // the subject: a step that blocks its loop
                                        return null;
                                    },
                                    "blocking-step")
                            .await();
                    int loop = loopId();
                    JsonNode snapshot = MonitorClient.awaitSnapshot(port, Duration.ofSeconds(30), s -> {
                        boolean slow = false;
                        for (JsonNode x : s.get("slow")) {
                            slow |= x.get("task").asString().equals("blocking-step")
                                    && x.get("loop").asInt() == loop;
                        }
                        boolean sampled = false;
                        for (JsonNode l : s.get("loops")) {
                            sampled |= l.get("id").asInt() == loop
                                    && !l.get("statistics").isNull();
                        }
                        return slow && sampled;
                    });
                    JsonNode slow = null;
                    for (JsonNode x : snapshot.get("slow")) {
                        if (x.get("task").asString().equals("blocking-step")) {
                            slow = x;
                        }
                    }
                    assertThat(slow.get("millis").asDouble()).isGreaterThanOrEqualTo(300);
                    JsonNode statistics = null;
                    for (JsonNode l : snapshot.get("loops")) {
                        if (l.get("id").asInt() == loop) {
                            statistics = l.get("statistics");
                        }
                    }
                    assertThat(statistics.get("tasks").asInt()).isGreaterThanOrEqualTo(1); // the main task
                },
                RunOptions.defaults().monitor(port));
    }

    /** The same in a program's own JVM, with the monitor switched on by {@code -Djasyncio.monitor} (see {@link MonitoredProgram}). */
    @Test
    void theEventStreamReportsSlowStepsAndQueueDepths() throws Exception {
        int port = MonitorClient.freePort();
        Process p = MonitoredProgram.start(MonitoredProgram.class, port);
        try {
            MonitoredProgram.awaitReady(p);
            JsonNode snapshot = Asyncio.run(() -> MonitorClient.awaitSnapshot(port, Duration.ofSeconds(30), s -> {
                boolean slow = false;
                for (JsonNode x : s.get("slow")) {
                    slow |= x.get("task").asString().equals("resize-thumbnails");
                }
                boolean sampled = false;
                for (JsonNode l : s.get("loops")) {
                    sampled |= !l.get("statistics").isNull();
                }
                return slow && sampled;
            }));
            JsonNode slow = null;
            for (JsonNode x : snapshot.get("slow")) {
                if (x.get("task").asString().equals("resize-thumbnails")) {
                    slow = x;
                }
            }
            assertThat(slow.get("millis").asDouble()).isGreaterThanOrEqualTo(300);
            assertThat(slow.get("loop").asInt())
                    .isEqualTo(snapshot.get("loops").get(0).get("id").asInt());
            JsonNode statistics = snapshot.get("loops").get(0).get("statistics");
            assertThat(statistics.get("tasks").asInt()).isGreaterThanOrEqualTo(4); // main, service, two fetchers
            assertThat(statistics.has("ready")).isTrue();
            assertThat(statistics.has("timers")).isTrue();
            assertThat(snapshot.get("loops")).hasSize(1); // not the monitor's own loop
            MonitoredProgram.finish(p);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aPortInUseFailsTheRun() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() ->
                            Asyncio.run(() -> "never", RunOptions.defaults().monitor(port)))
                    .hasMessageContaining(String.valueOf(port));
        }
    }

    private static int loopId() {
        return MonitorServer.loopId(Asyncio.getRunningLoop().toString());
    }

    private static JsonNode task(JsonNode snapshot, String name) {
        for (JsonNode t : snapshot.get("tasks")) {
            if (t.get("name").asString().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no task " + name + " in " + snapshot);
    }
}
