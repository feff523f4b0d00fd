package org.jasyncio.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.TimeoutError;

/**
 * The worker model across processes and machines: a job queue on a Redis stream with a consumer
 * group, the distributed twin of {@link org.jasyncio.queue.Queue} with
 * {@link org.jasyncio.queue.WorkerPool}. No broker of our own: Redis Streams keep the jobs, the
 * consumer group hands each to one worker and remembers it until acknowledged.
 *
 * <pre>{@code
 * // producer (any process)
 * StreamQueue<String, String> q = StreamQueue.open(redis, "thumbnails");
 * for (String file : files) {
 *     q.enqueue(file);
 * }
 * q.join();                                  // every job finished, by whichever workers
 *
 * // worker (any number of processes, here 4 jobs at a time)
 * try (StreamWorker<String, String> w = q.worker("worker-" + pid, 4, job -> resize(job.payload()))) {
 *     w.await();                             // until close() or SIGTERM: finishes its jobs, then stops
 * }
 * }</pre>
 *
 * <p><b>Delivery.</b> At least once: a job is acknowledged after its handler returned, so a worker
 * that dies mid-job leaves it pending, and another worker reclaims it ({@code XAUTOCLAIM}) once it has
 * been idle for the {@linkplain Options#visibilityTimeout() visibility timeout}. A living worker's
 * running jobs are refreshed on the server (every third of the timeout), so only dead workers' jobs
 * are reclaimed, however long a job runs. A job is finished (result stored, counted, acknowledged)
 * exactly once: finishing checks on the server, atomically, that the worker still owns the job, so
 * a worker whose job was reclaimed cannot finish it too. Handlers should still be idempotent: a job
 * whose worker died after its work but before the acknowledgement runs again.
 *
 * <p><b>Failures.</b> A handler that throws has its job retried, after {@link Options#retryBackoff()}
 * doubled per attempt, by whichever worker reclaims it first; after {@link Options#maxAttempts()}
 * attempts the job goes to the dead-letter stream ({@link #deadLetterKey()}) with its last error,
 * and its result says so ({@link JobFailed}). A job delivered more than {@code maxAttempts} times
 * because its workers kept dying is dead-lettered the same way without running again (a poison job
 * that crashes the process).
 *
 * <p><b>Keys</b> (with a hash tag, so that one queue lives in one Redis Cluster slot):
 * {@code {name}:jobs} (the stream), {@code {name}:dead}, {@code {name}:unfinished} (enqueued minus
 * finished: what {@link #join()} waits on), {@code {name}:result:<id>} (expiring hashes), and the
 * channel {@code {name}:events} (the IDs of finished jobs).
 *
 * <p>Loop thread only; the client given is used for the producer's commands, and each worker opens
 * connections of its own.
 *
 * @param <T> the payload type
 * @param <R> the result type
 */
public final class StreamQueue<T, R> {
    /** The consumer group every worker joins. */
    public static final String GROUP = "workers";

    /**
     * A queue's settings; every worker and producer of a queue should use the same.
     *
     * @param visibilityTimeout how long a job's entry may stay idle before another worker reclaims it
     * @param maxAttempts how many times a job runs before it goes to the dead-letter stream
     * @param retryBackoff the delay before a failed job's second attempt, doubled for each next one
     * @param resultTtl how long results are kept
     * @param blockTime how long a worker's read blocks on the server (a stopping worker waits at most this)
     * @param claimInterval how often a worker looks for jobs to reclaim (retries and dead workers' jobs)
     */
    public record Options(
            Duration visibilityTimeout,
            int maxAttempts,
            Duration retryBackoff,
            Duration resultTtl,
            Duration blockTime,
            Duration claimInterval) {
        /** Checks the values. */
        public Options {
            positive(visibilityTimeout, "visibilityTimeout");
            positive(retryBackoff, "retryBackoff");
            positive(resultTtl, "resultTtl");
            positive(blockTime, "blockTime");
            positive(claimInterval, "claimInterval");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
            }
        }

