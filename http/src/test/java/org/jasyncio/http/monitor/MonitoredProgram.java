package org.jasyncio.http.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Future;
import org.jasyncio.Task;

/**
 * A program watched by the monitor tests, run in a child JVM with {@code -Djasyncio.monitor=PORT}: the
 * monitor as a user switches it on, without a line of code, in a JVM that only runs the program. One
 * step blocks its loop for 300 ms ({@code resize-thumbnails}); then {@code order-service}
 * gathers {@code fetch-orders} and {@code fetch-stock}, which wait in {@link #waitForDatabase} until
 * stdin closes. Prints {@code ready} once all wait.
 */
public final class MonitoredProgram {
    private MonitoredProgram() {}

    /** Where the fetchers wait: the page must show this frame. */
    static void waitForDatabase(Future<Void> reply) throws Exception {
        reply.await();
    }

    public static void main(String[] args) throws Exception {
        Asyncio.run(() -> {
            Asyncio.createTask(
                            () -> {
                                Thread.sleep(300); // the subject: a step that blocks its loop
                                return null;
                            },
                            "resize-thumbnails")
                    .await();
            Future<Void> reply = Asyncio.getRunningLoop().createFuture();
            Task<Void> fetchOrders = Asyncio.createTask(
                    () -> {
                        waitForDatabase(reply);
                        return null;
                    },
                    "fetch-orders");
            Task<Void> fetchStock = Asyncio.createTask(
                    () -> {
                        waitForDatabase(reply);
                        return null;
                    },
                    "fetch-stock");
            Task<Void> service = Asyncio.createTask(
                    () -> {
                        Asyncio.gather(fetchOrders, fetchStock);
                        return null;
                    },
                    "order-service");
            Asyncio.sleep(0);
            System.out.println("ready");
            System.out.flush();
            Asyncio.toThread(() -> System.in.read());
            reply.setResult(null);
            service.await();
        });
    }

    /** Starts {@code main} in a child JVM on this JVM's class path and engine, with the monitor on {@code port}. */
    static Process start(Class<?> main, int port) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String engine = System.getProperty("jasyncio.strand", "");
        if (!engine.equals("virtual")) {
            cmd.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        }
        if (!engine.isEmpty()) {
            cmd.add("-Djasyncio.strand=" + engine);
        }
        cmd.addAll(List.of("-Djasyncio.monitor=" + port, "-cp", System.getProperty("java.class.path"), main.getName()));
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** Waits for the child's {@code ready} line. */
    static void awaitReady(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            throw new AssertionError("the monitored child JVM said " + line + " instead of ready");
        }
    }

    /** Closes its stdin (the fetchers return) and checks that it exits. */
    static void finish(Process p) throws Exception {
        p.getOutputStream().close();
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("the monitored child JVM did not exit cleanly: " + p);
        }
    }
}
