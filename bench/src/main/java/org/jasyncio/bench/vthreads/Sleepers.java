package org.jasyncio.bench.vthreads;

import java.util.concurrent.Executors;
import org.jasyncio.bench.Bench;

/** Sleepers: n virtual threads that all sleep 1 s at once; bench/compare also reads the peak RSS. */
public final class Sleepers {
    private Sleepers() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vthreads",
                "sleepers",
                args,
                n -> OneCarrier.run(() -> {
                    long t0 = System.nanoTime();
                    try (var scope = Executors.newVirtualThreadPerTaskExecutor()) {
                        for (int i = 0; i < n; i++) {
                            scope.submit(() -> {
                                Thread.sleep(1000);
                                return null;
                            });
                        }
                    }
                    return Bench.since(t0);
                }));
    }
}
