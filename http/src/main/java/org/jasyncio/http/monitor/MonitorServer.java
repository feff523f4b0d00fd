package org.jasyncio.http.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.diagnostics.LoopsMXBean;
import org.jasyncio.diagnostics.MonitorService;
import org.jasyncio.diagnostics.TaskInfo;
import org.jasyncio.http.json.JsonCodec;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.AppRunner;
import org.jasyncio.http.server.Response;

/**
 * The live monitor page ({@code RunOptions.monitor(port)}, {@code -Djasyncio.monitor=PORT}), which the
 * core finds through {@link MonitorService}: an {@link App} on its own thread and event loop, so that
 * the monitored loops only answer a snapshot request between two of their callbacks, at most twice a
 * second however many pages are open.
 *
 * <ul>
 *   <li>{@code GET /}: the page, self-contained HTML and JavaScript;</li>
 *   <li>{@code GET /snapshot.json}: the loops (with their last queue sample), the tasks (state, what each
 *       waits for, its user frames, who awaits it), the recent slow steps and blocked-loop reports;</li>
 *   <li>{@code GET /events}: the same snapshot as a Server-Sent Event {@code snapshot}, once a second.</li>
 * </ul>
 */
public final class MonitorServer implements MonitorService {
    private static final System.Logger LOG = System.getLogger("org.jasyncio.monitor");
    /** How often the event stream sends a snapshot. */
    static final Duration PERIOD = Duration.ofSeconds(1);
    /** A snapshot younger than this is shared between requests. */
    private static final long REUSE_NANOS = 500_000_000L;

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final Pattern LOOP_ID = Pattern.compile("^<EventLoop-(\\d+) ");

    /** For {@link java.util.ServiceLoader}. */
    public MonitorServer() {}

    @Override
    public AutoCloseable start(String host, int port, LoopsMXBean loops) throws Exception {
        CompletableFuture<Running> started = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform()
                .daemon()
                .name("jasyncio-monitor")
                .unstarted(() -> serve(host, port, loops, started));
        thread.start();
        try {
            Running running = started.get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
            LOG.log(Level.INFO, "jasyncio monitor on " + running.url);
            return running;
        } catch (ExecutionException e) {
            thread.join(STARTUP_WAIT.toMillis());
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private static void serve(String host, int port, LoopsMXBean loops, CompletableFuture<Running> started) {
        try (JfrFeed feed = new JfrFeed()) {
            feed.start(STARTUP_WAIT.dividedBy(2));
            Asyncio.run(() -> {
                EventLoop own = Asyncio.getRunningLoop();
                // daemon threads: the property's monitor must not keep the program's JVM alive
                own.setDefaultExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform()
                        .daemon()
                        .name("jasyncio-monitor-snapshots")
                        .factory()));
                Future<Void> stop = own.createFuture();
                Snapshots snapshots = new Snapshots(loops, feed, loopId(own.toString()));
                boolean[] stopping = {false};
                App app = new App();
                app.get(
                        "/",
                        r -> Response.bytes(page(), "text/html; charset=utf-8").header("Cache-Control", "no-store"));
                app.get("/favicon.ico", r -> Response.empty(204)); // browsers ask; the page has no icon
                app.get(
                        "/snapshot.json",
                        r -> Response.bytes(snapshots.latest(), "application/json")
                                .header("Cache-Control", "no-store"));
                app.get(
                        "/events",
                        r -> Response.sse(events -> {
                            while (!events.isClosing() && !stopping[0]) {
                                events.send(
                                        "snapshot",
                                        new String(snapshots.latest(), java.nio.charset.StandardCharsets.UTF_8),
                                        null);
                                Asyncio.sleep(PERIOD);
                            }
                        }));
                app.onShutdown(a -> stopping[0] = true);
                AppRunner runner = app.start(host, port);
                try {
                    started.complete(new Running(runner.url() + "/", own, stop, Thread.currentThread()));
                    stop.await();
                } finally {
                    runner.shutdown(PERIOD.multipliedBy(3));
                }
            });
        } catch (Throwable e) {
            if (!started.completeExceptionally(e)) {
                LOG.log(Level.WARNING, "jasyncio monitor stopped", e);
            }
        }
    }

    /** The loop number in a loop's {@code toString()}, or -1. */
    static int loopId(String loop) {
        Matcher m = LOOP_ID.matcher(loop);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static byte[] page() throws IOException {
        try (InputStream in = MonitorServer.class.getResourceAsStream("monitor.html")) {
            if (in == null) {
                throw new IOException("monitor.html is missing from the org.jasyncio.http module");
            }
            return in.readAllBytes();
        }
    }

    /** A running monitor: closing it stops its server and thread. */
    private record Running(String url, EventLoop loop, Future<Void> stop, Thread thread) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            try {
                loop.callSoonThreadsafe(() -> {
                    if (!stop.done()) {
                        stop.setResult(null);
                    }
                });
            } catch (IllegalStateException closed) {
                return; // its loop is gone already
            }
            thread.join(PERIOD.multipliedBy(10).toMillis());
        }

        @Override
        public String toString() {
            return "<jasyncio monitor " + url + ">";
        }
    }

    /** The snapshots, taken off the monitor's loop (a running loop answers on its own thread) and shared. */
    private static final class Snapshots {
        private final LoopsMXBean loops;
        private final JfrFeed feed;
        private final int ownLoop;
        private final JsonCodec json = JsonCodec.jackson();
        /** Monitor loop only. */
        private byte[] last;

        private long lastNanos;

        Snapshots(LoopsMXBean loops, JfrFeed feed, int ownLoop) {
            this.loops = loops;
            this.feed = feed;
            this.ownLoop = ownLoop;
        }

        byte[] latest() throws Exception {
            if (last == null || System.nanoTime() - lastNanos > REUSE_NANOS) {
                byte[] fresh = Asyncio.toThread(this::take);
                last = fresh;
                lastNanos = System.nanoTime();
            }
            return last;
        }

        private byte[] take() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("takenAt", System.currentTimeMillis());
            List<Map<String, Object>> loopList = new ArrayList<>();
            for (String loop : loops.loops()) {
                int id = loopId(loop);
                if (id == ownLoop) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("name", loop);
                m.put("statistics", feed.statisticsOf(id));
                loopList.add(m);
            }
            out.put("loops", loopList);
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (TaskInfo t : loops.tasks()) {
                int loop = loopId(t.getLoop());
                if (loop == ownLoop) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("loop", loop);
                m.put("id", t.getId());
                m.put("name", t.getName());
                m.put("state", t.getState());
                m.put("waitingFor", t.getWaitingFor());
                m.put("stack", t.getStack());
                m.put("awaitedBy", t.getAwaitedBy());
                m.put("awaitedVia", t.getAwaitedVia());
                tasks.add(m);
            }
            out.put("tasks", tasks);
            out.put("slow", notOwn(feed.slowSteps()));
            out.put("blocked", notOwn(feed.blockedLoops()));
            return json.encode(out);
        }

        /** The reports of the monitored loops: the monitor's own (its first requests load classes) are noise. */
        private List<Map<String, Object>> notOwn(List<Map<String, Object>> reports) {
            reports.removeIf(r -> r.get("loop") instanceof Integer id && id == ownLoop);
            return reports;
        }
    }
}
