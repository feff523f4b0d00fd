package org.jasyncio.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one echo client every echo server is measured with (vmbench's method): {@code --connections}
 * blocking connections on platform threads, each sending a {@code --size}-byte message and reading
 * the whole echo back before sending the next. {@code --warmup-s} seconds unmeasured, then
 * {@code --duration-s} seconds measured; prints {@code RESULT {json}} with requests per second.
 * bench/compare pins it with taskset to the core the server does not run on.
 */
public final class EchoClient {

    private EchoClient() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 25000);
        int size = Bench.intArg(args, "--size", 1024);
        int connections = Bench.intArg(args, "--connections", 10);
        int warmupS = Bench.intArg(args, "--warmup-s", 2);
        int durationS = Bench.intArg(args, "--duration-s", 5);
        String runtime = System.getProperty("bench.runtime", "?");

        LongAdder requests = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            sockets.add(s);
            byte[] msg = new byte[size];
            for (int i = 0; i < size; i++) {
                msg[i] = (byte) ('a' + (i + c) % 26);
            }
            Thread t = Thread.ofPlatform().name("echo-client-" + c).start(() -> {
                byte[] buf = new byte[size];
                try (s) {
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    while (!stop.get()) {
                        out.write(msg);
                        int got = 0;
                        while (got < size) {
                            int r = in.read(buf, got, size - got);
                            if (r < 0) {
                                throw new IllegalStateException("server closed the connection");
                            }
                            got += r;
                        }
                        if (buf[0] != msg[0] || buf[size - 1] != msg[size - 1]) {
                            throw new IllegalStateException("echo differs from the message sent");
                        }
                        requests.increment();
                    }
                } catch (Exception e) {
                    if (!stop.get()) {
                        e.printStackTrace();
                        System.exit(2);
                    }
                }
            });
            threads.add(t);
        }
        Thread.sleep(warmupS * 1000L);
        long before = requests.sum();
        long t0 = System.nanoTime();
        Thread.sleep(durationS * 1000L);
        long after = requests.sum();
        double elapsed = Bench.since(t0);
        stop.set(true);
        for (Thread t : threads) {
            t.join(5_000);
        }
        double rps = (after - before) / elapsed;
        System.out.println("RESULT " + String.format(Locale.ROOT,
                "{\"runtime\": \"%s\", \"workload\": \"echo-%dk\", \"size\": %d, \"connections\": %d, "
                        + "\"warmup_s\": %d, \"duration_s\": %.3f, \"requests\": %d, \"rps\": %.1f, "
                        + "\"mib_s\": %.2f}",
                runtime, size / 1024, size, connections, warmupS, elapsed, after - before, rps,
                rps * size / (1024.0 * 1024.0)));
        System.exit(0);
    }
}
