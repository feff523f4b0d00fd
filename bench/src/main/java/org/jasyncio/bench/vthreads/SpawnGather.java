package org.jasyncio.bench.vthreads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jasyncio.bench.Bench;

/** Spawn + gather: n virtual threads that each return their index, results collected in order. */
public final class SpawnGather {
    private SpawnGather() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vthreads",
                "spawn-gather",
                args,
                n -> OneCarrier.run(() -> {
                    long t0 = System.nanoTime();
                    List<Integer> results = new ArrayList<>(n);
                    try (var scope = Executors.newVirtualThreadPerTaskExecutor()) {
                        List<Future<Integer>> futures = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            int index = i;
                            futures.add(scope.submit(() -> index));
                        }
                        for (Future<Integer> f : futures) {
                            results.add(f.get());
                        }
                    }
                    double elapsed = Bench.since(t0);
                    Bench.check(results.size() == n && results.get(n - 1) == n - 1, "gathered results");
                    return elapsed;
                }));
    }
}
