package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jasyncio.Asyncio;
import org.jasyncio.TaskGroup;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

/** Every socket is closed at the end: the process's file descriptors come back to where they were. */
class NoLeakTest {
    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Clean closes, aborts, resets, half-closes and vanishing clients, all in one run. */
    static void workload() throws Exception {
        Asyncio.run(() -> {
            try (var t = Asyncio.timeout(30)) {
                Server server = Streams.startServer(
                        (r, w) -> {
                            for (byte[] line : r) {
                                if (new String(line, UTF_8).startsWith("abort")) {
                                    w.transport().abort();
                                    return;
                                }
                                w.write(line);
                                w.drain();
                            }
                        },
                        "127.0.0.1",
                        0);
                int port = server.sockets().get(0).getPort();
                try (var tg = new TaskGroup()) {
                    for (int i = 0; i < 200; i++) {
                        int n = i;
                        tg.createTask(() -> {
                            Connection c = Streams.openConnection("127.0.0.1", port);
                            switch (n % 4) {
                                case 0 -> {
                                    c.writer().write("hi\n".getBytes(UTF_8));
                                    c.reader().readline();
                                    c.writer().close();
                                }
                                case 1 -> c.writer().transport().abort();
                                case 2 -> {
                                    c.writer().write("abort\n".getBytes(UTF_8));
                                    c.reader().read();
                                    c.writer().close();
                                }
                                default -> {
                                    c.writer().writeEof();
                                    c.reader().read();
                                    // Both sides half-closed: still open until closed (as asyncio).
                                    c.writer().close();
                                }
                            }
                            try {
                                c.writer().waitClosed();
                            } catch (IOException ignored) {
                                // a reset is a fine way to end here
                            }
                        });
                    }
                }
                server.close();
                server.waitClosed();
            }
        });
    }

    @Test
    void noFileDescriptorIsLeaked() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux) to count descriptors");
        workload(); // warm up: class loading opens jars, the executor starts threads
        long before = openFds();
        workload();
        workload();
        long after = openFds();
        assertThat(after).as("open file descriptors after 400 connections").isLessThanOrEqualTo(before + 2);
    }

    @AsyncTest
    void streamsWorkOnTheVirtualClockToo() throws Exception {
        // Real sockets on a virtual clock: the clock does not jump while I/O interest is registered.
        Server server = Streams.startServer(
                (r, w) -> {
                    Asyncio.sleep(0.2); // real time: the clock cannot jump while the client waits for I/O
                    w.write(r.readline());
                },
                "127.0.0.1",
                0);
        Connection c =
                Streams.openConnection("127.0.0.1", server.sockets().get(0).getPort());
        double t0 = Asyncio.getRunningLoop().time();
        c.writer().write("tick\n".getBytes(UTF_8));
        assertThat(c.reader().readline()).isEqualTo("tick\n".getBytes(UTF_8));
        assertThat(Asyncio.getRunningLoop().time() - t0).isGreaterThanOrEqualTo(0.2);
        c.writer().close();
        server.close();
        server.waitClosed();
    }
}