        /** 30 s visibility, 3 attempts, 1 s first backoff, results kept a day, 1 s reads, claims every 1 s. */
        public static Options defaults() {
            return new Options(
                    Duration.ofSeconds(30),
                    3,
                    Duration.ofSeconds(1),
                    Duration.ofDays(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1));
        }

        /** With a visibility timeout. */
        public Options withVisibilityTimeout(Duration d) {
            return new Options(d, maxAttempts, retryBackoff, resultTtl, blockTime, claimInterval);
        }

        /** With a maximum of attempts. */
        public Options withMaxAttempts(int n) {
            return new Options(visibilityTimeout, n, retryBackoff, resultTtl, blockTime, claimInterval);
        }

        /** With a first retry backoff. */
        public Options withRetryBackoff(Duration d) {
            return new Options(visibilityTimeout, maxAttempts, d, resultTtl, blockTime, claimInterval);
        }

        /** With a result time to live. */
        public Options withResultTtl(Duration d) {
            return new Options(visibilityTimeout, maxAttempts, retryBackoff, d, blockTime, claimInterval);
        }

        /** With a read block time. */
        public Options withBlockTime(Duration d) {
            return new Options(visibilityTimeout, maxAttempts, retryBackoff, resultTtl, d, claimInterval);
        }

        /** With a claim interval. */
        public Options withClaimInterval(Duration d) {
            return new Options(visibilityTimeout, maxAttempts, retryBackoff, resultTtl, blockTime, d);
        }

