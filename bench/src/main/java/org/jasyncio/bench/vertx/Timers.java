package org.jasyncio.bench.vertx;

import io.vertx.core.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jasyncio.bench.Bench;

/** Timers: n Vert.x timers, each after its random 0-10 ms delay (the shared seeded draws). */
public final class Timers {
    private Timers() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vertx",
                "timers",
                args,
                n -> OneContext.run((Context ctx, CompletableFuture<Double> done) -> {
                    long[] delays = Bench.timerDelaysNanos(n);
                    long t0 = System.nanoTime();
                    int[] left = {n};
                    for (int i = 0; i < n; i++) {
                        // Vert.x refuses a 0 delay ("Invalid timer delay: 0"): the ~0.01% zero draws wait 1 ns.
                        OneContext.VERTX
                                .timer(Math.max(1, delays[i]), TimeUnit.NANOSECONDS)
                                .onComplete(ar -> {
                                    if (--left[0] == 0) {
                                        done.complete(Bench.since(t0));
                                    }
                                });
                    }
                }));
        OneContext.shutdown();
    }
}
