import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jasyncio.Asyncio;
import org.jasyncio.http.client.ClientSession;
import org.jasyncio.http.server.AppRunner;
import org.jasyncio.http.websocket.WSCloseCode;
import org.jasyncio.http.websocket.WSMsgType;
import org.jasyncio.http.websocket.WebSocket;
import org.junit.jupiter.api.Test;

class WebSocketEchoTest {
    @Test
    void echoesTextAndBinaryAndClosesOnRequest() throws Exception {
        Asyncio.run(() -> {
            try (AppRunner runner = WebSocketEcho.app().start("127.0.0.1", 0);
                    var t = Asyncio.timeout(Duration.ofSeconds(60));
                    ClientSession session = new ClientSession()) {
                WebSocket ws = session.wsConnect("ws://127.0.0.1:" + runner.port() + "/ws");
                ws.sendStr("hi");
                assertThat(ws.receiveStr()).isEqualTo("echo: hi");
                ws.sendBytes(new byte[] {1, 2, 3});
                assertThat(ws.receiveBytes()).containsExactly(1, 2, 3);
                ws.sendStr("close");
                var closed = ws.receive();
                assertThat(closed.type()).isEqualTo(WSMsgType.CLOSE);
                assertThat(closed.closeCode()).isEqualTo(WSCloseCode.OK);
            }
        });
    }
}
