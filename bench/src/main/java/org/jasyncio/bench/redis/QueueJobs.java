package org.jasyncio.bench.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jasyncio.Asyncio;
import org.jasyncio.redis.Redis;
import org.jasyncio.redis.StreamQueue;
import org.jasyncio.redis.StreamWorker;

/**
 * Jobs per second end to end through a {@link StreamQueue}, for {@code bench/redis-compare}.
 *
 * <p>{@code --role worker --port P --name W --concurrency C}: a worker process whose trivial job
 * returns its payload with a "!" appended; prints {@code READY} once it consumes, stops gracefully on
 * SIGTERM. {@code --role producer --port P --n N --warmup-n M --iterations I}: per iteration,
 * enqueues N jobs (in batches of 1000, one round trip each through {@code enqueueAll}) and waits in
 * {@code queue.join()} until every one is finished; the time from the first enqueue to join's return
 * is the sample. M unmeasured jobs first warm the workers' JIT. Prints one {@code RESULT {json}}
 * line with the samples in jobs/s.
 */
public final class QueueJobs {
    static final String QUEUE = "bench-jobs";

    private QueueJobs() {}

    public static void main(String[] args) throws Exception {
        String role = RedisOps.arg(args, "--role", "producer");
        String url = "redis://127.0.0.1:" + RedisOps.arg(args, "--port", "6379");
        if (role.equals("worker")) {
            String name =
                    RedisOps.arg(args, "--name", "w" + ProcessHandle.current().pid());
            int concurrency = Integer.parseInt(RedisOps.arg(args, "--concurrency", "10"));
            Asyncio.run(() -> {
                try (Redis redis = Redis.connect(url)) {
                    StreamQueue<String, String> queue = StreamQueue.open(redis, QUEUE);
                    StreamWorker<String, String> worker = queue.worker(name, concurrency, job -> job.payload() + "!");
                    worker.stopOnSigterm(Duration.ofSeconds(5));
                    System.out.println("READY " + name);
                    System.out.flush();
                    worker.await();
                }
            });
            return;
        }
        int n = Integer.parseInt(RedisOps.arg(args, "--n", "10000"));
        int warmupN = Integer.parseInt(RedisOps.arg(args, "--warmup-n", "2000"));
        int iterations = Integer.parseInt(RedisOps.arg(args, "--iterations", "3"));
        List<Double> samples = new ArrayList<>();
        Asyncio.run(() -> {
            try (Redis redis = Redis.connect(url)) {
                StreamQueue<String, String> queue = StreamQueue.open(redis, QUEUE);
                run(queue, warmupN);
                for (int i = 0; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    run(queue, n);
                    samples.add(n / ((System.nanoTime() - t0) / 1e9));
                }
                if (queue.unfinished() != 0) {
                    throw new IllegalStateException("jobs left unfinished: " + queue.unfinished());
                }
            }
        });
        StringBuilder json = new StringBuilder("{\"system\": \"StreamQueue\", \"n\": " + n + ", \"jobs_per_s\": [");
        for (int i = 0; i < samples.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", samples.get(i)));
        }
        System.out.println("RESULT " + json.append("]}"));
    }

    private static void run(StreamQueue<String, String> queue, int n) throws Exception {
        for (int done = 0; done < n; done += 1000) {
            List<String> batch = new ArrayList<>();
            for (int i = done; i < Math.min(n, done + 1000); i++) {
                batch.add(Integer.toString(i));
            }
            queue.enqueueAll(batch);
        }
        queue.join();
    }
}
