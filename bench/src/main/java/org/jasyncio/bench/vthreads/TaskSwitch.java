package org.jasyncio.bench.vthreads;

import java.util.concurrent.Executors;
import org.jasyncio.bench.Bench;

/** Task switch: two virtual threads ping-pong through {@link Thread#yield()}; n switches in all. */
public final class TaskSwitch {
    private TaskSwitch() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vthreads",
                "switch",
                args,
                n -> OneCarrier.run(() -> {
                    long t0 = System.nanoTime();
                    try (var scope = Executors.newVirtualThreadPerTaskExecutor()) {
                        for (int p = 0; p < 2; p++) {
                            scope.submit(() -> {
                                for (int i = 0; i < n / 2; i++) {
                                    Thread.yield();
                                }
                            });
                        }
                    } // close() waits for both
                    return Bench.since(t0);
                }));
    }
}
