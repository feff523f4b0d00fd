package org.jasyncio.http.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.ExceptionContext;
import org.jasyncio.http.client.ClientSession;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.AppRunner;
import org.jasyncio.http.server.ServerOptions;
import org.jasyncio.http.server.WebSocketResponse;
import org.jasyncio.process.Subprocess;
import org.jasyncio.testfixtures.PythonPeer;
import org.jasyncio.testing.AsyncTest;

/**
 * A server WebSocket's life around its handler: the connection's header and
 * keep-alive timeouts and the handler timeout do not close it, a handler that returns with it open closes it with 1000, one
 * that fails closes it with 1011, one cancelled (its client vanished, {@code cancelOnDisconnect})
 * leaves no heartbeat timer behind.
 */
class WebSocketLifecycleTest {
    @AsyncTest
    void idleWebSocketOutlivesTheConnectionTimeoutsAndTheHandlerEndClosesIt() throws Exception {
        List<ExceptionContext> reported = new ArrayList<>();
        Asyncio.getRunningLoop().setExceptionHandler((loop, context) -> reported.add(context));
        App app = new App()
                .options(ServerOptions.defaults()
                        .withHeaderTimeout(Duration.ofSeconds(1))
                        .withKeepAliveTimeout(Duration.ofSeconds(1)));
        app.get("/echo", r -> {
            WebSocket ws = new WebSocketResponse().prepare(r);
            for (WSMessage m : ws) {
                ws.sendStr(m.text());
            }
            return ws;
        });
        app.get("/leave", r -> new WebSocketResponse().prepare(r));
        app.get("/fail", r -> {
            new WebSocketResponse().prepare(r);
            throw new IllegalStateException("the handler failed (expected by the test)");
        });
        try (AppRunner runner = app.start("127.0.0.1", 0);
                ClientSession session = new ClientSession()) {
            String base = "ws://127.0.0.1:" + runner.port();
            WebSocket ws = session.wsConnect(base + "/echo");
            Asyncio.sleep(Duration.ofSeconds(3)); // past both timeouts (the loop waits on sockets: real time)
            ws.sendStr("still there");
            assertEquals("still there", ws.receiveStr());
            ws.close();
            assertEquals(WSCloseCode.OK, ws.closeCode());

            WebSocket left = session.wsConnect(base + "/leave");
            WSMessage closed = left.receive();
            assertEquals(WSMsgType.CLOSE, closed.type());
            assertEquals(WSCloseCode.OK, closed.closeCode());

            WebSocket failed = session.wsConnect(base + "/fail");
            assertEquals(WSCloseCode.INTERNAL_ERROR, failed.receive().closeCode());
        }
        assertEquals(1, reported.size()); // the failed handler, reported as any other
        assertEquals(
                "the handler failed (expected by the test)",
                reported.getFirst().exception().getMessage());
    }

    @AsyncTest(virtualTime = false) // real sockets, and the subject is a timeout that must not fire: real time
    void theHandlerTimeoutBoundsTheHandshakeNotTheWebSocket() throws Exception {
        App app = new App()
                .options(ServerOptions.defaults().withAccessLog(false).withHandlerTimeout(Duration.ofMillis(300)));
        app.websocket("/echo", (request, ws) -> {
            for (WSMessage m : ws) {
                ws.sendStr(request.path() + " " + m.text());
            }
        });
        app.get("/slow", r -> {
            Asyncio.sleep(5);
            return "never";
        });
        try (AppRunner runner = app.start("127.0.0.1", 0);
                ClientSession session = new ClientSession()) {
            WebSocket ws = session.wsConnect("ws://127.0.0.1:" + runner.port() + "/echo");
            Asyncio.sleep(1); // more than three handler timeouts
            ws.sendStr("still there");
            assertEquals("/echo still there", ws.receiveStr());
            ws.close();
            assertEquals(WSCloseCode.OK, ws.closeCode());
            try (var slow = session.get(runner.url() + "/slow")) {
                assertEquals(503, slow.status()); // an HTTP handler is still bounded
            }
            try (var plain = session.get(runner.url() + "/echo")) {
                assertEquals(426, plain.status()); // the route is a WebSocket's: a plain GET is told so
                assertEquals("13", plain.headers().get("Sec-WebSocket-Version"));
            }
        }
    }

