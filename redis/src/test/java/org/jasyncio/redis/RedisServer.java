package org.jasyncio.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for one test class: on a free loopback port, in a throwaway
 * directory, no RDB snapshots; stopped and its directory removed by {@link #close()}. Ready when it
 * logs "Ready to accept connections" (read from its output: no polling, no sleep), within a bound.
 */
final class RedisServer implements AutoCloseable {
    static final String BINARY = System.getenv().getOrDefault("JASYNCIO_REDIS_SERVER", "redis-server");

    final int port;
    final Path dir;
    private final List<String> extra;
    private Process process;
    private final StringBuilder log = new StringBuilder();

    private RedisServer(int port, Path dir, List<String> extra) {
        this.port = port;
        this.dir = dir;
        this.extra = extra;
    }

    /** Starts a server with extra config arguments, e.g. {@code "--appendonly", "yes"}. */
    static RedisServer launch(String... extra) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RedisServer r = new RedisServer(port, Files.createTempDirectory("jasyncio-redis-"), List.of(extra));
        r.start();
        return r;
    }

    /** (Re)starts the process on the same port and directory. */
    void start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                BINARY,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no",
                "--loglevel",
                "notice",
                "--enable-debug-command",
                "yes"));
        cmd.addAll(extra);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot start " + BINARY + ": the Redis tests need redis-server 7 on the PATH"
                            + " (Debian/Ubuntu: apt-get install redis-server; or set JASYNCIO_REDIS_SERVER)",
                    e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process p = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            synchronized (log) {
                                log.append(line).append('\n');
                            }
                            if (line.contains("Ready to accept connections")) {
                                ready.complete(null);
                            }
                        }
                    } catch (IOException e) {
                        ready.completeExceptionally(e);
                    }
                    ready.completeExceptionally(new IOException("redis-server exited before it was ready"));
                },
                "redis-server-log-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("redis-server on port " + port + " did not become ready: " + e + "\n" + log(), e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    /** Stops the process (SIGTERM: Redis flushes its AOF and exits), waiting a bounded time. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
