package org.jasyncio.redis;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.VoidCoroutine;

/**
 * A StreamQueue worker as a process of its own, for the fault tests: {@code WorkerProcess url queue
 * consumer concurrency visibilityMs}. It records every start of a job ({@code RPUSH {queue}:starts id}),
 * prints {@code READY} when it works and {@code HANG <id>} when it takes a job whose payload is
 * {@code hang} (which it never finishes) and {@code SLOW <id>} when it starts a {@code slow:<ms>} job;
 * payload {@code poison} throws; {@code sleep:<ms>} sleeps; all others return
 * {@code payload@consumer}. Stops gracefully on SIGTERM.
 */
public final class WorkerProcess {
    private WorkerProcess() {}

    static StreamQueue.Options options(long visibilityMs) {
        return StreamQueue.Options.defaults()
                .withVisibilityTimeout(Duration.ofMillis(visibilityMs))
                .withRetryBackoff(Duration.ofMillis(50))
                .withBlockTime(Duration.ofMillis(200))
                .withClaimInterval(Duration.ofMillis(200))
                .withMaxAttempts(3);
    }

    /** The handler the fault tests' workers run, in any process. */
    static StreamQueue.Handler<String, String> handler(Redis redis, String queue, String consumer) {
        return job -> {
            redis.rpush("{" + queue + "}:starts", job.id());
            switch (job.payload()) {
                case "hang" -> {
                    System.out.println("HANG " + job.id());
                    System.out.flush();
                    Asyncio.sleep(600);
                }
                case "poison" -> throw new IllegalArgumentException("poison job " + job.id());
                default -> {
                    if (job.payload().startsWith("slow:")) {
                        System.out.println("SLOW " + job.id());
                        System.out.flush();
                        Asyncio.sleep(Integer.parseInt(job.payload().substring(5)) / 1000.0);
                    }
                    if (job.payload().startsWith("sleep:")) {
                        Asyncio.sleep(Integer.parseInt(job.payload().substring(6)) / 1000.0);
                    }
                }
            }
            return job.payload() + "@" + consumer;
        };
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String queue = args[1];
        String consumer = args[2];
        int concurrency = Integer.parseInt(args[3]);
        long visibilityMs = Long.parseLong(args[4]);
        Asyncio.run((VoidCoroutine) () -> {
            try (Redis redis = Redis.connect(url)) {
                StreamQueue<String, String> q =
                        StreamQueue.open(redis, queue, JobCodec.string(), JobCodec.string(), options(visibilityMs));
                StreamWorker<String, String> w = q.worker(consumer, concurrency, handler(redis, queue, consumer));
                w.stopOnSigterm(Duration.ofSeconds(20));
                System.out.println("READY " + consumer);
                System.out.flush();
                w.await();
                System.out.println("STOPPED " + consumer + " finished=" + w.finished());
                System.out.flush();
            }
        });
    }

    /** The command line that runs {@code main} in a new JVM with this JVM's class path and strand engine. */
    static List<String> command(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        String strand = System.getProperty("jasyncio.strand", "");
        if (!strand.equals("virtual")) {
            cmd.add("--add-exports");
            cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        }
        if (!strand.isEmpty()) {
            cmd.add("-Djasyncio.strand=" + strand);
        }
        cmd.add("-XX:TieredStopAtLevel=1"); // starts faster; these workers are short-lived
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
