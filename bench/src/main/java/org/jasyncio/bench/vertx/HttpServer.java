package org.jasyncio.bench.vertx;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.jasyncio.bench.Bench;

/**
 * The HTTP server of the wrk workloads on Vert.x web (a {@link Router}), one event loop:
 * {@code /plaintext} and {@code /json} ({@code RoutingContext.json}, Vert.x's Jackson encoder per
 * request). {@code --loops N} (bench/http-loops) deploys N instances of the server on a Vert.x of N
 * event loops, Vert.x's way to scale a server over cores. Prints READY once listening on
 * 127.0.0.1:{@code --port}.
 */
public final class HttpServer {
    private HttpServer() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 8080);
        int loops = Bench.intArg(args, "--loops", 1);
        if (loops == 1) {
            listen(OneContext.VERTX, port).await();
        } else {
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
            vertx.deployVerticle(
                            () -> new VerticleBase() {
                                @Override
                                public Future<?> start() {
                                    return listen(vertx, port);
                                }
                            },
                            new DeploymentOptions().setInstances(loops))
                    .await();
        }
        System.out.println("READY");
        System.out.flush();
    }

    private static Future<io.vertx.core.http.HttpServer> listen(Vertx vertx, int port) {
        Router router = Router.router(vertx);
        router.get("/plaintext")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("Hello, World!"));
        router.get("/json").handler(ctx -> ctx.json(new JsonObject().put("message", "Hello, World!")));
        return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
    }
}
