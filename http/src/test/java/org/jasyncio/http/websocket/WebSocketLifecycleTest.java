package org.jasyncio.http.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.jasyncio.testing.AsyncTest;

/**
 * A server WebSocket's life around its handler: the connection's header and
 * keep-alive timeouts do not close it, a handler that returns with it open closes it with 1000, one
 * that fails closes it with 1011.
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
}
