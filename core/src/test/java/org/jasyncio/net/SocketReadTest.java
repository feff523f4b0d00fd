package org.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jasyncio.net.NetFixtures.HOST;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.Test;

/**
 * The socket transport's read side and the per-thread read buffer it reads into: a loop may be run
 * by one thread, then by another, while the first runs a second loop; the transports of both loops
 * then read at the same time, and each must read into a buffer no other running loop uses.
 */
class SocketReadTest {
    private static final int SIZE = 8 << 20;

    /** Counts and checksums what it receives; {@link #done} completes at end of stream. */
    private static final class Sink implements Protocol {
        final CRC32 crc = new CRC32();
        long count;
        final Future<long[]> done = Asyncio.getRunningLoop().createFuture();

        @Override
        public void dataReceived(byte[] data) {
            crc.update(data);
            count += data.length;
        }

        @Override
        public void connectionLost(Exception exc) {
            done.setResult(new long[] {count, crc.getValue()});
        }
    }

    /** Accepts one connection on {@code server} and writes {@code data} to it, then closes it. */
    private static Thread writer(ServerSocket server, byte[] data) {
        Thread t = new Thread(
                () -> {
                    try (Socket s = server.accept();
                            OutputStream out = s.getOutputStream()) {
                        out.write(data);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                },
                "writer-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    @Test
    void aLoopRunByASecondThreadWhileItsFirstRunsAnotherLoopReadsIntactData() throws Exception {
        byte[] dataA = new byte[SIZE];
        byte[] dataB = new byte[SIZE];
        new Random(1).nextBytes(dataA);
        new Random(2).nextBytes(dataB);
        InetAddress lo = InetAddress.getByName(HOST);
        EventLoop a = EventLoop.newEventLoop();
        EventLoop b = EventLoop.newEventLoop();
        try (ServerSocket serverA = new ServerSocket(0, 1, lo);
                ServerSocket serverB = new ServerSocket(0, 1, lo)) {
            writer(serverA, dataA);
            writer(serverB, dataB);
            // This thread runs loop a first: its transport is made (and may read) here.
            Sink sinkA = a.runUntilComplete(() ->
                    a.createConnection(Sink::new, HOST, serverA.getLocalPort()).protocol());
            // Then another thread runs loop a to the end while this one runs loop b.
            CompletableFuture<long[]> gotA = new CompletableFuture<>();
            Thread second = new Thread(
                    () -> {
                        try {
                            gotA.complete(a.runUntilComplete(() -> {
                                try (var t = Asyncio.timeout(60)) {
                                    return sinkA.done.await();
                                }
                            }));
                        } catch (Throwable e) {
                            gotA.completeExceptionally(e);
                        }
                    },
                    "second-runner-of-a");
            second.start();
            long[] gotB = b.runUntilComplete(() -> {
                try (var t = Asyncio.timeout(60)) {
                    return b.createConnection(Sink::new, HOST, serverB.getLocalPort())
                            .protocol()
                            .done
                            .await();
                }
            });
            second.join();
            assertThat(gotB).as("loop b: count, CRC-32").containsExactly(SIZE, crc(dataB));
            assertThat(gotA.get()).as("loop a: count, CRC-32").containsExactly(SIZE, crc(dataA));
        } finally {
            a.close();
            b.close();
        }
    }
}
