package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.jasyncio.Fixtures.LogCapture;
import org.junit.jupiter.api.Test;

/** jasyncio's JFR events, recorded by a {@link Recording} in this JVM and read back from its file. */
class JfrEventsTest {
    private static List<RecordedEvent> record(Recording r, Runnable program) throws IOException {
        r.start();
        try {
            program.run();
        } finally {
            r.stop();
        }
        Path file = Files.createTempFile("jasyncio", ".jfr");
        try {
            r.dump(file);
            return RecordingFile.readAllEvents(file);
        } finally {
            Files.deleteIfExists(file);
            r.close();
        }
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals(name))
                .toList();
    }

    private static void run(VoidCoroutine main) {
        try {
            Asyncio.run(main, RunOptions.defaults().withVirtualClock());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void taskCreatedAndTaskDoneCarryTheTaskAndItsOutcome() throws Exception {
        Recording r = new Recording();
        r.enable("jasyncio.TaskCreated");
        r.enable("jasyncio.TaskDone");
        List<RecordedEvent> events = record(
                r,
                () -> run(() -> {
                    Task<String> ok = Asyncio.createTask(() -> "fine", "jfr-ok");
                    Task<Void> failing = Asyncio.createTask(
                            () -> {
                                throw new IOException("jfr boom");
                            },
                            "jfr-failing");
                    Task<Void> cancelled = Asyncio.createTask(() -> Asyncio.sleep(10.0), "jfr-cancelled");
                    Asyncio.sleep(1.0);
                    cancelled.cancel();
                    ok.await();
                    Asyncio.gatherSettled(failing, cancelled);
                }));
        assertThat(named(events, "jasyncio.TaskCreated"))
                .extracting(e -> e.getString("taskName"))
                .contains("jfr-ok", "jfr-failing", "jfr-cancelled");
        List<RecordedEvent> done = named(events, "jasyncio.TaskDone");
        assertThat(done).anySatisfy(e -> {
            assertThat(e.getString("taskName")).isEqualTo("jfr-ok");
            assertThat(e.getString("outcome")).isEqualTo("result");
            assertThat(e.getDuration("lifetime")).isPositive();
            assertThat(e.getLong("taskId")).isPositive();
        });
        assertThat(done).anySatisfy(e -> {
            assertThat(e.getString("taskName")).isEqualTo("jfr-failing");
            assertThat(e.getString("outcome")).isEqualTo("java.io.IOException: jfr boom");
        });
        assertThat(done).anySatisfy(e -> {
            assertThat(e.getString("taskName")).isEqualTo("jfr-cancelled");
            assertThat(e.getString("outcome")).isEqualTo("cancelled");
        });
    }

    @Test
    void aSlowStepNamesTheTaskAndWhereItWaits() throws Exception {
        Recording r = new Recording();
        r.enable("jasyncio.SlowStep").withThreshold(Duration.ZERO);
        List<RecordedEvent> events = record(
                r,
                () -> run(() -> {
                    Asyncio.createTask(() -> sleepTwice(), "jfr-slow").await();
                }));
        assertThat(named(events, "jasyncio.SlowStep")).anySatisfy(e -> {
            assertThat(e.getString("taskName")).isEqualTo("jfr-slow");
            assertThat(e.getString("frames")).startsWith("org.jasyncio.JfrEventsTest.sleepTwice(JfrEventsTest.java:");
        });
        assertThat(named(events, "jasyncio.SlowStep"))
                .as("a plain callback is named as such")
                .anySatisfy(e -> {
                    assertThat(e.getLong("taskId")).isZero();
                    assertThat(e.getString("callback")).startsWith("<");
                });
    }

    @Test
    void aLoopBlockedByATaskIsReportedWhileItIsBlockedWithWhereTheTaskIs() throws Exception {
        // The task blocks the loop until the event is seen: blocking is the subject, and the event ends it.
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        RecordedEvent[] event = {null};
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("jasyncio.LoopBlocked").withPeriod(Duration.ofMillis(50));
            stream.onEvent("jasyncio.LoopBlocked", e -> {
                if ("jfr-blocker".equals(e.getString("taskName"))) {
                    event[0] = e;
                    seen.countDown();
                }
            });
            stream.startAsync();
            run(() -> Asyncio.createTask(() -> blockUntil(seen), "jfr-blocker").await());
        }
        assertThat(event[0].getDuration("blockedFor")).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(event[0].getString("frames"))
                .startsWith("org.jasyncio.JfrEventsTest.blockUntil(JfrEventsTest.java:");
    }

    private static void blockUntil(java.util.concurrent.CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(60, java.util.concurrent.TimeUnit.SECONDS))
                .as("the LoopBlocked event came")
                .isTrue();
    }

    private static void sleepTwice() {
        Asyncio.sleep(1.0);
        Asyncio.sleep(1.0);
    }

    @Test
    void anExceptionNeverRetrievedIsRecorded() throws Exception {
        Recording r = new Recording();
        r.enable("jasyncio.UnretrievedException");
        List<RecordedEvent> events;
        try (LogCapture log = new LogCapture()) {
            events = record(
                    r,
                    () -> run(() -> {
                        Future<Void> f = Asyncio.getRunningLoop().createFuture();
                        f.setException(new IOException("jfr never looked at"));
                        Asyncio.sleep(0);
                    }));
        }
        assertThat(named(events, "jasyncio.UnretrievedException")).anySatisfy(e -> {
            assertThat(e.getString("what")).isEqualTo("Future exception was never retrieved");
            assertThat(e.getString("exception")).isEqualTo("java.io.IOException: jfr never looked at");
        });
    }

    @Test
    void aRunningLoopReportsItsStatisticsPeriodically() throws Exception {
        CompletableFuture<RecordedEvent> seen = new CompletableFuture<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("jasyncio.LoopStatistics").withPeriod(Duration.ofMillis(20));
            stream.onEvent("jasyncio.LoopStatistics", e -> {
                if (e.getInt("tasks") == 2) {
                    seen.complete(e);
                }
            });
            stream.startAsync();
            Asyncio.run(() -> {
                Task<Void> other = Asyncio.createTask(() -> Asyncio.sleep(3600.0), "jfr-sleeper");
                try (var t = Asyncio.timeout(Duration.ofSeconds(60))) {
                    Asyncio.wrapFuture(seen).await();
                }
                other.cancel();
            });
        }
        RecordedEvent e = seen.get();
        assertThat(e.getInt("tasks")).isEqualTo(2);
        assertThat(e.getInt("timers")).as("the sleeper's and the timeout's").isEqualTo(2);
        assertThat(e.getInt("loop")).isPositive();
    }
}
