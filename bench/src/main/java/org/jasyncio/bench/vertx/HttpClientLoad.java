package org.jasyncio.bench.vertx;

import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jasyncio.bench.http.ClientLoad;

/**
 * The HTTP client workload on the Vert.x web client, one event loop: {@code --concurrency} chains (64)
 * of GETs over a pool of as many keep-alive connections, each sending its next request from the
 * previous one's completion. Requests counted over a timed window after a warm-up.
 */
public final class HttpClientLoad {
    private HttpClientLoad() {}

    public static void main(String[] args) throws Exception {
        ClientLoad load = new ClientLoad(args);
        java.net.URI uri = java.net.URI.create(load.url);
        WebClient client = WebClient.create(
                OneContext.VERTX,
                new WebClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(load.concurrency));
        AtomicLong count = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Runnable[] next = new Runnable[1];
        next[0] = () -> client.get(uri.getPort(), uri.getHost(), uri.getPath())
                .send()
                .onComplete(ar -> {
                    if (ar.failed()) {
                        ar.cause().printStackTrace();
                        System.exit(1);
                    }
                    ClientLoad.checkBody(
                            ar.result().statusCode(), ar.result().body().length());
                    count.incrementAndGet();
                    if (!stop.get()) {
                        next[0].run();
                    }
                });
        OneContext.CONTEXT.runOnContext(v -> {
            for (int i = 0; i < load.concurrency; i++) {
                next[0].run();
            }
        });
        Thread.sleep((long) (load.warmupS * 1000));
        load.begin(count.get());
        Thread.sleep((long) (load.durationS * 1000));
        load.end("vertx-webclient", count.get());
        stop.set(true);
        Thread.sleep(200);
        client.close();
        OneContext.shutdown();
    }
}
