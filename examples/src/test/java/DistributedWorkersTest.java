import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The distributed twin of the seed's worker model, end to end: a real redis-server on a free
 * loopback port (throwaway directory), the producer in this JVM and three worker JVMs. Real time
 * (the workers are processes), so the lines are checked by shape: each job processed once, at most
 * three at a time, in rounds a second apart, then the two closing lines.
 */
class DistributedWorkersTest {
    private static final Pattern PROCESSING = Pattern.compile(" *(\\d+\\.\\d)s (worker-[0-2]): processing job (\\d)");

    @Test
    void threeWorkerProcessesDoTenOneSecondJobsThroughRedis() throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-redis-example-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process redis;
        try {
            redis = new ProcessBuilder(
                            System.getenv().getOrDefault("JASYNCIO_REDIS_SERVER", "redis-server"),
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--dir",
                            dir.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            throw new AssertionError("this test needs redis-server 7 on the PATH (apt-get install redis-server)", e);
        }
        try {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread log = new Thread(() -> {
                try (var in =
                        new BufferedReader(new InputStreamReader(redis.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        if (l.contains("Ready to accept connections")) {
                            ready.complete(null);
                        }
                    }
                } catch (java.io.IOException e) {
                    ready.completeExceptionally(e);
                }
                ready.completeExceptionally(new AssertionError("redis-server exited"));
            });
            log.setDaemon(true);
            log.start();
            ready.get(20, TimeUnit.SECONDS);

            Console console = new Console();
            List<String> lines = console.lines(() -> DistributedWorkers.run("redis://127.0.0.1:" + port));

            assertThat(lines).hasSize(12);
            assertThat(lines.get(10)).matches(" *\\d+\\.\\ds all 10 jobs done");
            assertThat(lines.get(11)).isEqualTo("workers terminated");
            List<Integer> jobs = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            // Lines arrive through three pipes, so two workers' lines may swap; the stamps are the start times.
            for (String line : lines.subList(0, 10)) {
                Matcher m = PROCESSING.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                times.add(Double.parseDouble(m.group(1)));
                jobs.add(Integer.parseInt(m.group(3)));
            }
            assertThat(jobs).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            times.sort(null);
            // Three workers, one job at a time each, a second per job: of any four consecutive starts two
            // are the same worker's, a second or more apart (0.1 s of slack for the rounding).
            for (int i = 3; i < 10; i++) {
                assertThat(times.get(i) - times.get(i - 3))
                        .as("jobs %d and %d", i - 3, i)
                        .isGreaterThanOrEqualTo(0.9);
            }
            double done = Double.parseDouble(lines.get(10).strip().split("s ")[0]);
            assertThat(done).isGreaterThanOrEqualTo(times.get(9) + 0.9).isGreaterThanOrEqualTo(3.9);
        } finally {
            redis.destroy();
            redis.waitFor(20, TimeUnit.SECONDS);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }
}
