package org.jasyncio.http.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.http.client.ClientSession;
import org.jasyncio.http.client.WSServerHandshakeError;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.AppRunner;
import org.jasyncio.http.server.WebSocketResponse;
import org.jasyncio.testfixtures.PythonPeer;
import org.jasyncio.testfixtures.TestPrograms;
import org.jasyncio.testing.AsyncTest;

/**
 * The client's {@code wsConnect} against aiohttp 3.14's {@code web.WebSocketResponse} (ws_server.py)
 * and against this server: echo of text, JSON and 1 MiB binary, subprotocols, pings both ways, close
 * codes both ways, a refused handshake, the server's graceful shutdown (1001) and heartbeat.
 */
class WebSocketClientTest {
    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @AsyncTest(virtualTime = false) // real sockets and a real peer: real time
    void clientAgainstAiohttpServer() throws Exception {
        PythonPeer.Listening server = Asyncio.toThread(() -> PythonPeer.listen(List.of(
                TestPrograms.python(),
                TestPrograms.resource(WebSocketClientTest.class, "ws_server.py").toString())));
        try (server;
                var t = Asyncio.timeout(Duration.ofSeconds(60));
                ClientSession session = ClientSession.builder()
                        .baseUrl("http://127.0.0.1:" + server.port())
                        .header("X-Test", "from jasyncio")
                        .build()) {
            WebSocket ws = session.wsConnect(
                    "ws://127.0.0.1:" + server.port() + "/echo",
                    WebSocketOptions.defaults().withProtocols("other", "chat").withAutoping(false));
            assertEquals("chat", ws.protocol());
            ws.sendStr("hello");
            assertEquals("hello", ws.receiveStr());
            ws.sendStr("headers");
            assertEquals("from jasyncio", ws.receiveStr());
            byte[] big = random(1 << 20);
            ws.sendBytes(big);
            assertArrayEquals(big, ws.receiveBytes());
            ws.sendJson(Map.of("a", List.of(1, 2)));
            assertEquals(Map.of("a", List.of(1, 2)), ws.receiveJson(Map.class));
            ws.ping("are you there".getBytes(StandardCharsets.UTF_8));
            WSMessage pong = ws.receive();
            assertEquals(WSMsgType.PONG, pong.type());
            assertEquals("are you there", new String(pong.bytes(), StandardCharsets.UTF_8));
            ws.sendStr("ping me");
            WSMessage ping = ws.receive();
            assertEquals(WSMsgType.PING, ping.type());
            assertEquals("hi", new String(ping.bytes(), StandardCharsets.UTF_8));
            assertEquals(true, ws.close(4003, "bye from jasyncio"));
            assertEquals(WebSocket.State.CLOSED, ws.state());
            assertEquals(4003, ws.closeCode());
            assertEquals(false, ws.close());

            WebSocket last = session.wsConnect("/last-close");
            assertEquals("4003", last.receiveStr());
            assertEquals(WSMsgType.CLOSE, last.receive().type());

            WebSocket closed = session.wsConnect("/echo");
            assertEquals(null, closed.protocol());
            closed.sendStr("close me");
            WSMessage close = closed.receive();
            assertEquals(WSMsgType.CLOSE, close.type());
            assertEquals(4002, close.closeCode());
            assertEquals("bye from aiohttp", close.extra());
            assertEquals(WSMessage.CLOSED, closed.receive());
            assertThrows(org.jasyncio.net.ConnectionResetError.class, () -> closed.sendStr("too late"));

            WSServerHandshakeError refused =
                    assertThrows(WSServerHandshakeError.class, () -> session.wsConnect("/forbidden"));
            assertEquals(403, refused.status());
        }
    }

    @AsyncTest(virtualTime = false) // real sockets: real time
    void clientAgainstThisServer() throws Exception {
        List<String> log = new ArrayList<>();
        App app = new App();
        app.get("/echo", r -> WebSocketServerTest.echo(r, WebSocketOptions.defaults(), log));
        app.get("/plain", r -> "not a WebSocket");
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var t = Asyncio.timeout(Duration.ofSeconds(60));
                ClientSession session = new ClientSession()) {
            String url = "ws://127.0.0.1:" + runner.port() + "/echo";
            WebSocket ws = session.wsConnect(url);
            ws.sendStr("hello");
            assertEquals("hello", ws.receiveStr());
            byte[] big = random(1 << 20);
            ws.sendBytes(big);
            assertArrayEquals(big, ws.receiveBytes());
            ws.sendStr("close me");
            WSMessage close = ws.receive();
            assertEquals(4001, close.closeCode());
            assertEquals("as asked", close.extra());

            WebSocket second = session.wsConnect(url);
            second.sendStr("x");
            assertEquals("x", second.receiveStr());
            second.close(4005, "done");
            assertEquals(4005, second.closeCode());

            WSServerHandshakeError plain = assertThrows(
                    WSServerHandshakeError.class,
                    () -> session.wsConnect("ws://127.0.0.1:" + runner.port() + "/plain"));
            assertEquals(200, plain.status());
            WSServerHandshakeError missing = assertThrows(
                    WSServerHandshakeError.class, () -> session.wsConnect("ws://127.0.0.1:" + runner.port() + "/nope"));
            assertEquals(404, missing.status());

            // a graceful shutdown closes open WebSockets with 1001, and waits for their handlers
            WebSocket open = session.wsConnect(url);
            open.sendStr("still open");
            assertEquals("still open", open.receiveStr());
            Task<Void> shutdown = Asyncio.createTask(() -> runner.shutdown(Duration.ofSeconds(30)));
            WSMessage goingAway = open.receive();
            assertEquals(WSMsgType.CLOSE, goingAway.type());
            assertEquals(WSCloseCode.GOING_AWAY, goingAway.closeCode());
            shutdown.await();
        }
        assertThat(log).containsExactly("closed 4001", "closed 4005", "closed 1001");
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, and a short heartbeat
    void heartbeatDropsAPeerThatDoesNotAnswer() throws Exception {
        List<Object> result = new ArrayList<>();
        var done = Asyncio.getRunningLoop().<Void>createFuture();
        App app = new App();
        app.get("/hb", r -> {
            WebSocket ws =
                    new WebSocketResponse(WebSocketOptions.defaults().withHeartbeat(Duration.ofMillis(200))).prepare(r);
            WSMessage m = ws.receive();
            result.add(m.type());
            result.add(ws.closeCode());
            result.add(ws.exception() instanceof WebSocketHeartbeatTimeout);
            done.setResult(null);
            return ws;
        });
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var t = Asyncio.timeout(Duration.ofSeconds(60));
                ClientSession session = new ClientSession()) {
            // a client that never reads never answers the pings
            WebSocket ws = session.wsConnect(
                    "ws://127.0.0.1:" + runner.port() + "/hb",
                    WebSocketOptions.defaults().withAutoping(false));
            done.await();
            assertEquals(List.of(WSMsgType.ERROR, WSCloseCode.ABNORMAL_CLOSURE, true), result);
            assertEquals(WSMsgType.PING, ws.receive().type());
        }
    }
}
