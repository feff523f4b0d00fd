package org.jasyncio.http.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.AppRunner;
import org.jasyncio.http.server.Request;
import org.jasyncio.http.server.WebSocketResponse;
import org.jasyncio.process.Subprocess;
import org.jasyncio.testfixtures.PythonPeer;
import org.jasyncio.testing.AsyncTest;

/**
 * The server's WebSockets driven by aiohttp 3.14's {@code ws_connect} and by raw sockets (ws_client.py):
 * echo of text, JSON and 1 MiB binary, subprotocol choice, pings both ways, close codes both ways,
 * violations answered with 1002/1007/1009 while another WebSocket keeps working, and the handshake's
 * 426/400/405. Needs aiohttp 3.14.3 in {@code $JASYNCIO_PYTHON}.
 */
class WebSocketServerTest {
    /** The echo handler of these tests: echoes text and binary, and obeys "close me" and "ping me". */
    static Object echo(Request request, WebSocketOptions options, List<String> log) throws Exception {
        WebSocket ws = new WebSocketResponse(options).prepare(request);
        for (WSMessage m : ws) {
            switch (m.type()) {
                case TEXT -> {
                    switch (m.text()) {
                        case "close me" -> ws.close(4001, "as asked");
                        case "ping me" -> ws.ping("hi".getBytes(StandardCharsets.UTF_8));
                        default -> ws.sendStr(m.text());
                    }
                }
                case BINARY -> ws.sendBytes(m.bytes());
                case ERROR -> log.add("error " + ((WebSocketError) m.error()).code());
                default -> {}
            }
        }
        log.add("closed " + ws.closeCode());
        return ws;
    }

    @AsyncTest(virtualTime = false) // real sockets and a real peer: real time
    void aiohttpClientAgainstTheServer() throws Exception {
        List<String> log = new ArrayList<>();
        App app = new App();
        app.get("/echo", r -> echo(r, WebSocketOptions.defaults().withProtocols("chat"), log));
        app.get("/small", r -> echo(r, WebSocketOptions.defaults().withMaxMsgSize(1024), log));
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var t = Asyncio.timeout(Duration.ofSeconds(120))) {
            Subprocess client =
                    PythonPeer.start(WebSocketServerTest.class, "ws_client.py", String.valueOf(runner.port()));
            try {
                Subprocess.Output o = client.communicate();
                String err = new String(o.stderr(), StandardCharsets.UTF_8);
                assertThat(client.await())
                        .as("ws_client.py exit; stderr:\n%s", err)
                        .isZero();
                assertThat(new String(o.stdout(), StandardCharsets.UTF_8)
                                .lines()
                                .toList())
                        .containsExactly(
                                "protocol chat",
                                "text hello",
                                "binary True",
                                "big text True",
                                "pong PONG b'are you there'",
                                "ping PING b'hi'",
                                "unmasked 1002 0",
                                "bad utf-8 1007 0",
                                "polite bad utf-8 1007 True",
                                "too big 1009 0",
                                "reserved bit 1002 0",
                                "fragmented (10, b'p') (1, b'fragment\\xc3\\xa9')",
                                "after still here",
                                "client close 4000",
                                "server close CLOSE 4001 as asked",
                                "json {'a': [1, 2]}",
                                "handshake plain GET 426 Sec-WebSocket-Version: 13",
                                "handshake version 8 426 Sec-WebSocket-Version: 13",
                                "handshake bad key 400",
                                "handshake POST 405");
            } finally {
                if (client.returncode() == null) {
                    client.kill();
                }
            }
        }
        assertThat(log).contains("error 1002", "error 1007", "error 1009", "closed 4000", "closed 4001");
    }
}
