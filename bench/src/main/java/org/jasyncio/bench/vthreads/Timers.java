package org.jasyncio.bench.vthreads;

import java.time.Duration;
import java.util.concurrent.Executors;
import org.jasyncio.bench.Bench;

/** Timers: n virtual threads, each sleeping its random 0-10 ms delay (the shared seeded draws). */
public final class Timers {
    private Timers() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vthreads",
                "timers",
                args,
                n -> OneCarrier.run(() -> {
                    long[] delays = Bench.timerDelaysNanos(n);
                    long t0 = System.nanoTime();
                    try (var scope = Executors.newVirtualThreadPerTaskExecutor()) {
                        for (int i = 0; i < n; i++) {
                            Duration d = Duration.ofNanos(delays[i]);
                            scope.submit(() -> {
                                Thread.sleep(d);
                                return null;
                            });
                        }
                    }
                    return Bench.since(t0);
                }));
    }
}
