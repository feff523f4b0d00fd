package org.jasyncio.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Task;
import org.jasyncio.sync.Event;
import org.jasyncio.sync.Semaphore;

/**
 * One worker of a {@link StreamQueue}: a consumer of the queue's group that reads jobs, runs up to
 * {@code concurrency} of them at a time as tasks on the loop, and finishes each (result, ack) or
 * retries or dead-letters it. Made by {@link StreamQueue#worker}.
 *
 * <p>The reading task holds a connection of its own (its reads block on the server for up to
 * {@link StreamQueue.Options#blockTime()}); jobs finish on a second one. Both reconnect with backoff
 * if Redis goes away; a finish that failed for that reason is retried, and the job stays pending on
 * the server meanwhile, so nothing is lost.
 *
 * <p><b>Stopping.</b> {@link #close()} is graceful: no new job is read, the running ones finish and
 * are acknowledged, then the worker's connections close. {@link #stopOnSigterm} does the same
 * when the process gets SIGTERM, and {@link #await()} when its task is cancelled (Ctrl-C).
 *
 * <pre>
 * RUNNING --close()/stop()--> STOPPING --reader ended, running jobs finished--> STOPPED
 * </pre>
 * Loop thread only (except {@link #stopOnSigterm}'s hook, which only schedules on the loop).
 *
 * @param <T> the payload type
 * @param <R> the result type
 */
public final class StreamWorker<T, R> implements AutoCloseable {
    /** The worker's states. */
    public enum State {
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final StreamQueue<T, R> queue;
    private final String consumer;
    private final int concurrency;
    private final StreamQueue.Handler<? super T, ? extends R> handler;
    private final Semaphore slots;
    private final Redis reader;
    private final Redis finisher;
    private final EventLoop loop;
    private final Event stopped = new Event();
    /** Invariant: the IDs of the jobs running now (loop thread only). */
    private final Set<String> running = new HashSet<>();

    private final Task<Void> readTask;
    private State state = State.RUNNING;
    private long finished;
    private long failedAttempts;

    private StreamWorker(
            StreamQueue<T, R> queue,
            String consumer,
            int concurrency,
            StreamQueue.Handler<? super T, ? extends R> handler,
            Redis reader,
            Redis finisher) {
        this.queue = queue;
        this.consumer = consumer;
        this.concurrency = concurrency;
        this.handler = handler;
        this.slots = new Semaphore(concurrency);
        this.reader = reader;
        this.finisher = finisher;
        this.loop = Asyncio.getRunningLoop();
        this.readTask = Asyncio.createTask(this::readLoop, "StreamWorker-" + consumer);
    }

    static <T, R> StreamWorker<T, R> start(
            StreamQueue<T, R> queue,
            String consumer,
            int concurrency,
            StreamQueue.Handler<? super T, ? extends R> handler)
            throws IOException {
        if (concurrency < 1) {
            throw new IllegalArgumentException("a StreamWorker needs concurrency >= 1, got " + concurrency);
        }
        java.util.Objects.requireNonNull(handler, "handler");
        java.util.Objects.requireNonNull(consumer, "consumer");
        Redis reader = queue.redis().duplicate();
        Redis finisher = queue.redis().duplicate();
        return new StreamWorker<>(queue, consumer, concurrency, handler, reader, finisher);
    }

    /** The consumer name. */
    public String consumer() {
        return consumer;
    }

    /** The worker's state. */
    public State state() {
        return state;
    }

    /**
     * How many jobs this worker saw finished (done or dead-lettered) on the server. A finish whose
     * reply was lost with the connection is not counted here, though it happened:
     * {@link StreamQueue#finishedCount()} is the server's exact count.
     */
    public long finished() {
        return finished;
    }

    /** How many jobs run now. */
    public int running() {
        return running.size();
    }

    /** Asks the worker to stop: no new job is read; the running ones finish. Returns at once. */
    public void stop() {
        if (state == State.RUNNING) {
            state = State.STOPPING;
        }
    }