        private static void positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }

    /**
     * What a worker does with a job; its return value is the job's result.
     *
     * @param <T> the payload type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Handler<T, R> {
        /** Runs {@code job}; may suspend; a throw is a failed attempt. */
        R handle(Job<T> job) throws Exception;
    }

    private final Redis redis;
    private final String name;
    private final JobCodec<T> jobs;
    private final JobCodec<R> results;
    private final Options options;

    private StreamQueue(Redis redis, String name, JobCodec<T> jobs, JobCodec<R> results, Options options) {
        this.redis = redis;
        this.name = name;
        this.jobs = jobs;
        this.results = results;
        this.options = options;
    }

    /** A queue of strings with string results and default options; creates the stream and group if needed. */
    public static StreamQueue<String, String> open(Redis redis, String name) throws IOException {
        return open(redis, name, JobCodec.string(), JobCodec.string(), Options.defaults());
    }

    /** A queue with codecs and options; creates the stream and group if needed. */
    public static <T, R> StreamQueue<T, R> open(
            Redis redis, String name, JobCodec<T> jobs, JobCodec<R> results, Options options) throws IOException {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("{") || name.contains("}")) {
            throw new IllegalArgumentException(
                    "a StreamQueue name must be non-empty and without braces, got '" + name + "'");
        }
        StreamQueue<T, R> q = new StreamQueue<>(
                redis,
                name,
                Objects.requireNonNull(jobs, "jobs"),
                Objects.requireNonNull(results, "results"),
                Objects.requireNonNull(options, "options"));
        redis.xgroupCreate(q.streamKey(), GROUP, "0", true);
        return q;
    }

    /**
     * Adds a job; returns its ID. Atomic with the count {@link #join()} waits on (MULTI/EXEC).
     */
    public String enqueue(T payload) throws IOException {
        String text = encode(jobs, payload);
        List<Object> r = redis.multi()
                .command("INCR", unfinishedKey())
                .command("XADD", streamKey(), "*", "payload", text)
                .execute();
        return (String) r.get(1);
    }

    /**
     * Adds many jobs in one round trip (one MULTI/EXEC: all or none); returns their IDs in order.
     */
    public List<String> enqueueAll(List<? extends T> payloads) throws IOException {
        if (payloads.isEmpty()) {
            return List.of();
        }
        Pipeline tx = redis.multi().command("INCRBY", unfinishedKey(), payloads.size());
        for (T p : payloads) {
            tx.command("XADD", streamKey(), "*", "payload", encode(jobs, p));
        }
        List<Object> r = tx.execute();
        List<String> ids = new java.util.ArrayList<>(payloads.size());
        for (Object id : r.subList(1, r.size())) {
            ids.add((String) id);
        }
        return ids;
    }

    /** How many enqueued jobs are not finished yet (queued, running or waiting for a retry). */
    public long unfinished() throws IOException {
        String n = redis.get(unfinishedKey());
        return n == null ? 0 : Long.parseLong(n);
    }

    /** How many jobs were finished (done or dead-lettered), by all workers: each is counted once, on the server. */
    public long finishedCount() throws IOException {
        String n = redis.get(finishedKey());
        return n == null ? 0 : Long.parseLong(n);
    }

    /**
     * Waits until every job enqueued so far, by any producer, is finished (done or dead-lettered):
     * {@code queue.join()} across processes. Woken by the queue's events channel, and checks at
     * least every second (so a lost event, or Redis restarting, only delays it).
     */
    public void join() throws IOException {
        waitFor(() -> unfinished() == 0);
    }

    /**
     * The result of job {@code id}, waiting at most {@code timeout} for it.
     *
     * @throws JobFailed if the job was dead-lettered
     * @throws TimeoutError if it is not finished in time
     */
    public R result(String id, Duration timeout) throws IOException, JobFailed {
        List<Map<String, String>> found = new java.util.ArrayList<>(1);
        try (var t = Asyncio.timeout(timeout)) {
            waitFor(() -> {
                Map<String, String> h = redis.hgetall(resultKey(id));
                found.clear();
                found.add(h);
                return !h.isEmpty();
            });
        }
        Map<String, String> h = found.get(0);
        if ("failed".equals(h.get("status"))) {
            throw new JobFailed(id, h.get("value"));
        }
        return decode(results, h.get("value"));
    }

    /** The dead-lettered jobs, oldest first (fields: job, payload, error, attempts). */
    public List<StreamEntry> deadLetters() throws IOException {
        return redis.xrange(deadLetterKey(), "-", "+");
    }

    /**
     * Starts a worker: consumer {@code consumer} of the group (unique per worker; a restarted worker
     * may reuse its name), running up to {@code concurrency} jobs at a time on the running loop.
     */
    public StreamWorker<T, R> worker(String consumer, int concurrency, Handler<? super T, ? extends R> handler)
            throws IOException {
        return StreamWorker.start(this, consumer, concurrency, handler);
    }

    private interface Check {
        boolean done() throws IOException;
    }

    private void waitFor(Check check) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        while (true) {
            PubSub events = null;
            try {
                events = redis.pubsub();
                events.subscribe(eventsChannel());
                while (!check.done()) {
                    events.getMessage(Duration.ofSeconds(1));
                }
                return;
            } catch (RedisConnectionError e) {
                // Redis went away: the client reconnects with backoff on the next command.
                Asyncio.sleep(Duration.ofMillis(100));
            } finally {
                if (events != null) {
                    events.close();
                }
            }
            if (loop.isClosed()) {
                return;
            }
        }
    }

    // ---- for the workers ----

    Redis redis() {
        return redis;
    }

    Options options() {
        return options;
    }

    String name() {
        return name;
    }

    T decodeJob(String text) throws IOException {
        return decode(jobs, text);
    }

    String encodeResult(R value) throws IOException {
        return encode(results, value);
    }

    /** The stream of jobs. */
    public String streamKey() {
        return "{" + name + "}:jobs";
    }

    /** The stream of dead-lettered jobs. */
    public String deadLetterKey() {
        return "{" + name + "}:dead";
    }

    String unfinishedKey() {
        return "{" + name + "}:unfinished";
    }

    String finishedKey() {
        return "{" + name + "}:finished";
    }

    String resultKey(String id) {
        return "{" + name + "}:result:" + id;
    }

    String eventsChannel() {
        return "{" + name + "}:events";
    }

    private static <X> String encode(JobCodec<X> codec, X value) throws IOException {
        try {
            String s = codec.encode(value);
            return s == null ? "" : s;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot encode " + value + ": " + e.getMessage(), e);
        }
    }

    private static <X> X decode(JobCodec<X> codec, String text) throws IOException {
        try {
            return codec.decode(text);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot decode '" + text + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "<StreamQueue " + name + " on " + redis.options() + ">";
    }
}
