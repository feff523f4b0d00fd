package org.jasyncio.bench.jasyncio;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.bench.Bench;

/** Spawn + gather: n tasks that each return their index, gathered in order. */
public final class SpawnGather {
    private SpawnGather() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                Engine.label(),
                "spawn-gather",
                args,
                n -> Asyncio.run(() -> {
                    long t0 = System.nanoTime();
                    List<Task<Integer>> tasks = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        int index = i;
                        tasks.add(Asyncio.createTask(() -> index));
                    }
                    List<Integer> results = Asyncio.gather(tasks);
                    double elapsed = Bench.since(t0);
                    Bench.check(results.size() == n && results.get(n - 1) == n - 1, "gathered results");
                    return elapsed;
                }));
    }
}
