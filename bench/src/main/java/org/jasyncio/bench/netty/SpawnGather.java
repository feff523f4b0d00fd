package org.jasyncio.bench.netty;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.bench.Bench;

/** Spawn + gather: n loop tasks that each complete a promise with their index; PromiseCombiner waits. */
public final class SpawnGather {
    private SpawnGather() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "netty",
                "spawn-gather",
                args,
                n -> OneLoop.run((EventLoop loop, Promise<Double> done) -> {
                    long t0 = System.nanoTime();
                    List<Promise<Integer>> promises = new ArrayList<>(n);
                    PromiseCombiner combiner = new PromiseCombiner(loop);
                    for (int i = 0; i < n; i++) {
                        int index = i;
                        Promise<Integer> p = loop.newPromise();
                        loop.execute(() -> p.setSuccess(index));
                        promises.add(p);
                        combiner.add(p);
                    }
                    Promise<Void> all = loop.newPromise();
                    all.addListener(f -> {
                        List<Integer> results = new ArrayList<>(n);
                        for (Promise<Integer> p : promises) {
                            results.add(p.getNow());
                        }
                        double elapsed = Bench.since(t0);
                        Bench.check(results.size() == n && results.get(n - 1) == n - 1, "gathered results");
                        done.setSuccess(elapsed);
                    });
                    combiner.finish(all);
                }));
        OneLoop.shutdown();
    }
}
