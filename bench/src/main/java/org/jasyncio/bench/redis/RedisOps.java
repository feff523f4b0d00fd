package org.jasyncio.bench.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.redis.Pipeline;
import org.jasyncio.redis.Redis;

/**
 * redis-benchmark-comparable GET/SET throughput of one Java client from one thread, for
 * {@code bench/redis-compare}.
 *
 * <p>Arguments: {@code --client jasyncio|lettuce}, {@code --port P}, {@code --op get|set},
 * {@code --concurrency C} (C tasks, or C chains of callbacks for Lettuce, each issuing its next
 * command when the previous one is answered: the unpipelined mode), {@code --pipeline B} (when
 * above 1: one task sending batches of B commands, each batch one write, waiting for the whole batch
 * before the next), {@code --n N} commands per iteration, {@code --warmup W}, {@code --iterations I}.
 * Every client uses one connection: jasyncio's tasks share one {@link Redis} (concurrent callers are
 * pipelined on it), Lettuce's chains share one {@link StatefulRedisConnection}. Lettuce runs with
 * one I/O thread and one computation thread, so its replies and the chains' next commands are all
 * handled on one Netty thread. Prints one {@code RESULT {json}} line with the samples in ops/s.
 */
public final class RedisOps {
    private static final String KEY = "key:__rand_int__";
    private static final String VALUE = "xxx";

    private RedisOps() {}

    public static void main(String[] args) throws Exception {
        String client = arg(args, "--client", "jasyncio");
        int port = Integer.parseInt(arg(args, "--port", "6379"));
        boolean set = arg(args, "--op", "get").equals("set");
        int concurrency = Integer.parseInt(arg(args, "--concurrency", "50"));
        int pipeline = Integer.parseInt(arg(args, "--pipeline", "1"));
        int n = Integer.parseInt(arg(args, "--n", "200000"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "1"));
        int iterations = Integer.parseInt(arg(args, "--iterations", "3"));
        List<Double> samples = new ArrayList<>();
        if (client.equals("jasyncio")) {
            Asyncio.run(() -> {
                try (Redis redis = Redis.connect("redis://127.0.0.1:" + port)) {
                    redis.set(KEY, VALUE);
                    for (int i = 0; i < warmup + iterations; i++) {
                        double s = pipeline > 1
                                ? jasyncioPipelined(redis, set, pipeline, n)
                                : jasyncioTasks(redis, set, concurrency, n);
                        if (i >= warmup) {
                            samples.add(n / s);
                        }
                    }
                }
            });
        } else if (client.equals("lettuce")) {
            ClientResources resources = DefaultClientResources.builder()
                    .ioThreadPoolSize(1)
                    .computationThreadPoolSize(1)
                    .build();
            RedisClient rc = RedisClient.create(resources, RedisURI.create("127.0.0.1", port));
            try (StatefulRedisConnection<String, String> conn = rc.connect()) {
                RedisAsyncCommands<String, String> cmd = conn.async();
                cmd.set(KEY, VALUE).get(10, TimeUnit.SECONDS);
                for (int i = 0; i < warmup + iterations; i++) {
                    double s = pipeline > 1
                            ? lettucePipelined(conn, set, pipeline, n)
                            : lettuceChains(cmd, set, concurrency, n);
                    if (i >= warmup) {
                        samples.add(n / s);
                    }
                }
            } finally {
                rc.shutdown();
                resources.shutdown().get(10, TimeUnit.SECONDS);
            }
        } else {
            throw new IllegalArgumentException("--client must be jasyncio or lettuce, got " + client);
        }
        StringBuilder json = new StringBuilder();
        json.append("{\"client\": \"")
                .append(client)
                .append("\", \"op\": \"")
                .append(set ? "set" : "get")
                .append("\", \"concurrency\": ")
                .append(concurrency)
                .append(", \"pipeline\": ")
                .append(pipeline)
                .append(", \"n\": ")
                .append(n)
                .append(", \"ops_per_s\": [");
        for (int i = 0; i < samples.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", samples.get(i)));
        }
        json.append("], \"java\": \"").append(Runtime.version()).append("\"}");
        System.out.println("RESULT " + json);
    }

    /** C tasks on one client, each one command at a time; returns the elapsed seconds for n commands. */
    private static double jasyncioTasks(Redis redis, boolean set, int concurrency, int n) throws Exception {
        List<Task<Void>> tasks = new ArrayList<>(concurrency);
        long t0 = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            int share = n / concurrency + (c < n % concurrency ? 1 : 0);
            tasks.add(Asyncio.createTask(() -> {
                for (int i = 0; i < share; i++) {
                    if (set) {
                        redis.set(KEY, VALUE);
                    } else if (redis.get(KEY) == null) {
                        throw new IllegalStateException("GET " + KEY + " answered nil");
                    }
                }
            }));
        }
        for (Task<Void> t : tasks) {
            t.await();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** One task, batches of b commands through {@link Redis#pipeline()}. */
    private static double jasyncioPipelined(Redis redis, boolean set, int b, int n) throws Exception {
        long t0 = System.nanoTime();
        for (int done = 0; done < n; done += b) {
            int size = Math.min(b, n - done);
            Pipeline p = redis.pipeline();
            for (int i = 0; i < size; i++) {
                if (set) {
                    p.set(KEY, VALUE);
                } else {
                    p.get(KEY);
                }
            }
            List<Object> r = p.execute();
            if (r.size() != size) {
                throw new IllegalStateException("pipeline of " + size + " answered " + r.size());
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** C chains of callbacks on one connection; each chain sends its next command from the reply's callback. */
    private static double lettuceChains(RedisAsyncCommands<String, String> cmd, boolean set, int concurrency, int n)
            throws Exception {
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(n);
        AtomicInteger chains = new AtomicInteger(concurrency);
        long t0 = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            next(cmd, set, left, chains, all);
        }
        all.get(120, TimeUnit.SECONDS);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void next(
            RedisAsyncCommands<String, String> cmd,
            boolean set,
            AtomicInteger left,
            AtomicInteger chains,
            CompletableFuture<Void> all) {
        if (left.getAndDecrement() <= 0) {
            if (chains.decrementAndGet() == 0) {
                all.complete(null);
            }
            return;
        }
        RedisFuture<String> f = set ? cmd.set(KEY, VALUE) : cmd.get(KEY);
        f.whenComplete((v, e) -> {
            if (e != null || v == null) {
                all.completeExceptionally(e != null ? e : new IllegalStateException("nil reply"));
                return;
            }
            next(cmd, set, left, chains, all);
        });
    }

    /** Batches of b commands: auto-flush off, b commands queued, one flush, wait for the batch. */
    private static double lettucePipelined(StatefulRedisConnection<String, String> conn, boolean set, int b, int n)
            throws Exception {
        RedisAsyncCommands<String, String> cmd = conn.async();
        conn.setAutoFlushCommands(false);
        try {
            List<RedisFuture<String>> batch = new ArrayList<>(b);
            long t0 = System.nanoTime();
            for (int done = 0; done < n; done += b) {
                int size = Math.min(b, n - done);
                batch.clear();
                for (int i = 0; i < size; i++) {
                    batch.add(set ? cmd.set(KEY, VALUE) : cmd.get(KEY));
                }
                conn.flushCommands();
                for (RedisFuture<String> f : batch) {
                    if (f.get(10, TimeUnit.SECONDS) == null) {
                        throw new IllegalStateException("nil reply");
                    }
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            conn.setAutoFlushCommands(true);
        }
    }

    static String arg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
