package org.jasyncio.http.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * What the core's diagnostics keep only as JDK Flight Recorder events, streamed in this JVM while the
 * monitor runs: the last queue sample of each loop ({@code jasyncio.LoopStatistics}, every second), and
 * the recent slow callbacks or steps ({@code jasyncio.SlowStep}, over 100 ms) and blocked-loop reports
 * ({@code jasyncio.LoopBlocked}). JFR delivers them about a second after they happen.
 *
 * <p>Recording the slow-step event makes each loop time its callbacks (two clock reads per callback):
 * the price of the opt-in monitor, the same as a JFR recording with that event on.
 */
final class JfrFeed implements AutoCloseable {
    /** How many slow steps and blocked reports are kept, newest last. */
    static final int KEPT = 50;

    static final Duration SLOW_THRESHOLD = Duration.ofMillis(100);

    private final RecordingStream stream = new RecordingStream();
    /** Loop id to its last sample, as a JSON-ready map. */
    private final Map<Integer, Map<String, Object>> statistics = new ConcurrentHashMap<>();
    /** Guarded by itself. */
    private final ArrayDeque<Map<String, Object>> slow = new ArrayDeque<>();
    /** Guarded by itself. */
    private final ArrayDeque<Map<String, Object>> blocked = new ArrayDeque<>();

    JfrFeed() {
        stream.enable("jasyncio.SlowStep").withThreshold(SLOW_THRESHOLD);
        stream.enable("jasyncio.LoopStatistics").withPeriod(Duration.ofSeconds(1));
        stream.enable("jasyncio.LoopBlocked").withPeriod(Duration.ofMillis(100));
        stream.onEvent("jasyncio.LoopStatistics", e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ready", e.getInt("ready"));
            m.put("timers", e.getInt("timers"));
            m.put("tasks", e.getInt("tasks"));
            m.put("ioRegistrations", e.getInt("ioRegistrations"));
            m.put("outsideWork", e.getInt("outsideWork"));
            m.put("sampledAt", millis(e.getEndTime()));
            statistics.put(e.getInt("loop"), m);
        });
        stream.onEvent("jasyncio.SlowStep", e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", millis(e.getEndTime()));
            m.put("loop", e.getInt("loop"));
            m.put("taskId", e.getLong("taskId"));
            m.put("task", orEmpty(e, "taskName"));
            m.put("callback", orEmpty(e, "callback"));
            m.put("millis", e.getDuration().toNanos() / 1e6);
            m.put("frames", lines(e.getString("frames")));
            keep(slow, m);
        });
        stream.onEvent("jasyncio.LoopBlocked", e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", millis(e.getEndTime()));
            m.put("loop", e.getInt("loop"));
            m.put("task", orEmpty(e, "taskName"));
            m.put("millis", e.getLong("blockedFor") / 1e6);
            m.put("frames", lines(e.getString("frames")));
            keep(blocked, m);
        });
    }

    /**
     * Starts the stream on a daemon thread of ours ({@link RecordingStream#startAsync()}'s thread is not
     * a daemon, and would keep the program's JVM alive after its main thread ends), and returns once its
     * recording runs: a slow step of the program's first callbacks happens after this, so it is recorded.
     * On a cold JVM the recorder takes a second or more to start; returning before it ran lost the slow
     * steps of a program's first second.
     *
     * @throws IllegalStateException if the recording has not started within {@code wait}
     */
    void start(Duration wait) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        RuntimeException[] failed = {null};
        Thread streaming = Thread.ofPlatform()
                .daemon()
                .name("jasyncio-monitor-jfr")
                .unstarted(() -> {
                    try {
                        stream.start();
                    } catch (RuntimeException e) {
                        // closed before it started (nothing to stream), or the recorder could not start
                        if (running.getCount() > 0) {
                            failed[0] = e;
                            running.countDown();
                        }
                    }
                });
        // the recorder tells its listeners on the thread that starts the recording, once it runs
        FlightRecorderListener listener = new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                if (Thread.currentThread() == streaming && recording.getState() == RecordingState.RUNNING) {
                    running.countDown();
                }
            }
        };
        FlightRecorder.addListener(listener);
        try {
            streaming.start();
            if (!running.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the monitor's JDK Flight Recorder stream (jasyncio.SlowStep,"
                        + " jasyncio.LoopStatistics) did not start within " + wait.toMillis() + " ms");
            }
            if (failed[0] != null) {
                throw new IllegalStateException(
                        "the monitor's JDK Flight Recorder stream could not start: " + failed[0], failed[0]);
            }
        } finally {
            FlightRecorder.removeListener(listener);
        }
    }

    /** The last queue sample of loop {@code id}, or {@code null} if none came yet. */
    Map<String, Object> statisticsOf(int id) {
        return statistics.get(id);
    }

    /** The recent slow steps, oldest first. */
    List<Map<String, Object>> slowSteps() {
        synchronized (slow) {
            return new ArrayList<>(slow);
        }
    }

    /** The recent blocked-loop reports, oldest first. */
    List<Map<String, Object>> blockedLoops() {
        synchronized (blocked) {
            return new ArrayList<>(blocked);
        }
    }

    @Override
    public void close() {
        stream.close();
    }

    private static void keep(ArrayDeque<Map<String, Object>> q, Map<String, Object> m) {
        synchronized (q) {
            q.addLast(m);
            while (q.size() > KEPT) {
                q.removeFirst();
            }
        }
    }

    private static String orEmpty(RecordedEvent e, String field) {
        String s = e.getString(field);
        return s == null ? "" : s;
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    private static long millis(Instant t) {
        return t.toEpochMilli();
    }
}
