package org.jasyncio.bench.jasyncio;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.jasyncio.Asyncio;
import org.jasyncio.bench.Bench;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.AppRunner;
import org.jasyncio.http.server.Response;

/**
 * Heap per idle keep-alive connection of the jasyncio HTTP server (issue 10's ≤ 4 KiB): the server of
 * {@link HttpServer} on one loop thread; a Python child ({@code --python}, standard library only, its
 * sockets outside this heap) opens {@code --connections} N, sends one GET on each and reads the answer,
 * so every connection sits idle between requests; the heap in use after full GCs with the N connections
 * held, minus the same with none (measured first, after a warm-up pass of N connections opened and
 * closed), divided by N. Prints RESULT.
 */
public final class HttpIdleMemory {
    private HttpIdleMemory() {}

    private static final String CHILD = """
            import resource, socket, sys
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            n, port = int(sys.argv[1]), int(sys.argv[2])
            socks = []
            for i in range(n):
                s = socket.create_connection(("127.0.0.1", port))
                s.sendall(b"GET /plaintext HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
                got = b""
                while not got.endswith(b"Hello, World!"):
                    chunk = s.recv(4096)
                    if not chunk:
                        sys.exit("server closed connection %d" % i)
                    got += chunk
                socks.append(s)
            print("HELD", flush=True)
            sys.stdin.readline()
            """;

    public static void main(String[] args) throws Exception {
        int n = Bench.intArg(args, "--connections", 2000);
        String python = org.jasyncio.bench.http.ClientLoad.stringArg(args, "--python", "python3");
        CompletableFuture<Integer> port = new CompletableFuture<>();
        App app = new App();
        app.options(app.options().withAccessLog(false)); // as every peer here runs: no access log
        app.get("/plaintext", request -> Response.text("Hello, World!"));
        Thread server = Thread.ofPlatform().daemon().start(() -> {
            try {
                Asyncio.run(() -> {
                    try (AppRunner runner = app.start("127.0.0.1", 0)) {
                        port.complete(runner.port());
                        runner.serveForever();
                    }
                });
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        });
        int p = port.get();
        hold(python, n, p, false); // warm-up: classes loaded, code compiled, pools grown
        Thread.sleep(500);
        long none = heapAfterGc();
        long held = hold(python, n, p, true);
        double perConn = (held - none) / (double) n;
        System.out.println(String.format(
                Locale.ROOT,
                "RESULT {\"runtime\": \"jasyncio-continuation\", \"workload\": \"http-idle-memory\", "
                        + "\"connections\": %d, \"heap_none_bytes\": %d, \"heap_held_bytes\": %d, "
                        + "\"bytes_per_connection\": %.1f, \"java\": \"%s\"}",
                n,
                none,
                held,
                perConn,
                Runtime.version()));
        System.out.flush();
        server.interrupt();
        System.exit(0);
    }

    /** Opens n idle keep-alive connections in a child; with measure, returns the heap after GC meanwhile. */
    private static long hold(String python, int n, int port, boolean measure) throws Exception {
        Process child = new ProcessBuilder(python, "-c", CHILD, String.valueOf(n), String.valueOf(port))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        Bench.check("HELD".equals(line), "the child held its connections (got " + line + ")");
        Thread.sleep(500);
        long heap = measure ? heapAfterGc() : 0;
        child.getOutputStream().write('\n');
        child.getOutputStream().flush();
        child.waitFor();
        return heap;
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
