package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jasyncio.net.NetFixtures.HOST;
import static org.jasyncio.net.NetFixtures.closeAll;
import static org.jasyncio.net.NetFixtures.echoLines;
import static org.jasyncio.net.NetFixtures.port;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;
import org.jasyncio.TaskGroupError;
import org.jasyncio.TimeoutError;
import org.jasyncio.internal.net.SocketTransport;
import org.jasyncio.sync.Event;
import org.jasyncio.testing.AsyncTest;

class StreamsTest {
    static Server echoServer() throws IOException {
        return Streams.startServer(echoLines(), HOST, 0);
    }

    @AsyncTest(virtualTime = false)
    void echoesLines() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = echoServer();
            assertThat(server.sockets()).hasSize(1);
            assertThat(port(server)).isPositive();
            Connection c = Streams.openConnection(HOST, port(server));
            c.writer().write("hello\nworld\n".getBytes(UTF_8));
            assertThat(new String(c.reader().readline(), UTF_8)).isEqualTo("hello\n");
            assertThat(new String(c.reader().readline(), UTF_8)).isEqualTo("world\n");
            assertThat(c.writer().getExtraInfo("peername")).isEqualTo(new InetSocketAddress(HOST, port(server)));
            assertThat(c.writer().getExtraInfo("sockname")).isInstanceOf(InetSocketAddress.class);
            c.writer().writeEof();
            assertThat(c.reader().read()).isEmpty();
            assertThat(c.reader().atEof()).isTrue();
            closeAll(c, server);
            assertThat(server.activeCount()).isZero();
        }
    }

    @AsyncTest(virtualTime = false)
    void readHelpers() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = Streams.startServer(
                    (r, w) -> {
                        w.write("abc|def;ghi\nrest-of-it".getBytes(UTF_8));
                        w.drain();
                    },
                    HOST,
                    0);
            Connection c = Streams.openConnection(HOST, port(server));
            StreamReader r = c.reader();
            assertThat(new String(r.readexactly(2), UTF_8)).isEqualTo("ab");
            assertThat(new String(r.readuntil("|".getBytes(UTF_8)), UTF_8)).isEqualTo("c|");
            assertThat(new String(r.readuntil(List.of(";".getBytes(UTF_8), "\n".getBytes(UTF_8))), UTF_8))
                    .isEqualTo("def;");
            assertThat(new String(r.readline(), UTF_8)).isEqualTo("ghi\n");
            IncompleteReadError e = (IncompleteReadError) catchIo(() -> r.readexactly(100));
            assertThat(new String(e.partial(), UTF_8)).isEqualTo("rest-of-it");
            assertThat(e.expected()).isEqualTo(100);
            assertThat(r.readline()).isEmpty();
            assertThat(r.read(10)).isEmpty();
            c.writer().close();
            closeAll(server);
        }
    }

    interface IoCall {
        Object call() throws IOException;
    }

    static IOException catchIo(IoCall c) {
        try {
            c.call();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("expected an IOException");
    }

    @AsyncTest(virtualTime = false)
    void connectRefusedIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int p = port;
        try (var t = Asyncio.timeout(10)) {
            assertThatThrownBy(() -> Streams.openConnection(HOST, p))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("Connect call failed")
                    .hasMessageContaining(String.valueOf(p));
        }
    }

    @AsyncTest(virtualTime = false)
    void numericHostsSkipTheResolver() throws Exception {
        // asyncio's _ipaddr_info: an IPv4 or IPv6 literal needs no getaddrinfo, so nothing goes to the
        // executor (on a virtual clock, the round trip let timers fire early). A default executor that
        // refuses all work shows it; a name still needs the executor.
        ExecutorService refusing = Executors.newSingleThreadExecutor();
        refusing.shutdown();
        Asyncio.getRunningLoop().setDefaultExecutor(refusing);
        try (var t = Asyncio.timeout(10)) {
            for (String host : List.of("127.0.0.1", "::1")) {
                Server server = Streams.startServer(echoLines(), host, 0);
                Connection c = Streams.openConnection(host, port(server));
                c.writer().write("ping\n".getBytes(UTF_8));
                assertThat(new String(c.reader().readline(), UTF_8)).as(host).isEqualTo("ping\n");
                closeAll(c, server);
            }
            assertThatThrownBy(() -> Streams.openConnection("localhost", 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rejected work");
        }
    }

    @AsyncTest(virtualTime = false)
    void unknownHostFailsOffTheLoop() {
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(30)) {
                        Streams.openConnection("no-such-host.invalid", 80);
                    }
                })
                .isInstanceOf(java.net.UnknownHostException.class);
    }

    @AsyncTest(virtualTime = false)
    void readTimesOutLikeAsyncio() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = Streams.startServer((r, w) -> r.read(), HOST, 0);
            Connection c = Streams.openConnection(HOST, port(server));
            assertThatThrownBy(() -> Asyncio.waitFor(() -> c.reader().readline(), 0.05))
                    .isInstanceOf(TimeoutError.class);
            // The reader is usable again after the timeout.
            closeAll(c, server);
        }
    }

    @AsyncTest(virtualTime = false)
    void limitOverrunWithoutBufferingEverything() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            AtomicInteger sent = new AtomicInteger();
            Server server = Streams.startServer(
                    (r, w) -> {
                        byte[] chunk = new byte[64 * 1024];
                        java.util.Arrays.fill(chunk, (byte) 'x');
                        try {
                            for (int i = 0; i < 16 * 1024; i++) { // up to 1 GiB, never all sent
                                w.write(chunk);
                                w.drain();
                                sent.addAndGet(chunk.length);
                            }
                        } catch (IOException expected) {
                            // the client hung up
                        }
                    },
                    HOST,
                    0);
            Connection c = Streams.openConnection(
                    HOST, port(server), StreamOptions.defaults().withLimit(1024));
            LimitOverrunError e = (LimitOverrunError) catchIo(() -> c.reader().readuntil("\n".getBytes(UTF_8)));
            assertThat(e.consumed()).isGreaterThan(1024);
            // The reader paused the socket: it holds about twice its limit, plus one read.
            assertThat(c.reader().buffered()).isLessThanOrEqualTo(2 * 1024 + SocketTransport.MAX_READ);
            assertThat(((Transport) c.writer().transport()).isReading()).isFalse();
            // Real time on purpose: that nothing more arrives can only be seen over time, while the
            // server keeps writing and the loop goes through its selects.
            Asyncio.sleep(0.05);
            assertThat(c.reader().buffered()).isLessThanOrEqualTo(2 * 1024 + SocketTransport.MAX_READ);
            assertThat(sent.get()).isLessThan(64 * 1024 * 1024);
            // readline discards the data and raises too.
            assertThatThrownBy(() -> c.reader().readline()).isInstanceOf(LimitOverrunError.class);
            c.writer().transport().abort();
            server.close();
            server.abortClients();
            server.waitClosed();
        }
    }

    @AsyncTest(virtualTime = false)
    void drainWaitsForASlowPeer() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            var release = Asyncio.getRunningLoop().<Void>createFuture();
            Server server = Streams.startServer(
                    (r, w) -> {
                        release.await(); // a peer that stops reading
                        r.read();
                    },
                    HOST,
                    0);
            Connection c = Streams.openConnection(HOST, port(server));
            byte[] chunk = new byte[64 * 1024];
            long written = 0;
            // Write until drain() blocks for 50 ms: the socket buffers are full, ours is bounded.
            while (true) {
                c.writer().write(chunk);
                written += chunk.length;
                try {
                    Asyncio.waitFor(
                            () -> {
                                c.writer().drain();
                                return null;
                            },
                            0.05);
                } catch (TimeoutError blocked) {
                    break;
                }
                assertThat(written).isLessThan(512L * 1024 * 1024);
            }
            int buffered = c.writer().transport().getWriteBufferSize();
            assertThat(buffered).isGreaterThan(c.writer().transport().getWriteBufferLimits()[1]);
            assertThat(buffered).isLessThanOrEqualTo(64 * 1024 + chunk.length);
            release.setResult(null);
            c.writer().drain();
            closeAll(c, server);
        }
    }

    @AsyncTest(virtualTime = false)
    void waitClosedReturnsOnceTheListeningSocketIsReleased() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = echoServer();
            int port = port(server);
            server.close();
            server.waitClosed();
            // NIO closes a channel registered with a selector only at that selector's next select: had
            // waitClosed() not waited for it, the port would still be listening here.
            assertThatThrownBy(() -> new java.net.Socket(HOST, port).close())
                    .as("connecting to port %d after the server's waitClosed()", port)
                    .isInstanceOf(ConnectException.class);
        }
    }

    @AsyncTest(virtualTime = false)
    void thousandConcurrentEchoes() throws Exception {
        try (var t = Asyncio.timeout(60)) {
            // A backlog that takes the burst: no SYN retransmits (seconds each) on a slow machine.
            Server server = Streams.startServer(
                    echoLines(), HOST, 0, StreamOptions.defaults().withBacklog(1024));
            int port = port(server);
            AtomicInteger ok = new AtomicInteger();
            try (var tg = new TaskGroup()) {
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    tg.createTask(() -> {
                        Connection c = Streams.openConnection(HOST, port);
                        byte[] msg = ("message " + n + "\n").getBytes(UTF_8);
                        c.writer().write(msg);
                        c.writer().drain();
                        assertThat(c.reader().readline()).isEqualTo(msg);
                        c.writer().close();
                        c.writer().waitClosed();
                        ok.incrementAndGet();
                    });
                }
            }
            assertThat(ok.get()).isEqualTo(1000);
            closeAll(server);
            assertThat(server.activeCount()).isZero();
        }
    }

    @AsyncTest(virtualTime = false)
    void peerResetIsAConnectionResetError() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            EventLoop loop = Asyncio.getRunningLoop();
            var accepted = loop.<SocketChannel>createFuture();
            var listener = new NetFixtures.Listener();
            Connection c = Streams.openConnection(HOST, listener.port());
            SocketChannel peer = listener.peer();
            peer.setOption(StandardSocketOptions.SO_LINGER, 0);
            peer.close(); // RST
            listener.close();
            IOException e = catchIo(() -> c.reader().read(100));
            assertThat(e).isInstanceOf(ConnectionResetError.class).hasMessageContaining("Connection lost reading from");
            assertThatThrownBy(() -> c.writer().drain()).isInstanceOf(ConnectionResetError.class);
            assertThat(c.writer().isClosing()).isTrue();
            assertThatThrownBy(() -> c.writer().waitClosed()).isInstanceOf(ConnectionResetError.class);
            accepted.cancel();
        }
    }

    @AsyncTest(virtualTime = false)
    void resetMidWriteFailsDrain() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            var listener = new NetFixtures.Listener();
            Connection c = Streams.openConnection(HOST, listener.port());
            SocketChannel peer = listener.peer();
            byte[] chunk = new byte[256 * 1024];
            c.writer().write(chunk);
            peer.setOption(StandardSocketOptions.SO_LINGER, 0);
            peer.close();
            listener.close();
            IOException failure = null;
            for (int i = 0; i < 1000 && failure == null; i++) {
                try {
                    c.writer().write(chunk);
                    c.writer().drain();
                } catch (IOException e) {
                    failure = e;
                }
            }
            assertThat(failure).isInstanceOf(ConnectionResetError.class);
        }
    }

    @AsyncTest(virtualTime = false)
    void halfClosedPeerStillGetsAnAnswer() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = Streams.startServer(
                    (r, w) -> {
                        byte[] all = r.read(); // until the client's EOF
                        w.write(("got " + all.length).getBytes(UTF_8));
                        w.drain();
                    },
                    HOST,
                    0);
            Connection c = Streams.openConnection(HOST, port(server));
            assertThat(c.writer().canWriteEof()).isTrue();
            c.writer().write(new byte[1000]);
            c.writer().writeEof();
            assertThatThrownBy(() -> c.writer().write(new byte[1])).isInstanceOf(IllegalStateException.class);
            assertThat(new String(c.reader().read(), UTF_8)).isEqualTo("got 1000");
            closeAll(c, server);
        }
    }

    @AsyncTest(virtualTime = false)
    void clientsThatConnectAndVanish() throws Exception {
        try (var t = Asyncio.timeout(20)) {
            List<String> seen = new ArrayList<>();
            Server server = Streams.startServer(
                    (r, w) -> {
                        try {
                            byte[] line = r.readline();
                            seen.add(line.length == 0 ? "eof" : "line");
                        } catch (ConnectionResetError e) {
                            seen.add("reset");
                        }
                    },
                    HOST,
                    0);
            EventLoop loop = Asyncio.getRunningLoop();
            for (int i = 0; i < 50; i++) {
                SocketChannel ch = SocketChannel.open();
                loop.sockConnect(ch, new InetSocketAddress(HOST, port(server)));
                if (i % 2 == 0) {
                    ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
                ch.close();
            }
            closeAll(server); // every connection closed
            assertThat(server.activeCount()).isZero();
            // Half closed cleanly (EOF); the others reset, which Linux may drop before accept().
            assertThat(seen.stream().filter("eof"::equals).count()).isEqualTo(25);
            assertThat(seen).doesNotContain("line").hasSizeBetween(25, 50);
        }
    }

    @AsyncTest(virtualTime = false)
    void handlerErrorIsReportedAndTheServerKeepsServing() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            EventLoop loop = Asyncio.getRunningLoop();
            var previous = loop.getExceptionHandler();
            List<ExceptionContext> reports = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
            try {
                Server server = Streams.startServer(
                        (r, w) -> {
                            byte[] line = r.readline();
                            if (new String(line, UTF_8).startsWith("boom")) {
                                throw new IllegalArgumentException("handler failed");
                            }
                            w.write(line);
                            w.drain();
                        },
                        HOST,
                        0);
                Connection bad = Streams.openConnection(HOST, port(server));
                bad.writer().write("boom\n".getBytes(UTF_8));
                assertThat(bad.reader().read()).isEmpty(); // aborted
                Connection good = Streams.openConnection(HOST, port(server));
                good.writer().write("fine\n".getBytes(UTF_8));
                assertThat(good.reader().readline()).isEqualTo("fine\n".getBytes(UTF_8));
                closeAll(server);
                assertThat(reports).hasSize(1);
                assertThat(reports.get(0).exception()).hasMessage("handler failed");
                assertThat(reports.get(0).message()).contains("client_connected_cb");
            } finally {
                loop.setExceptionHandler(previous);
            }
        }
    }

    @AsyncTest(virtualTime = false)
    void serveForeverOutsideATaskIsRefusedAndTheServerKeepsServing() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = echoServer();
            Future<Throwable> refused = Asyncio.getRunningLoop().createFuture();
            Asyncio.getRunningLoop().callSoon(() -> {
                try {
                    server.serveForever();
                    refused.setResult(null);
                } catch (Throwable e) {
                    refused.setResult(e);
                }
            });
            assertThat(refused.await())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Server.serveForever() suspends");
            Connection c = Streams.openConnection(HOST, port(server));
            c.writer().write("still\n".getBytes(UTF_8));
            assertThat(c.reader().readline())
                    .as("the refused call did not shut the server down")
                    .isEqualTo("still\n".getBytes(UTF_8));
            closeAll(c, server);
        }
    }

    @AsyncTest(virtualTime = false)
    void sockRecvFromATaskOfAnotherLoopIsRefused() throws Exception {
        try (var t = Asyncio.timeout(10);
                var listener = new NetFixtures.Listener()) {
            EventLoop mine = Asyncio.getRunningLoop();
            SocketChannel c = SocketChannel.open();
            mine.sockConnect(c, listener.channel.getLocalAddress());
            SocketChannel peer = listener.peer();
            Throwable fromOtherLoop = Asyncio.toThread(() -> {
                try {
                    Asyncio.run(() -> mine.sockRecv(peer, 10));
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            assertThat(fromOtherLoop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sockRecv() on " + mine)
                    .hasMessageContaining("a task of another loop");
            c.close();
            peer.close();
        }
    }

    @AsyncTest(virtualTime = false)
    void aGroupFailureEndsServeForeverAtOnceEvenWithAPeerThatDoesNotRead() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            byte[] big = new byte[32 << 20];
            Event written = new Event();
            Server server = Streams.startServer(
                    (r, w) -> {
                        w.write(big); // more than the sockets hold: the rest stays buffered, the peer never reads
                        written.set();
                        Asyncio.sleep(3600);
                    },
                    HOST,
                    0);
            Connection stuck = Streams.openConnection(HOST, port(server));
            IOException boom = new IOException("sibling failed");
            double t0 = Asyncio.getRunningLoop().time();
            Throwable out = catchThrowable(() -> {
                try (var tg = new TaskGroup()) {
                    tg.createTask(() -> {
                        written.await();
                        throw boom;
                    }); // fails while serveForever runs
                    server.serveForever();
                }
            });
            assertThat(out).isInstanceOf(TaskGroupError.class);
            assertThat(Asyncio.getRunningLoop().time() - t0)
                    .as("seconds until the block ended")
                    .isLessThan(5.0);
            assertThat(server.activeCount())
                    .as("the stuck client was aborted, not waited for")
                    .isZero();
            stuck.writer().transport().abort();
        }
    }

    /** A client of the echo {@code server} whose first line has come back: the server is serving it. */
    private static Connection echoingClient(Server server) throws IOException {
        Connection c = Streams.openConnection(HOST, port(server));
        c.writer().write("x\n".getBytes(UTF_8));
        assertThat(c.reader().readline()).isEqualTo("x\n".getBytes(UTF_8));
        return c;
    }

    @AsyncTest(virtualTime = false)
    void serveForeverUntilCancelled() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = echoServer();
            Task<Void> serving = Asyncio.createTask(server::serveForever);
            Connection c = echoingClient(server);
            serving.cancel();
            assertThatThrownBy(serving::await).isInstanceOf(org.jasyncio.CancelledError.class);
            assertThat(server.isServing()).isFalse();
            server.closeClients();
            server.waitClosed();
            assertThat(c.reader().read()).isEmpty();
        }
    }

    @AsyncTest(virtualTime = false)
    void cancellingServeForeverClosesItsIdleClientsAndWaitsForThemBeforeRethrowing() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = Streams.startServer(
                    (r, w) -> {
                        w.write("hi\n".getBytes(UTF_8));
                        r.read(); // idle until the connection ends
                    },
                    HOST,
                    0);
            Task<Void> serving = Asyncio.createTask(server::serveForever);
            Connection c = Streams.openConnection(HOST, port(server));
            assertThat(c.reader().readline()).isEqualTo("hi\n".getBytes(UTF_8));
            serving.cancel();
            assertThatThrownBy(serving::await)
                    .as("an idle client does not keep the cancelled server waiting")
                    .isInstanceOf(CancelledError.class);
            assertThat(server.state()).isEqualTo(Server.State.CLOSED);
            assertThat(server.activeCount())
                    .as("serveForever waited until every connection was closed")
                    .isZero();
            assertThat(c.reader().read())
                    .as("the client's connection was closed")
                    .isEmpty();
            c.writer().close();
        }
    }

    @AsyncTest(virtualTime = false)
    void cancellingServeForeverAgainWhileAPeerHoldsUpTheCloseAbortsTheClients() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Future<Void> written = Asyncio.getRunningLoop().createFuture();
            Server server = Streams.startServer(
                    (r, w) -> {
                        w.write(new byte[32 << 20]); // far more than the socket buffers hold; the client never reads
                        written.setResult(null);
                        r.read();
                    },
                    HOST,
                    0);
            Task<Void> serving = Asyncio.createTask(server::serveForever);
            Connection c = Streams.openConnection(HOST, port(server));
            written.await();
            serving.cancel();
            Asyncio.sleep(0); // serveForever runs: closes, closes the client gracefully, waits
            Asyncio.sleep(0);
            assertThat(serving.done())
                    .as("a graceful close waits for the buffered data to be sent")
                    .isFalse();
            assertThat(server.activeCount()).isEqualTo(1);
            serving.cancel();
            assertThatThrownBy(serving::await).isInstanceOf(CancelledError.class);
            server.waitClosed();
            assertThat(server.activeCount())
                    .as("the second cancellation aborted the client")
                    .isZero();
            c.writer().close();
        }
    }

    @AsyncTest(virtualTime = false)
    void serveForeverInterruptedByItsTaskGroupShutsDownAsOnCancellation() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = echoServer();
            Connection[] c = {null};
            IOException boom = new IOException("boom");
            Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> {
                try (var tg = new TaskGroup()) {
                    tg.createTask(() -> {
                        c[0] = Streams.openConnection(HOST, port(server));
                        c[0].writer().write("x\n".getBytes(UTF_8));
                        c[0].reader().readline();
                        throw boom;
                    });
                    server.serveForever();
                }
            });
            assertThat(e).isInstanceOf(org.jasyncio.TaskGroupError.class);
            assertThat(server.state()).isEqualTo(Server.State.CLOSED);
            assertThat(server.activeCount()).isZero();
            assertThat(c[0].reader().read()).isEmpty();
            c[0].writer().close();
        }
    }

    @AsyncTest(virtualTime = false)
    void aServerClosedByAnotherTaskEndsServeForeverNormallyAndLeavesItsClientsOpen() throws Exception {
        try (var t = Asyncio.timeout(10)) {
            Server server = echoServer();
            Task<Void> serving = Asyncio.createTask(server::serveForever);
            Connection c = echoingClient(server);
            server.close();
            serving.await();
            c.writer().write("still here\n".getBytes(UTF_8));
            assertThat(c.reader().readline())
                    .as("close() stops listening only")
                    .isEqualTo("still here\n".getBytes(UTF_8));
            closeAll(c, server);
        }
    }

    @AsyncTest(virtualTime = false)
    void waitClosedOutsideATaskIsRefusedEvenWhenNothingIsLeftToWaitFor() throws Exception {
        Server server = echoServer();
        closeAll(server);
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Throwable> inCallback = loop.createFuture();
        loop.callSoon(() -> inCallback.setResult(org.assertj.core.api.Assertions.catchThrowable(server::waitClosed)));
        assertThat(inCallback.await())
                .as("in a loop callback")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Server.waitClosed() suspends");
        Throwable[] onPlainThread = {null};
        Thread t =
                new Thread(() -> onPlainThread[0] = org.assertj.core.api.Assertions.catchThrowable(server::waitClosed));
        t.start();
        t.join();
        assertThat(onPlainThread[0])
                .as("on a thread with no loop")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Server.waitClosed() suspends");
        server.waitClosed(); // inside a task: returns at once
    }

    @AsyncTest(virtualTime = false)
    void connectionTimeoutCancelsCleanly() throws Exception {
        // A listening socket with a backlog that is never accepted still completes the handshake on
        // Linux; so test the timeout on the read after connect, and that cancelling a connect does not hang.
        try (var t = Asyncio.timeout(10)) {
            Server server = echoServer();
            Task<Connection> connecting = Asyncio.createTask(() -> Streams.openConnection(HOST, port(server)));
            connecting.cancel();
            assertThatThrownBy(connecting::await).isInstanceOf(org.jasyncio.CancelledError.class);
            closeAll(server);
        }
    }

    @AsyncTest
    void badStreamOptionsNameTheRecordAndTheRule() {
        assertThatThrownBy(() -> StreamOptions.defaults().withLimit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StreamOptions: the reader's buffer limit must be > 0, got 0");
        assertThatThrownBy(() -> StreamOptions.defaults().withBacklog(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StreamOptions: the server's listen backlog must be > 0, got -1");
    }
}
