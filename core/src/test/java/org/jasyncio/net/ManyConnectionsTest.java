package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.jasyncio.net.NetFixtures.HOST;
import static org.jasyncio.net.NetFixtures.port;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.TimeoutError;
import org.jasyncio.process.Subprocess;
import org.jasyncio.process.SubprocessOptions;
import org.jasyncio.testing.AsyncTest;

/**
 * Issue 4's robustness target: 10,000 connections open at the same time against one server, each
 * echoes a line, zero errors, and every socket is closed at the end.
 *
 * <p>The clients run in a child JVM ({@link ManyConnectionsClient}): 10,000 client plus 10,000 server
 * sockets in one process would need twice the descriptors, and a process limit of 20,000 is common.
 * The server closes first, so the TIME_WAIT of each connection lands on the server's fresh listening
 * port rather than on the client's ephemeral ports, which the rest of the suite (run once per strand
 * engine) still needs. The client opens the connections in batches, each accepted by the server before
 * the next, so that the accept queue never outgrows the listen backlog; then, with all of them open and
 * {@link Server#activeCount()} at 10,000, it echoes on all at once.
 */
class ManyConnectionsTest {
    /** How many connections; {@code mvn test -Djasyncio.test.argLine=-Djasyncio.test.connections=N} for another number. */
    static final int CONNECTIONS = Integer.getInteger("jasyncio.test.connections", 10_000);
    /** Connections the client opens before it waits for the server to accept them all (see the client). */
    static final int BATCH = 1000;
    /** Descriptors (and ephemeral ports) beyond the connections themselves: jars, the selector, pipes, a margin. */
    static final int MARGIN = 300;

    @AsyncTest(virtualTime = false)
    void tenThousandConnectionsOpenAtOnceEchoAndClose() throws Exception {
        int n = CONNECTIONS;
        assumeTheMachineAllows(n);
        warmUp();
        List<String> baseline = describeOpenFds();
        long t0 = System.nanoTime();

        int[] accepted = {0};
        NetFixtures.Progress accepting = new NetFixtures.Progress();
        List<String> serverErrors = new ArrayList<>();
        Server server = Streams.startServer(
                (r, w) -> {
                    accepted[0]++;
                    accepting.wake();
                    try {
                        w.write(r.readline()); // waits for the client's "go": all n stay open until then
                        w.drain();
                    } catch (IOException e) {
                        serverErrors.add("server side of the connection from " + w.getExtraInfo("peername") + ": " + e);
                    }
                    // Returning closes the connection: the server closes first.
                },
                HOST,
                0,
                StreamOptions.defaults().withBacklog(n)); // the kernel caps it at net.core.somaxconn

        int batch = Math.min(BATCH, somaxconn());
        Subprocess child = startClient(port(server), n, batch);
        ClientTranscript client = new ClientTranscript(child);
        long opened;
        long echoed;
        try {
            for (int from = 0; ; from += batch) {
                int to = Math.min(n, from + batch);
                client.expect("opened " + to, 60, "opening connections " + from + " to " + to);
                try (var t = Asyncio.timeout(60)) {
                    accepting.awaitUntil(() -> accepted[0] >= to);
                } catch (TimeoutError e) {
                    fail("the client has opened " + to + " connections but the server accepted only " + accepted[0]
                            + " within 60 s: " + server);
                }
                if (to == n) {
                    break;
                }
                client.send("more");
            }
            assertThat(server.activeCount())
                    .as("connections open at once on the server side")
                    .isEqualTo(n);
            opened = System.nanoTime();

            client.send("go");
            child.stdin().close();
            child.stdin().waitClosed();
            client.expect("ok " + n, 120, "echoing on " + n + " connections");
            client.expectEof(30);
            echoed = System.nanoTime();
            int code = -1;
            try (var t = Asyncio.timeout(30)) {
                code = child.await();
            } catch (TimeoutError e) {
                fail("the client closed its output but did not exit within 30 s; it said:\n" + client);
            }
            assertThat(code).as("the client's exit code; it said:%n%s", client).isZero();
        } finally {
            if (child.returncode() == null) {
                child.kill();
            }
        }

        server.close();
        try (var t = Asyncio.timeout(60)) {
            server.waitClosed();
        } catch (TimeoutError e) {
            fail("the server still has " + server.activeCount() + " of " + n + " connections open 60 s after all"
                    + " clients closed: " + server);
        }
        assertThat(serverErrors)
                .as("errors on the server side of the connections")
                .isEmpty();
        assertThat(server.activeCount())
                .as("connections still open on the server")
                .isZero();
        List<String> left = describeOpenFds();
        baseline.forEach(left::remove);
        assertThat(left)
                .as("file descriptors open now that were not before the %d connections", n)
                .isEmpty();
        System.out.printf(
                "ManyConnectionsTest on the %s engine: %d connections open at once after %.1f s,"
                        + " echoed and closed after %.1f s, the server closed after %.1f s%n",
                System.getProperty("jasyncio.strand", "default"),
                n,
                (opened - t0) / 1e9,
                (echoed - t0) / 1e9,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Descriptors the JVM opens once and keeps, opened before the baseline: NIO's socket pair for closing
     * (on the first close of a socket), and on the virtual-thread engine the JDK's pollers (epoll
     * instances, on the first select that blocks on a virtual thread: the loop's thread is one there).
     */
    static void warmUp() throws Exception {
        Server s = Streams.startServer(
                (r, w) -> {
                    Asyncio.sleep(0.01); // a real timer on purpose: the warm-up needs the loop to block in select once
                    w.write(r.readline());
                },
                HOST,
                0);
        Connection c = Streams.openConnection(HOST, port(s));
        c.writer().write("warm-up\n".getBytes(UTF_8));
        c.reader().readline();
        c.writer().close();
        c.writer().waitClosed();
        s.close();
        s.waitClosed();
    }

    /** This process's open descriptors, each as "number -> what" ({@code socket:[1234]}, {@code pipe:[56]}, a path). */
    static List<String> describeOpenFds() throws IOException {
        String listing = "/proc/" + ProcessHandle.current().pid() + "/fd"; // the listing's own descriptor
        List<String> out = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.equals(listing)) {
                        out.add(fd.getFileName() + " -> " + target);
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        return out;
    }

    /** The kernel's cap on a listen backlog (net.core.somaxconn), or 128 if it cannot be read. */
    static int somaxconn() throws IOException {
        Path p = Path.of("/proc/sys/net/core/somaxconn");
        return Files.isReadable(p)
                ? Integer.parseInt(Files.readAllLines(p).get(0).trim())
                : 128;
    }

    /** Skips (with the limit to raise) where the descriptors or ephemeral ports cannot take {@code n}. */
    static void assumeTheMachineAllows(int n) throws IOException {
        Path limits = Path.of("/proc/self/limits");
        assumeTrue(
                Files.isReadable(limits) && Files.isDirectory(Path.of("/proc/self/fd")),
                "needs Linux's /proc/self/limits and /proc/self/fd to check and count descriptors");
        // HotSpot raises the soft limit to the hard one at start-up (-XX:+MaxFDLimit): this is what we have.
        long maxFds = Files.readAllLines(limits).stream()
                .filter(l -> l.startsWith("Max open files"))
                .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                .mapToLong(s -> s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s))
                .findFirst()
                .orElse(0);
        long needed = NoLeakTest.openFds() + n + MARGIN;
        assumeTrue(
                maxFds >= needed,
                "needs " + needed + " open files in the test JVM for " + n + " connections (the"
                        + " clients run in a child JVM with as many), but the limit is " + maxFds
                        + ": raise `ulimit -n`");
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.isReadable(range)) {
            String[] r = Files.readAllLines(range).get(0).trim().split("\\s+");
            long ports = Long.parseLong(r[1]) - Long.parseLong(r[0]) + 1;
            assumeTrue(
                    ports >= n + MARGIN,
                    "needs " + (n + MARGIN) + " ephemeral ports for " + n
                            + " connections, but net.ipv4.ip_local_port_range has " + ports);
        }
    }

