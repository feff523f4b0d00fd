package org.jasyncio.bench.vertx;

import io.vertx.core.Context;
import java.util.concurrent.CompletableFuture;
import org.jasyncio.bench.Bench;
import org.jasyncio.bench.callback.Pipe;

/** Queue: producer and consumer callbacks through a bounded queue of 100 (see {@link Pipe}). */
public final class QueuePipe {
    private QueuePipe() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vertx",
                "queue",
                args,
                n -> OneContext.run((Context ctx, CompletableFuture<Double> done) -> {
                    long t0 = System.nanoTime();
                    new Pipe(n, OneContext.EXECUTOR, sum -> {
                                double elapsed = Bench.since(t0);
                                Bench.check(sum == (long) n * (n - 1) / 2, "sum of items");
                                done.complete(elapsed);
                            })
                            .start(OneContext.EXECUTOR);
                }));
        OneContext.shutdown();
    }
}