    @AsyncTest(virtualTime = false) // real sockets; the subject is a heartbeat over real time, bounded
    void aHeartbeatKeepsAPushOnlyWebSocketWhosePeerAnswersAndCompressionLeavesItAlone() throws Exception {
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.middleware(org.jasyncio.http.server.Compression.gzip()); // must not treat the WebSocket as a body
        app.websocket("/push", WebSocketOptions.defaults().withHeartbeat(Duration.ofMillis(200)), (request, ws) -> {
            for (int i = 0; i < 10; i++) { // never receives: the client's pongs wait unread
                ws.sendStr("tick " + i);
                Asyncio.sleep(0.1);
            }
        });
        try (AppRunner runner = app.start("127.0.0.1", 0);
                ClientSession session = new ClientSession()) {
            WebSocket ws = session.wsConnect("ws://127.0.0.1:" + runner.port() + "/push");
            List<String> got = new ArrayList<>();
            for (WSMessage m : ws) { // our client answers the server's pings while it reads
                got.add(m.text());
            }
            assertEquals(10, got.size(), got.toString());
            assertEquals("tick 9", got.getLast());
            assertEquals(WSCloseCode.OK, ws.closeCode()); // closed by the handler's end, not a 1006 abort
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and a peer: real time, bounded
    void closeFromAnotherTaskWhileOneIteratesEndsWithThePeersCloseFrame() throws Exception {
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        List<String> log = new ArrayList<>();
        app.websocket("/chat", (request, ws) -> {
            var closer = Asyncio.createTask(() -> {
                Asyncio.sleep(0.2);
                log.add("close " + ws.close(4005, "enough"));
                return null;
            });
            for (WSMessage m : ws) {
                log.add(m.type() + (m.type() == WSMsgType.TEXT ? " " + m.text() : ""));
            }
            closer.await();
        });
        try (AppRunner runner = app.start("127.0.0.1", 0);
                ClientSession session = new ClientSession()) {
            WebSocket ws = session.wsConnect("ws://127.0.0.1:" + runner.port() + "/chat");
            ws.sendStr("before");
            // the server's close frame goes out at 0.2 s while its handler waits in the iteration;
            // this message crosses it, so the iterating task gets a message, not the close frame
            Asyncio.sleep(0.4); // (both ends run on this loop: the 0.2 s timer fires first)
            ws.sendStr("crossing");
            WSMessage closing = ws.receive(); // the server's close frame; answering it is automatic
            assertEquals(WSMsgType.CLOSE, closing.type());
            assertEquals(4005, closing.closeCode());
            double start = Asyncio.getRunningLoop().time();
            runner.shutdown(Duration.ofSeconds(20));
            // well under the 10 s close timeout: the server's reader read on to our close frame
            assertEquals(true, Asyncio.getRunningLoop().time() - start < 5, "shutdown took too long");
        }
        assertEquals(List.of("TEXT before", "TEXT crossing", "close true"), log);
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void closingTheSessionClosesItsOpenWebSocketsWithGoingAway() throws Exception {
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        org.jasyncio.Future<Integer> serverSaw = Asyncio.getRunningLoop().createFuture();
        app.websocket("/wait", (request, ws) -> {
            for (WSMessage m : ws) {
                // nothing comes but the close
            }
            serverSaw.setResult(ws.closeCode());
        });
        app.websocket("/other", (request, ws) -> {
            for (WSMessage m : ws) {
                // nothing comes but the close
            }
        });
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            ClientSession session = new ClientSession();
            WebSocket ws = session.wsConnect("ws://127.0.0.1:" + runner.port() + "/wait");
            WebSocket done = session.wsConnect("ws://127.0.0.1:" + runner.port() + "/other");
            done.close(); // closed before the session: not closed again
            session.close();
            try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
                assertEquals(WSCloseCode.GOING_AWAY, serverSaw.await());
                while (ws.state() != WebSocket.State.CLOSED) {
                    Asyncio.sleep(0.01); // the going-away reader takes the server's answer: no event to await
                }
            }
            assertEquals(WSCloseCode.GOING_AWAY, ws.closeCode());
            assertEquals(WSCloseCode.OK, done.closeCode());
        }
    }

    @AsyncTest(virtualTime = false) // a real peer that vanishes: real time, bounded
    void aHandlerCancelledWhenItsClientVanishesLeavesNoHeartbeatTimerBehind() throws Exception {
        List<ExceptionContext> reported = new ArrayList<>();
        var loop = Asyncio.getRunningLoop();
        loop.setExceptionHandler((l, context) -> reported.add(context));
        App app =
                new App().options(ServerOptions.defaults().withAccessLog(false).withCancelOnDisconnect(true));
        org.jasyncio.Future<WebSocket> ended = loop.createFuture();
        // push-only: the handler waits without reading, so only the cancellation ends it (a reader
        // would meet the EOF first and close the WebSocket itself)
        app.websocket("/push", WebSocketOptions.defaults().withHeartbeat(Duration.ofSeconds(60)), (request, ws) -> {
            try {
                ws.sendStr("ready");
                Asyncio.sleep(3600);
            } finally {
                ended.setResult(ws);
            }
        });
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var t = Asyncio.timeout(Duration.ofSeconds(120))) {
            List<String> before = loop.statistics();
            Subprocess client = PythonPeer.start(
                    WebSocketLifecycleTest.class, "ws_vanish.py", String.valueOf(runner.port()), "/push");
            Subprocess.Output o = client.communicate();
            String err = new String(o.stderr(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, client.await(), "ws_vanish.py exit; stderr:\n" + err);
            assertEquals("TEXT ready\n", new String(o.stdout(), java.nio.charset.StandardCharsets.UTF_8));
            WebSocket ws = ended.await(); // the handler was cancelled: it slept for an hour
            // its connection's task has ended with it: neither the heartbeat ping nor anything else of
            // the connection is scheduled (the statistics are as before the client came)
            assertEquals(stat(before, "timers="), stat(loop.statistics(), "timers="), ws + ": " + loop.statistics());
            assertEquals(
                    stat(before, "tasks="),
                    stat(loop.statistics(), "tasks="),
                    loop.statistics().toString());
        }
        assertEquals(List.of(), reported); // a cancellation, not an error
    }

    @AsyncTest(virtualTime = false) // a real peer that stops reading: real time, bounded
    void aShutdownAbortsAWebSocketWhosePeerStoppedReadingAndLeavesNoTask() throws Exception {
        var loop = Asyncio.getRunningLoop();
        long capacity = kernelCapacity();
        App app = new App()
                .options(ServerOptions.defaults().withAccessLog(false).withShutdownGrace(Duration.ofSeconds(60)));
        org.jasyncio.Future<Void> full = loop.createFuture();
        org.jasyncio.Future<Void> shuttingDown = loop.createFuture();
        app.onShutdown(a -> shuttingDown.setResult(null)); // step 3, after step 2 sent the going-away frame
        app.websocket(
                "/flood", WebSocketOptions.defaults().withCloseTimeout(Duration.ofSeconds(3600)), (request, ws) -> {
                    flood(ws, full, capacity);
                    // the handler ends within the grace, its WebSocket still closing: the connection is
                    // done before the shutdown's last step, which aborts only the connections left
                    shuttingDown.await();
                });
        Subprocess peer = null;
        try (var t = Asyncio.timeout(Duration.ofSeconds(120))) {
            List<String> before = loop.statistics(); // with this timeout's timer
            AppRunner runner = app.start("127.0.0.1", 0);
            try {
                peer = PythonPeer.start(
                        WebSocketLifecycleTest.class, "ws_stall.py", String.valueOf(runner.port()), "/flood");
                assertEquals("HTTP/1.1 101 Switching Protocols", PythonPeer.line(peer));
                full.await();
            } finally {
                runner.close(); // the going-away close frame cannot go out
            }
            // the connection was aborted, not left closing: its reader meets the EOF, nothing is left
            for (int i = 0; i < 10_000 && !stat(loop.statistics(), "tasks=").equals(stat(before, "tasks=")); i++) {
                Asyncio.sleep(0);
            }
            assertEquals(
                    stat(before, "tasks="),
                    stat(loop.statistics(), "tasks="),
                    loop.statistics().toString());
            assertEquals(
                    stat(before, "timers="),
                    stat(loop.statistics(), "timers="),
                    loop.statistics().toString());
            peer.stdin().write("read\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            peer.stdin().drain();
            // aborted: what the transport still held was dropped, the peer gets less than the message
            // (a graceful close would have waited, then sent all of it, and kept the socket meanwhile)
            String[] end = PythonPeer.line(peer).split(" ");
            assertEquals("closed", end[0]);
            assertTrue(Long.parseLong(end[1]) < capacity, end[1] + " bytes read of a " + capacity + "-byte message");
            assertEquals(0, peer.await());
        } finally {
            if (peer != null && peer.returncode() == null) {
                peer.kill();
            }
        }
    }

    @AsyncTest(virtualTime = false) // a real peer that never answers the close: real time, bounded
    void aCloseThePeerNeverAnswersTimesOutAbortsAndReleasesTheConnection() throws Exception {
        var loop = Asyncio.getRunningLoop();
        long capacity = kernelCapacity();
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        org.jasyncio.Future<Void> full = loop.createFuture();
        org.jasyncio.Future<List<Object>> closed = loop.createFuture();
        app.websocket("/stall", WebSocketOptions.defaults().withCloseTimeout(Duration.ofSeconds(1)), (request, ws) -> {
            flood(ws, full, capacity);
            full.await();
            // the peer reads nothing and never answers: the close frame waits behind the message
            boolean closedByThis = ws.close();
            closed.setResult(List.of(closedByThis, ws.closeCode(), ws.state(), String.valueOf(ws.exception())));
        });
        Subprocess peer = null;
        try (var t = Asyncio.timeout(Duration.ofSeconds(120));
                AppRunner runner = app.start("127.0.0.1", 0)) {
            peer = PythonPeer.start(
                    WebSocketLifecycleTest.class, "ws_stall.py", String.valueOf(runner.port()), "/stall");
            assertEquals("HTTP/1.1 101 Switching Protocols", PythonPeer.line(peer));
            // aiohttp's close() after its timeout: 1006, the timeout as the exception, closed
            List<Object> got = closed.await();
            assertEquals(List.of(true, WSCloseCode.ABNORMAL_CLOSURE, WebSocket.State.CLOSED), got.subList(0, 3));
            assertTrue(String.valueOf(got.get(3)).contains("TimeoutError"), String.valueOf(got.get(3)));
            // released, not left closing with the bytes the peer does not read
            for (int i = 0; i < 10_000 && runner.connectionCount() > 0; i++) {
                Asyncio.sleep(0);
            }
            assertEquals(0, runner.connectionCount());
            peer.stdin().write("read\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            peer.stdin().drain();
            // aborted: the peer gets less than the message, then the end (a graceful close would have
            // kept the socket until the peer read all of it, and the close frame after it)
            String[] end = PythonPeer.line(peer).split(" ");
            assertEquals("closed", end[0]);
            assertTrue(Long.parseLong(end[1]) < capacity, end[1] + " bytes read of a " + capacity + "-byte message");
            assertEquals(0, peer.await());
        } finally {
            if (peer != null && peer.returncode() == null) {
                peer.kill();
            }
        }
    }

    /**
     * More than loopback's kernel buffers hold for one connection whose reader asked for a small
     * receive buffer: the sender's largest send buffer, twice, plus room (at most 256 MiB); 64 MiB
     * when unknown.
     */
    /**
     * Starts a task that sets {@code full} and sends {@code ws} one message larger than the kernel's
     * buffers ({@code capacity}): a test awaiting {@code full} resumes once that task suspends in the
     * message's drain, whose rest then waits in the transport for a peer that does not read.
     */
    private static void flood(WebSocket ws, org.jasyncio.Future<Void> full, long capacity) {
        Asyncio.createTask(
                () -> {
                    full.setResult(null);
                    try {
                        ws.sendBytes(new byte[(int) capacity]);
                    } catch (java.io.IOException e) {
                        // the connection ends under it
                    }
                },
                "flood");
    }

    private static long kernelCapacity() {
        try {
            String[] wmem = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_wmem"))
                    .strip()
                    .split("\\s+");
            return Math.min(2 * Long.parseLong(wmem[2]) + (4L << 20), 256L << 20);
        } catch (java.io.IOException | RuntimeException e) {
            return 64L << 20;
        }
    }

    /** The entry of {@code statistics} that starts with {@code key}. */
    private static String stat(List<String> statistics, String key) {
        return statistics.stream().filter(e -> e.startsWith(key)).findFirst().orElseThrow();
    }
}