    /**
     * Waits until the worker has stopped (after {@link #stop()}, or a SIGTERM with
     * {@link #stopOnSigterm}). If the waiting task is cancelled (Ctrl-C cancels the main task of
     * {@code Asyncio.run}), the worker is stopped gracefully first: its running jobs finish and are
     * acknowledged, then the cancellation goes on. A second cancellation ends that wait.
     *
     * @throws Exception the reading task's failure, if it failed (e.g. Redis unreachable for good)
     */
    public void await() throws Exception {
        try {
            stopped.await();
        } catch (CancelledError c) {
            stop();
            stopped.await();
            throw c;
        }
        if (readTask.done() && !readTask.cancelled() && readTask.exception() != null) {
            readTask.await();
        }
    }

    /** Stops gracefully and waits: the running jobs finish and are acknowledged. Idempotent. */
    @Override
    public void close() throws Exception {
        stop();
        await();
    }

    /**
     * Stops this worker gracefully when the JVM is asked to exit (SIGTERM, Ctrl-C): the shutdown hook
     * schedules {@link #stop()} on the loop and lets the JVM exit once the worker has stopped (at most
     * {@code grace} later).
     */
    public void stopOnSigterm(Duration grace) {
        Thread hook = new Thread(
                () -> {
                    var done = new java.util.concurrent.CountDownLatch(1);
                    try {
                        loop.callSoonThreadsafe(() -> {
                            stop();
                            if (state == State.STOPPED) {
                                done.countDown();
                            } else {
                                Asyncio.createTask(() -> {
                                    stopped.await();
                                    done.countDown();
                                });
                            }
                        });
                        done.await(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (RuntimeException | InterruptedException e) {
                        // the loop is gone already: nothing left to stop
                    }
                },
                "StreamWorker-" + consumer + "-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    // ---- the reading task ----

    private void readLoop() throws Exception {
        StreamQueue.Options o = queue.options();
        double nextClaim = 0;
        try {
            while (state == State.RUNNING) {
                slots.acquire();
                int free = slots.value() + 1;
                slots.release();
                try {
                    if (loop.time() >= nextClaim) {
                        nextClaim = loop.time() + seconds(o.claimInterval());
                        free -= claim(free);
                    }
                    if (free > 0 && state == State.RUNNING) {
                        List<StreamEntry> got = reader.xreadgroup(
                                StreamQueue.GROUP, consumer, free, o.blockTime(), queue.streamKey(), ">");
                        for (StreamEntry e : got) {
                            launch(e, 1);
                        }
                        if (got.isEmpty()) {
                            nextClaim = Math.min(nextClaim, loop.time());
                        }
                    }
                } catch (RedisConnectionError e) {
                    Asyncio.sleep(Duration.ofMillis(100)); // the clients reconnect with backoff on the next command
                } catch (RedisError e) {
                    if (!e.code().equals("NOGROUP")) {
                        throw e;
                    }
                    // Redis lost the group (restarted without persistence): make it again.
                    reader.xgroupCreate(queue.streamKey(), StreamQueue.GROUP, "0", true);
                }
            }
            // Graceful stop: wait for every running job (each holds one slot).
            for (int i = 0; i < concurrency; i++) {
                slots.acquire();
            }
        } finally {
            state = State.STOPPED;
            reader.close();
            finisher.close();
            stopped.set();
        }
    }

    /** Reclaims jobs idle past the visibility timeout (dead workers' and retries); returns how many it started. */
    private int claim(int free) throws Exception {
        StreamQueue.Options o = queue.options();
        AutoClaimed c =
                finisher.xautoclaim(queue.streamKey(), StreamQueue.GROUP, consumer, o.visibilityTimeout(), "0-0", free);
        int started = 0;
        for (StreamEntry e : c.entries()) {
            List<PendingEntry> p = finisher.xpending(queue.streamKey(), StreamQueue.GROUP, e.id(), e.id(), 1);
            long attempt = p.isEmpty() ? 1 : p.get(0).deliveries();
            if (attempt > o.maxAttempts()) {
                finish(
                        e,
                        "failed",
                        "delivered " + (attempt - 1) + " times without finishing (workers died?)",
                        attempt - 1);
                continue;
            }
            launch(e, attempt);
            started++;
        }
        return started;
    }

    private void launch(StreamEntry e, long attempt) {
        if (!slots.tryAcquire()) {
            // Cannot happen: reads ask for at most the free slots. Leave it pending: it is reclaimed later.
            return;
        }
        running.add(e.id());
        Asyncio.createTask(
                () -> {
                    try {
                        runJob(e, attempt);
                    } finally {
                        running.remove(e.id());
                        slots.release();
                    }
                },
                "job-" + e.id());
    }

    private void runJob(StreamEntry e, long attempt) throws Exception {
        StreamQueue.Options o = queue.options();
        Task<Void> heartbeat = Asyncio.createTask(
                () -> {
                    Duration every = o.visibilityTimeout().dividedBy(3);
                    while (true) {
                        Asyncio.sleep(every);
                        try {
                            setIdle(e.id(), 0);
                        } catch (IOException ex) {
                            // Redis away: the next beat tries again; the entry stays pending meanwhile.
                        }
                    }
                },
                "heartbeat-" + e.id());
        String status;
        String value;
        try {
            R r = handler.handle(new Job<>(e.id(), queue.decodeJob(e.field("payload")), attempt));
            status = "ok";
            value = queue.encodeResult(r);
        } catch (CancelledError c) {
            throw c; // the worker's loop is closing: the job stays pending and is reclaimed
        } catch (Exception ex) {
            status = "failed";
            value = ex.toString();
        } finally {
            heartbeat.cancel();
        }
        if (status.equals("ok") || attempt >= o.maxAttempts()) {
            finish(e, status, value, attempt);
        } else {
            failedAttempts++;
            Duration backoff = o.retryBackoff().multipliedBy(1L << Math.min(20, attempt - 1));
            long idle = Math.max(0, o.visibilityTimeout().minus(backoff).toMillis());
            retrying(() -> setIdle(e.id(), idle));
        }
    }

    private void finish(StreamEntry e, String status, String value, long attempts) throws Exception {
        StreamQueue.Options o = queue.options();
        retrying(() -> {
            Object done = finisher.eval(
                    Scripts.FINISH,
                    List.of(
                            queue.streamKey(),
                            queue.unfinishedKey(),
                            queue.resultKey(e.id()),
                            queue.deadLetterKey(),
                            queue.finishedKey()),
                    List.of(
                            StreamQueue.GROUP,
                            e.id(),
                            consumer,
                            status,
                            value,
                            o.resultTtl().toMillis(),
                            queue.eventsChannel(),
                            e.fields().getOrDefault("payload", ""),
                            attempts));
            if (Long.valueOf(1).equals(done)) {
                finished++;
            }
        });
    }

    private void setIdle(String id, long idleMillis) throws IOException {
        finisher.eval(
                Scripts.SET_IDLE, List.of(queue.streamKey()), List.of(StreamQueue.GROUP, id, consumer, idleMillis));
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step}, again after a lost connection (with backoff) until it gets through. */
    private void retrying(Step step) throws Exception {
        Duration delay = Duration.ofMillis(50);
        for (int i = 0; ; i++) {
            try {
                step.run();
                return;
            } catch (RedisConnectionError ex) {
                if (i >= 60) {
                    throw ex; // about a minute without Redis: give up; the job stays pending and is reclaimed
                }
                Asyncio.sleep(delay);
                delay = delay.multipliedBy(2).compareTo(RedisOptions.MAX_BACKOFF) > 0
                        ? RedisOptions.MAX_BACKOFF
                        : delay.multipliedBy(2);
            }
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Override
    public String toString() {
        return "<StreamWorker " + consumer + " of " + queue.name() + " " + state + " running=" + running.size() + "/"
                + concurrency + " finished=" + finished + " failedAttempts=" + failedAttempts + ">";
    }
}
