package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.http.websocket.WebSocket;
import org.jasyncio.http.websocket.WebSocketOptions;
import org.jasyncio.testing.AsyncTest;

/**
 * The server WebSocket's conduit on an embedded connection (virtual clock): a connection lost before
 * the handler's {@code prepare()} is passed on to the WebSocket, which arms no heartbeat on it.
 */
class WebSocketConduitTest {
    private static final String HANDSHAKE =
            "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @AsyncTest
    void aConnectionLostBeforePrepareIsPassedOnAndNoHeartbeatRunsOnIt() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<WebSocket> made = loop.createFuture();
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.get("/ws", r -> {
            r.disconnected().await(); // the connection is lost before the handshake's answer
            WebSocket ws =
                    new WebSocketResponse(WebSocketOptions.defaults().withHeartbeat(Duration.ofSeconds(10))).prepare(r);
            made.setResult(ws);
            Asyncio.sleep(60); // keeps the WebSocket open past several heartbeat periods
            return null;
        });
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            EmbeddedTransport t = EmbeddedTransport.connect(runner, loop);
            t.receive(HANDSHAKE);
            t.abort(); // connectionLost comes on the next iteration, while the handler waits
            WebSocket ws = made.await();
            Asyncio.sleep(30); // three heartbeat periods: a ping, and no pong within 5 s, would end it
            assertThat(ws.exception()).as("heartbeat on a lost connection").isNull();
            assertThat(ws.state()).isEqualTo(WebSocket.State.OPEN); // left to a reader, which meets the EOF
        }
    }
}
