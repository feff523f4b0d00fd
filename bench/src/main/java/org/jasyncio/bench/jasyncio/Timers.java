package org.jasyncio.bench.jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.bench.Bench;

/** Timers: n tasks, each sleeping its random 0-10 ms delay (the shared seeded draws). */
public final class Timers {
    private Timers() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                Engine.label(),
                "timers",
                args,
                n -> Asyncio.run(() -> {
                    long[] delays = Bench.timerDelaysNanos(n);
                    long t0 = System.nanoTime();
                    List<Task<Void>> tasks = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        Duration d = Duration.ofNanos(delays[i]);
                        tasks.add(Asyncio.createTask(() -> Asyncio.sleep(d)));
                    }
                    Asyncio.gather(tasks);
                    return Bench.since(t0);
                }));
    }
}
