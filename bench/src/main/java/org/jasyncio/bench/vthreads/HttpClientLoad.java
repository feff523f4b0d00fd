package org.jasyncio.bench.vthreads;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.jasyncio.bench.http.ClientLoad;

/**
 * The HTTP client workload on the JDK's {@link HttpClient} (HTTP/1.1) from virtual threads:
 * {@code --concurrency} virtual threads (64) each {@code send} a GET and read the whole body, then go
 * again; the client's own executor is a virtual-thread-per-task one too. Requests counted over a timed
 * window after a warm-up.
 */
public final class HttpClientLoad {
    private HttpClientLoad() {}

    public static void main(String[] args) throws Exception {
        ClientLoad load = new ClientLoad(args);
        LongAdder count = new LongAdder();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (var exec = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(exec)
                        .build();
                var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(load.url)).GET().build();
            for (int i = 0; i < load.concurrency; i++) {
                workers.submit(() -> {
                    while (!stop.get()) {
                        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        ClientLoad.checkBody(r.statusCode(), r.body().length);
                        count.increment();
                    }
                    return null;
                });
            }
            Thread.sleep((long) (load.warmupS * 1000));
            load.begin(count.sum());
            Thread.sleep((long) (load.durationS * 1000));
            load.end("jdk-httpclient", count.sum());
            stop.set(true);
        }
    }
}
