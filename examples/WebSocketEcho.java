import java.time.Duration;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.WebSocketResponse;
import org.jasyncio.http.websocket.WSMessage;
import org.jasyncio.http.websocket.WebSocket;
import org.jasyncio.http.websocket.WebSocketOptions;

/**
 * A WebSocket echo server in the aiohttp style ({@code web.WebSocketResponse}, {@code async for msg in
 * ws}): each text message comes back prefixed with {@code "echo: "}, each binary one as it is;
 * {@code "close"} closes the WebSocket from the server's side. Pings are answered for you, and a
 * heartbeat drops a client that stops answering them.
 *
 * <pre>
 * python -c "import asyncio, aiohttp
 * async def main():
 *     async with aiohttp.ClientSession() as s, s.ws_connect('http://localhost:8000/ws') as ws:
 *         await ws.send_str('hi'); print(await ws.receive_str())
 * asyncio.run(main())"                                                      # echo: hi
 * </pre>
 *
 * <p>Run: {@code ./jasyncio run examples/WebSocketEcho.java [PORT]} (default 8000).
 */
public class WebSocketEcho {
    static App app() {
        App app = new App();
        app.get("/ws", request -> {
            WebSocket ws = new WebSocketResponse(WebSocketOptions.defaults().withHeartbeat(Duration.ofSeconds(30)))
                    .prepare(request);
            for (WSMessage msg : ws) {
                switch (msg.type()) {
                    case TEXT -> {
                        if (msg.text().equals("close")) {
                            ws.close();
                        } else {
                            ws.sendStr("echo: " + msg.text());
                        }
                    }
                    case BINARY -> ws.sendBytes(msg.bytes());
                    case ERROR -> System.err.println("WebSocket failed: " + msg.error());
                    default -> {}
                }
            }
            return ws;
        });
        return app;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        app().run("127.0.0.1", port);
    }
}