    /** Starts {@link ManyConnectionsClient} in a JVM like this one: same java, classpath and strand engine. */
    static Subprocess startClient(int port, int n, int batch) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test")));
        if (Object.class.getModule().isExported("jdk.internal.vm", ManyConnectionsTest.class.getModule())) {
            cmd.add("--add-exports");
            cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        }
        String strand = System.getProperty("jasyncio.strand");
        if (strand != null) {
            cmd.add("-Djasyncio.strand=" + strand);
        }
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ManyConnectionsClient.class.getName(),
                Integer.toString(port),
                Integer.toString(n),
                Integer.toString(batch)));
        return Subprocess.exec(cmd, SubprocessOptions.defaults().stderrToStdout());
    }

    /** What the client said on stdout and stderr, read line by line; shown in failure messages. */
    static final class ClientTranscript {
        private static final int SHOWN = 30;
        private final Subprocess child;
        private final List<String> lines = new ArrayList<>();
        private int errors;

        ClientTranscript(Subprocess child) {
            this.child = child;
        }

        /** Writes {@code line} to the client's stdin. */
        void send(String line) throws IOException {
            child.stdin().write((line + "\n").getBytes(UTF_8));
            child.stdin().drain();
        }

        /** Reads lines until {@code expected}; fails, showing the transcript, on anything that ends the wait. */
        void expect(String expected, double seconds, String phase) throws IOException {
            try (var t = Asyncio.timeout(seconds)) {
                while (true) {
                    String line = next();
                    if (line == null) {
                        fail("while " + phase + ", the client's output ended (it exited with "
                                + (child.returncode() == null
                                        ? "an exit code still unknown"
                                        : "code " + child.returncode())
                                + ") without saying '" + expected + "'; it said:\n" + this);
                    }
                    if (line.equals(expected)) {
                        return;
                    }
                    if (line.startsWith("opened ") || line.startsWith("ok ")) {
                        fail("while " + phase + ", the client said '" + line + "' instead of '" + expected
                                + "'; it said:\n" + this);
                    }
                }
            } catch (TimeoutError e) {
                fail("while " + phase + ", the client did not say '" + expected + "' within " + seconds
                        + " s; it said:\n" + this);
            }
        }

        /** Reads to the end of the client's output, which must hold nothing more. */
        void expectEof(double seconds) throws IOException {
            int before = lines.size();
            try (var t = Asyncio.timeout(seconds)) {
                while (next() != null) {
                    // keep it for the message
                }
            } catch (TimeoutError e) {
                fail("the client did not end its output within " + seconds + " s of its last line; it said:\n" + this);
            }
            assertThat(lines.size())
                    .as("lines after the client's last; it said:%n%s", this)
                    .isEqualTo(before);
        }

        private String next() throws IOException {
            byte[] b = child.stdout().readline();
            if (b.length == 0) {
                return null;
            }
            String line = new String(b, UTF_8).stripTrailing();
            if (line.startsWith("error ")) {
                errors++;
                if (errors > SHOWN) {
                    return line;
                }
            }
            lines.add(line);
            return line;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            lines.forEach(l -> sb.append("  ").append(l).append('\n'));
            if (errors > SHOWN) {
                sb.append("  (and ").append(errors - SHOWN).append(" more error lines)\n");
            }
            return sb.toString();
        }
    }
}
