package org.jasyncio.bench.jasyncio;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.bench.Bench;

/** Sleepers: n tasks that all sleep 1 s at once; bench/compare also reads the peak RSS. */
public final class Sleepers {
    private Sleepers() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                Engine.label(),
                "sleepers",
                args,
                n -> Asyncio.run(() -> {
                    long t0 = System.nanoTime();
                    List<Task<Void>> tasks = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        tasks.add(Asyncio.createTask(() -> Asyncio.sleep(1.0)));
                    }
                    Asyncio.gather(tasks);
                    return Bench.since(t0);
                }));
    }
}
