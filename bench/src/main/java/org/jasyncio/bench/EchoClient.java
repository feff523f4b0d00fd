package org.jasyncio.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The one echo client every echo server is measured with (vmbench's method): {@code --connections}
 * connections, each sending a {@code --size}-byte message, reading the whole echo back, checking it
 * byte for byte against what it sent, and only then sending the next. {@code --warmup-s} seconds
 * unmeasured, then {@code --duration-s} seconds measured; prints {@code RESULT {json}} with requests
 * per second and, with {@code --server-pid PID}, the CPU time the server process used in the window
 * ({@code --clk-tck}: the clock ticks per second of /proc, {@code getconf CLK_TCK}, default 100), in
 * all and split into user-space and kernel time.
 *
 * <p>{@code --rate R} paces the connections to R requests per second in all (each connection one
 * request every {@code connections / R} s, on a fixed schedule), instead of as fast as the pair can go.
 * At a rate both sides can keep up with, the server's CPU per request is what serving costs it, not a
 * figure bent by waiting on the client: the way to compare servers that all reach the client's ceiling.
 * bench/compare pins it with taskset to the core the server does not run on.
 *
 * <p>Why one thread on a {@link Selector}: the client must cost less per request than the fastest
 * server it measures, or it measures itself. Its first version, ten blocking platform threads on one
 * core, capped every fast server at the same ~100k requests/s at 1 KiB: ten threads sleeping and waking
 * through the kernel's scheduler for each message cost more than an event loop serving ten sockets.
 * Here one thread does, per request, one {@code write}, one {@code read} (more only for messages larger
 * than the socket buffers) and its share of one {@code epoll_wait}; the buffers are direct and made
 * once, so nothing is allocated per request, and the check is a vectorised {@link ByteBuffer#mismatch}.
 */
public final class EchoClient {
    private final Selector selector;
    private final Connection[] connections;
    /** Echoes received and checked, over all connections. Client thread only. */
    private long requests;
    /** write() and read() calls made, over all connections: how the messages were cut. Client thread only. */
    private long writes;

    private long reads;
    /** With {@code --rate}: nanoseconds between two requests of one connection; 0 = as fast as it can. */
    private final long intervalNanos;

    private EchoClient(int port, int size, int count, double rate) throws IOException {
        intervalNanos = rate <= 0 ? 0 : Math.round(count * 1e9 / rate);
        selector = Selector.open();
        connections = new Connection[count];
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        for (int c = 0; c < count; c++) {
            byte[] msg = new byte[size];
            for (int i = 0; i < size; i++) {
                msg[i] = (byte) ('a' + (i + c) % 26);
            }
            SocketChannel ch = SocketChannel.open(address); // blocking connect, then non-blocking use
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            connections[c] = new Connection(c, ch, msg);
        }
    }

    /**
     * One connection and its request in flight. Invariant: {@code out.position()} bytes of the message
     * have been written and {@code in.position() <= out.position()} bytes of the echo read (the server
     * cannot echo what it was not sent); a request is complete when {@code in} is full.
     */
    private final class Connection {
        final int id;
        final SocketChannel channel;
        final SelectionKey key;
        /** The message, direct; its position is how much of the current request was written. */
        final ByteBuffer out;
        /** The message again, read-only, position 0: what the echo must equal. */
        final ByteBuffer expected;
        /** The echo of the current request so far, direct. */
        final ByteBuffer in;
        /** The interest set last given to {@link #key} (cached: changing it costs an epoll_ctl). */
        int ops;
        /** With a rate: when the next request is due ({@link System#nanoTime()}), or -1 while one is in flight. */
        long due = -1;

        Connection(int id, SocketChannel channel, byte[] msg) throws IOException {
            this.id = id;
            this.channel = channel;
            this.out = ByteBuffer.allocateDirect(msg.length).put(msg).clear();
            this.expected = out.asReadOnlyBuffer();
            this.in = ByteBuffer.allocateDirect(msg.length);
            this.key = channel.register(selector, 0, this);
        }

        /** Writes what the socket takes of the message; watches for writability only if some is left. */
        void send() throws IOException {
            writes++;
            channel.write(out);
            // Read interest all along: a large message's echo starts coming back while it is still
            // being written, and a client that only wrote would deadlock with a server that waits for
            // room to write that echo.
            interest(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void ready(int readyOps) throws IOException {
            if ((readyOps & SelectionKey.OP_WRITE) != 0 && out.hasRemaining()) {
                send();
            }
            if ((readyOps & SelectionKey.OP_READ) != 0) {
                receive();
            }
        }

        private void receive() throws IOException {
            reads++;
            if (channel.read(in) < 0) {
                throw new IllegalStateException("the server closed connection " + id + " after " + in.position()
                        + " of " + in.capacity() + " bytes of an echo");
            }
            if (in.hasRemaining()) {
                return;
            }
            int at = in.flip().mismatch(expected);
            if (at >= 0) {
                throw new IllegalStateException("connection " + id + ": the echo differs from the message "
                        + "sent at byte " + at + " of " + in.limit());
            }
            requests++;
            in.clear();
            out.clear();
            if (intervalNanos == 0) {
                send();
                return;
            }
            // Paced: the next request is due one interval after this one was, on a fixed schedule so the
            // offered rate holds on average; a connection that fell far behind starts afresh, no burst.
            long now = System.nanoTime();
            due = Math.max(scheduled + intervalNanos, now - intervalNanos);
            scheduled = due;
            if (due <= now) {
                due = -1;
                send();
            }
        }

        /** When the request in flight (or the next, if {@link #due} is set) was scheduled. */
        long scheduled;

        private void interest(int wanted) {
            if (ops != wanted) {
                key.interestOps(wanted);
                ops = wanted;
            }
        }
    }

    /** CPU ticks of the server (-1 if not watched) and of this process at one instant. */
    private record Cpu(long server, long serverUser, long self) {
        static Cpu read(String serverPid) throws IOException {
            long[] us = serverPid == null ? new long[] {-1, 0} : ProcessCpu.userSystem(serverPid);
            return new Cpu(us[0] + us[1], us[0], ProcessCpu.ticks("self"));
        }
    }

    /**
     * Drives every connection until {@code deadline} ({@link System#nanoTime()}); only selects, it never
     * spins, so the client's CPU time is what its requests cost.
     */
    private void runUntil(long deadline) throws IOException {
        long now;
        while ((now = System.nanoTime()) < deadline) {
            long next = Math.min(deadline, sendDue(now));
            long wait = next - now;
            if (wait < 1_000_000 && next < deadline) {
                // A paced request due within the millisecond select() cannot express: sleep to it.
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                selector.selectNow(this::dispatch);
            } else {
                selector.select(this::dispatch, Math.max(1, Math.min(wait / 1_000_000, 1_000)));
            }
        }
    }

    /** Sends the paced requests due by {@code now}; returns when the next one is due (far ahead if none). */
    private long sendDue(long now) throws IOException {
        long next = Long.MAX_VALUE;
        for (Connection c : connections) {
            if (c.due < 0) {
                continue;
            }
            if (c.due <= now) {
                c.due = -1;
                c.send();
            } else {
                next = Math.min(next, c.due);
            }
        }
        return next;
    }

    private void dispatch(SelectionKey key) {
        try {
            ((Connection) key.attachment()).ready(key.readyOps());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 25000);
        int size = Bench.intArg(args, "--size", 1024);
        int count = Bench.intArg(args, "--connections", 10);
        int warmupS = Bench.intArg(args, "--warmup-s", 2);
        int durationS = Bench.intArg(args, "--duration-s", 5);
        int serverPidArg = Bench.intArg(args, "--server-pid", -1);
        String serverPid = serverPidArg > 0 ? Integer.toString(serverPidArg) : null;
        double clkTck = Bench.intArg(args, "--clk-tck", 100);
        int rate = Bench.intArg(args, "--rate", 0);
        String runtime = System.getProperty("bench.runtime", "?");
        try {
            EchoClient client = new EchoClient(port, size, count, rate);
            long first = System.nanoTime();
            for (Connection c : client.connections) {
                // Paced connections start spread over one interval, not all at once.
                c.scheduled = first + client.intervalNanos * c.id / count;
                c.due = c.scheduled;
            }
            client.sendDue(first);
            long start = System.nanoTime();
            client.runUntil(start + warmupS * 1_000_000_000L);

            Cpu cpu0 = Cpu.read(serverPid);
            long before = client.requests;
            long writes0 = client.writes;
            long reads0 = client.reads;
            long t0 = System.nanoTime();
            client.runUntil(t0 + durationS * 1_000_000_000L);
            long done = client.requests - before;
            double perReq = Math.max(1, done);
            double writesPerReq = (client.writes - writes0) / perReq;
            double readsPerReq = (client.reads - reads0) / perReq;
            double elapsed = Bench.since(t0);
            Cpu cpu1 = Cpu.read(serverPid);

            double rps = done / elapsed;
            double clientCpuS = (cpu1.self() - cpu0.self()) / clkTck;
            String server = "null, \"server_cpu_us_per_req\": null, \"server_cpu_util\": null, "
                    + "\"server_user_us_per_req\": null, \"server_sys_us_per_req\": null";
            if (serverPid != null) {
                double serverCpuS = (cpu1.server() - cpu0.server()) / clkTck;
                double serverUserS = (cpu1.serverUser() - cpu0.serverUser()) / clkTck;
                server = String.format(
                        Locale.ROOT,
                        "%.3f, \"server_cpu_us_per_req\": %.3f, \"server_cpu_util\": %.4f, "
                                + "\"server_user_us_per_req\": %.3f, \"server_sys_us_per_req\": %.3f",
                        serverCpuS,
                        done == 0 ? 0.0 : serverCpuS * 1e6 / done,
                        serverCpuS / elapsed,
                        done == 0 ? 0.0 : serverUserS * 1e6 / done,
                        done == 0 ? 0.0 : (serverCpuS - serverUserS) * 1e6 / done);
            }
            System.out.println("RESULT "
                    + String.format(
                            Locale.ROOT,
                            "{\"runtime\": \"%s\", \"workload\": \"echo-%dk\", \"size\": %d, \"connections\": %d, "
                                    + "\"warmup_s\": %d, \"duration_s\": %.3f, \"requests\": %d, \"rps\": %.1f, "
                                    + "\"mib_s\": %.2f, \"server_pid\": %s, \"clk_tck\": %.0f, \"server_cpu_s\": %s, "
                                    + "\"client_cpu_s\": %.3f, \"client_cpu_us_per_req\": %.3f, \"client_cpu_util\": %.4f, "
                                    + "\"client_writes_per_req\": %.2f, \"client_reads_per_req\": %.2f, \"offered_rate\": %d}",
                            runtime,
                            size / 1024,
                            size,
                            count,
                            warmupS,
                            elapsed,
                            done,
                            rps,
                            rps * size / (1024.0 * 1024.0),
                            serverPid == null ? "null" : serverPid,
                            clkTck,
                            server,
                            clientCpuS,
                            done == 0 ? 0.0 : clientCpuS * 1e6 / done,
                            clientCpuS / elapsed,
                            writesPerReq,
                            readsPerReq,
                            rate));
            System.out.flush();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("echo client: " + e);
            System.exit(2);
        }
    }
}
