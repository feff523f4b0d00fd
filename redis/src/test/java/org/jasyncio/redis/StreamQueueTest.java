package org.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.VoidCoroutine;
import org.jasyncio.sync.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** StreamQueue's workers in this process against a real redis-server; the process faults are in StreamQueueFaultTest. */
class StreamQueueTest {
    static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.launch();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static final StreamQueue.Options FAST = StreamQueue.Options.defaults()
            .withVisibilityTimeout(Duration.ofMillis(600))
            .withRetryBackoff(Duration.ofMillis(50))
            .withBlockTime(Duration.ofMillis(100))
            .withClaimInterval(Duration.ofMillis(100));

    interface Body {
        void run(Redis redis) throws Exception;
    }

    static void withRedis(Body body) throws Exception {
        Asyncio.run((VoidCoroutine) () -> {
            try (Redis redis = Redis.connect(server.url());
                    var t = Asyncio.timeout(Duration.ofSeconds(30))) {
                redis.command("FLUSHALL");
                body.run(redis);
            }
        });
    }

    @Test
    void tenJobsThreeWorkersEveryResultOnceAndJoinReturnsWhenAllAreDone() throws Exception {
        withRedis(redis -> {
            StreamQueue<String, String> q = StreamQueue.open(redis, "seed", JobCodec.string(), JobCodec.string(), FAST);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(q.enqueue("job " + i));
            }
            assertThat(q.unfinished()).isEqualTo(10);
            // The first three jobs each wait until three are running: with one job at a time per
            // worker, that is one in each worker, so all three take work (no timing involved).
            int[] started = {0};
            Event threeRunning = new Event();
            List<StreamWorker<String, String>> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                workers.add(q.worker("worker-" + w, 1, job -> {
                    if (++started[0] == 3) {
                        threeRunning.set();
                    }
                    threeRunning.await();
                    return job.payload().toUpperCase();
                }));
            }
            q.join();
            assertThat(q.unfinished()).isZero();
            for (int i = 0; i < 10; i++) {
                assertThat(q.result(ids.get(i), Duration.ofSeconds(1))).isEqualTo("JOB " + i);
            }
            for (StreamWorker<String, String> w : workers) {
                w.close();
                assertThat(w.state()).isEqualTo(StreamWorker.State.STOPPED);
            }
            assertThat(workers.stream().mapToLong(StreamWorker::finished).sum()).isEqualTo(10);
            assertThat(workers).allMatch(w -> w.finished() > 0); // all three took work
            assertThat(redis.xlen(q.streamKey())).isZero(); // finished jobs leave the stream
            assertThat(redis.xpendingCount(q.streamKey(), StreamQueue.GROUP)).isZero();
        });
    }

    @Test
    void aWorkerRunsAtMostItsConcurrencyAtATime() throws Exception {
        withRedis(redis -> {
            StreamQueue<String, String> q =
                    StreamQueue.open(redis, "limit", JobCodec.string(), JobCodec.string(), FAST);
            for (int i = 0; i < 12; i++) {
                q.enqueue("j" + i);
            }
            int[] now = {0};
            int[] max = {0};
            // Every job waits until three ran at once (then the event stays set): the limit is
            // reached for sure, and any fourth would have to start while three are held.
            Event threeAtOnce = new Event();
            try (StreamWorker<String, String> w = q.worker("w", 3, job -> {
                now[0]++;
                max[0] = Math.max(max[0], now[0]);
                if (now[0] == 3) {
                    threeAtOnce.set();
                }
                threeAtOnce.await();
                now[0]--;
                return null;
            })) {
                q.join();
            }
            assertThat(max[0]).isEqualTo(3);
        });
    }

    @Test
    void aFailingJobIsRetriedWithBackoffAndAPoisonJobEndsInTheDeadLetterStream() throws Exception {
        withRedis(redis -> {
            StreamQueue<String, String> q =
                    StreamQueue.open(redis, "retry", JobCodec.string(), JobCodec.string(), FAST.withMaxAttempts(3));
            Map<String, List<Long>> attempts = new HashMap<>();
            String flaky = q.enqueue("flaky");
            String poison = q.enqueue("poison");
            String fine = q.enqueue("fine");
            try (StreamWorker<String, String> w = q.worker("w", 2, job -> {
                attempts.computeIfAbsent(job.payload(), k -> new ArrayList<>()).add(job.attempt());
                if (job.payload().equals("poison") || (job.payload().equals("flaky") && job.attempt() == 1)) {
                    throw new IllegalStateException("bad " + job.payload() + " #" + job.attempt());
                }
                return "done " + job.payload();
            })) {
                q.join();
            }
            assertThat(attempts)
                    .containsEntry("flaky", List.of(1L, 2L))
                    .containsEntry("poison", List.of(1L, 2L, 3L))
                    .containsEntry("fine", List.of(1L));
            assertThat(q.result(flaky, Duration.ofSeconds(1))).isEqualTo("done flaky");
            assertThat(q.result(fine, Duration.ofSeconds(1))).isEqualTo("done fine");
            assertThatThrownBy(() -> q.result(poison, Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(JobFailed.class, e -> {
                        assertThat(e.jobId()).isEqualTo(poison);
                        assertThat(e.getMessage()).contains("bad poison #3");
                    });
            assertThat(q.deadLetters()).singleElement().satisfies(d -> {
                assertThat(d.field("job")).isEqualTo(poison);
                assertThat(d.field("payload")).isEqualTo("poison");
                assertThat(d.field("attempts")).isEqualTo("3");
                assertThat(d.field("error")).contains("IllegalStateException: bad poison #3");
            });
            assertThat(q.unfinished()).isZero();
        });
    }

    @Test
    void aJobOfADeadConsumerIsReclaimedAfterTheVisibilityTimeoutAndTheDeadOneCannotFinishIt() throws Exception {
        withRedis(redis -> {
            StreamQueue<String, String> q =
                    StreamQueue.open(redis, "reclaim", JobCodec.string(), JobCodec.string(), FAST);
            String id = q.enqueue("orphan");
            // A consumer takes the job and dies (never acks): here, a plain read under its name.
            assertThat(redis.xreadgroup(StreamQueue.GROUP, "ghost", 1, null, q.streamKey(), ">"))
                    .extracting(StreamEntry::id)
                    .containsExactly(id);
            List<Job<String>> seen = new ArrayList<>();
            try (StreamWorker<String, String> w = q.worker("survivor", 1, job -> {
                seen.add(job);
                return "rescued";
            })) {
                assertThat(q.result(id, Duration.ofSeconds(10))).isEqualTo("rescued");
            }
            assertThat(seen)
                    .singleElement()
                    .satisfies(j -> assertThat(j.attempt()).isEqualTo(2));
            // The ghost comes back and tries to finish its job: refused, the job stays finished once.
            Object refused = redis.eval(
                    Scripts.FINISH,
                    List.of(q.streamKey(), q.unfinishedKey(), q.resultKey(id), q.deadLetterKey(), q.finishedKey()),
                    List.of(StreamQueue.GROUP, id, "ghost", "ok", "late", 60000, q.eventsChannel(), "orphan", 1));
            assertThat(refused).isEqualTo(0L);
            assertThat(q.result(id, Duration.ofSeconds(1))).isEqualTo("rescued");
            assertThat(q.unfinished()).isZero();
            assertThat(q.finishedCount()).isEqualTo(1);
        });
    }

    @Test
    void aJobDeliveredMoreThanMaxAttemptsIsDeadLetteredWithoutRunning() throws Exception {
        withRedis(redis -> {
            StreamQueue<String, String> q =
                    StreamQueue.open(redis, "crasher", JobCodec.string(), JobCodec.string(), FAST.withMaxAttempts(1));
            String id = q.enqueue("crashes the process");
            redis.xreadgroup(StreamQueue.GROUP, "crashed", 1, null, q.streamKey(), ">");
            List<String> ran = new ArrayList<>();
            try (StreamWorker<String, String> w = q.worker("next", 1, job -> {
                ran.add(job.id());
                return null;
            })) {
                q.join();
            }
            assertThat(ran).isEmpty();
            assertThatThrownBy(() -> q.result(id, Duration.ofSeconds(1)))
                    .isInstanceOf(JobFailed.class)
                    .hasMessageContaining("delivered 1 times without finishing");
            assertThat(q.deadLetters()).extracting(e -> e.field("job")).containsExactly(id);
        });
    }

    @Test
    void aLongJobOfALiveWorkerIsNotReclaimed() throws Exception {
        withRedis(redis -> {
            StreamQueue<String, String> q = StreamQueue.open(
                    redis,
                    "long",
                    JobCodec.string(),
                    JobCodec.string(),
                    FAST.withVisibilityTimeout(Duration.ofMillis(1200)));
            q.enqueue("long");
            List<String> runs = Collections.synchronizedList(new ArrayList<>());
            try (StreamWorker<String, String> a = q.worker("a", 1, job -> {
                        runs.add("a");
                        // Real time is the subject: twice the visibility timeout, while the heartbeat (every
                        // 0.4 s) keeps the job from being reclaimed by b.
                        Asyncio.sleep(2.5);
                        return null;
                    });
                    StreamWorker<String, String> b = q.worker("b", 1, job -> {
                        runs.add("b");
                        return null;
                    })) {
                q.join();
            }
            assertThat(runs).hasSize(1);
        });
    }

    @Test
    void closeFinishesTheRunningJobThenStops() throws Exception {
        withRedis(redis -> {
            StreamQueue<String, String> q =
                    StreamQueue.open(redis, "graceful", JobCodec.string(), JobCodec.string(), FAST);
            String first = q.enqueue("first");
            Event started = new Event();
            Event release = new Event();
            StreamWorker<String, String> w = q.worker("w", 1, job -> {
                started.set();
                release.await();
                return "finished " + job.payload();
            });
            started.await();
            String second = q.enqueue("second");
            w.stop();
            assertThat(w.state()).isEqualTo(StreamWorker.State.STOPPING);
            var closing = Asyncio.createTask(() -> {
                w.close();
                return w.state();
            });
            // A check that something does not happen, so real time: three block times (the reader has
            // stopped by then), and close() must still be waiting for the running job.
            Asyncio.sleep(0.3);
            assertThat(closing.done()).isFalse();
            release.set();
            assertThat(closing.await()).isEqualTo(StreamWorker.State.STOPPED);
            assertThat(q.result(first, Duration.ofSeconds(1))).isEqualTo("finished first");
            assertThat(q.unfinished()).isEqualTo(1); // "second" was never taken
            assertThat(redis.xrange(q.streamKey(), "-", "+"))
                    .extracting(StreamEntry::id)
                    .containsExactly(second);
        });
    }

    @Test
    void cancellingTheTaskThatAwaitsAWorkerStopsItGracefully() throws Exception {
        withRedis(redis -> {
            StreamQueue<String, String> q =
                    StreamQueue.open(redis, "ctrlc", JobCodec.string(), JobCodec.string(), FAST);
            String id = q.enqueue("job");
            Event started = new Event();
            Event release = new Event();
            StreamWorker<String, String> w = q.worker("w", 1, job -> {
                started.set();
                release.await();
                return "finished";
            });
            var main = Asyncio.createTask(() -> {
                w.await();
                return null;
            });
            started.await();
            main.cancel("Ctrl-C"); // what Asyncio.run does to its main task on SIGINT
            // A check that something does not happen, so real time: a block time, and the cancelled
            // task must still be waiting for the running job.
            Asyncio.sleep(0.1);
            assertThat(main.done()).isFalse();
            assertThat(w.state()).isEqualTo(StreamWorker.State.STOPPING);
            release.set();
            assertThatThrownBy(main::await).isInstanceOf(org.jasyncio.CancelledError.class);
            assertThat(w.state()).isEqualTo(StreamWorker.State.STOPPED);
            assertThat(q.result(id, Duration.ofSeconds(1))).isEqualTo("finished");
        });
    }

    @Test
    void codecsCarryTypedPayloadsAndResults() throws Exception {
        withRedis(redis -> {
            JobCodec<Integer> ints = JobCodec.of(String::valueOf, Integer::valueOf);
            StreamQueue<byte[], Integer> q = StreamQueue.open(redis, "typed", JobCodec.bytes(), ints, FAST);
            String id = q.enqueue(new byte[] {0, 1, 2, (byte) 255});
            try (StreamWorker<byte[], Integer> w = q.worker("w", 1, job -> job.payload().length * 10)) {
                assertThat(q.result(id, Duration.ofSeconds(10))).isEqualTo(40);
            }
            assertThatThrownBy(() -> StreamQueue.open(redis, "a{b}")).hasMessageContaining("without braces");
            assertThatThrownBy(() -> q.worker("w", 0, job -> 1)).hasMessageContaining("concurrency >= 1");
        });
    }
}
