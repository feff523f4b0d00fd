package org.jasyncio.bench.jasyncio;

import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.bench.Bench;

/** Task switch: two tasks ping-pong through {@code Asyncio.sleep(0)}; n switches in all. */
public final class TaskSwitch {
    private TaskSwitch() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                Engine.label(),
                "switch",
                args,
                n -> Asyncio.run(() -> {
                    long t0 = System.nanoTime();
                    Task<Void> a = Asyncio.createTask(() -> {
                        for (int i = 0; i < n / 2; i++) {
                            Asyncio.sleep(0.0);
                        }
                    });
                    Task<Void> b = Asyncio.createTask(() -> {
                        for (int i = 0; i < n / 2; i++) {
                            Asyncio.sleep(0.0);
                        }
                    });
                    Asyncio.gather(a, b);
                    return Bench.since(t0);
                }));
    }
}
