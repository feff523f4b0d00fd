package org.jasyncio.bench.vertx;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.jasyncio.bench.Bench;

/**
 * The HTTP server of the wrk workloads on Vert.x web (a {@link Router}), one event loop:
 * {@code /plaintext} and {@code /json} ({@code RoutingContext.json}, Vert.x's Jackson encoder per
 * request). Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class HttpServer {
    private HttpServer() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 8080);
        Router router = Router.router(OneContext.VERTX);
        router.get("/plaintext")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("Hello, World!"));
        router.get("/json").handler(ctx -> ctx.json(new JsonObject().put("message", "Hello, World!")));
        OneContext.VERTX
                .createHttpServer()
                .requestHandler(router)
                .listen(port, "127.0.0.1")
                .await();
        System.out.println("READY");
        System.out.flush();
    }
}
