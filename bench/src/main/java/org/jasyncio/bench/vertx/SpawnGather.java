package org.jasyncio.bench.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jasyncio.bench.Bench;

/** Spawn + gather: n context tasks that each complete a promise with their index; Future.all waits. */
public final class SpawnGather {
    private SpawnGather() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vertx",
                "spawn-gather",
                args,
                n -> OneContext.run((Context ctx, CompletableFuture<Double> done) -> {
                    long t0 = System.nanoTime();
                    List<Future<Integer>> futures = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        int index = i;
                        Promise<Integer> p = Promise.promise();
                        ctx.runOnContext(v -> p.complete(index));
                        futures.add(p.future());
                    }
                    Future.all(futures).onSuccess(all -> {
                        List<Integer> results = all.list();
                        double elapsed = Bench.since(t0);
                        Bench.check(results.size() == n && results.get(n - 1) == n - 1, "gathered results");
                        done.complete(elapsed);
                    });
                }));
        OneContext.shutdown();
    }
}
