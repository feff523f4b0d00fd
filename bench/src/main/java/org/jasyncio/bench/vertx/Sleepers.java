package org.jasyncio.bench.vertx;

import io.vertx.core.Context;
import java.util.concurrent.CompletableFuture;
import org.jasyncio.bench.Bench;

/** Sleepers: n Vert.x timers that all fire after 1 s; the last one completes the run. */
public final class Sleepers {
    private Sleepers() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vertx",
                "sleepers",
                args,
                n -> OneContext.run((Context ctx, CompletableFuture<Double> done) -> {
                    long t0 = System.nanoTime();
                    int[] left = {n};
                    for (int i = 0; i < n; i++) {
                        OneContext.VERTX.setTimer(1000, id -> {
                            if (--left[0] == 0) {
                                done.complete(Bench.since(t0));
                            }
                        });
                    }
                }));
        OneContext.shutdown();
    }
}
