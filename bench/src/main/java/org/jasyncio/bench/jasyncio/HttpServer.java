package org.jasyncio.bench.jasyncio;

import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.bench.Bench;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.AppRunner;
import org.jasyncio.http.server.Response;

/**
 * The HTTP server of the wrk workloads on jasyncio's {@link App}, one loop: {@code GET /plaintext}
 * answers {@code Hello, World!} as text/plain, {@code GET /json} the object
 * {@code {"message": "Hello, World!"}} serialized per request by the app's JSON codec (Jackson).
 * The access log is off, as in every peer of the comparison. {@code --loops N} serves on N loops (the
 * scaling part of bench/http-loops). Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class HttpServer {
    private HttpServer() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 8080);
        int loops = Bench.intArg(args, "--loops", 1);
        App app = new App();
        app.options(app.options().withAccessLog(false)); // as every peer here runs: no access log
        app.get("/plaintext", request -> Response.text("Hello, World!"));
        app.get("/json", request -> Response.json(Map.of("message", "Hello, World!")));
        Asyncio.run(() -> {
            try (AppRunner runner = app.start("127.0.0.1", port, loops)) {
                System.out.println("READY");
                System.out.flush();
                runner.serveForever();
            }
        });
    }
}
