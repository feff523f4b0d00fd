package org.jasyncio.bench.vthreads;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jasyncio.bench.Bench;

/** Queue: one producer, one consumer virtual thread, n items through an ArrayBlockingQueue of 100. */
public final class QueuePipe {
    private QueuePipe() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vthreads",
                "queue",
                args,
                n -> OneCarrier.run(() -> {
                    var q = new ArrayBlockingQueue<Integer>(100);
                    long t0 = System.nanoTime();
                    long total;
                    try (var scope = Executors.newVirtualThreadPerTaskExecutor()) {
                        scope.submit(() -> {
                            for (int i = 0; i < n; i++) {
                                q.put(i);
                            }
                            return null;
                        });
                        Future<Long> consumer = scope.submit(() -> {
                            long sum = 0;
                            for (int i = 0; i < n; i++) {
                                sum += q.take();
                            }
                            return sum;
                        });
                        total = consumer.get();
                    }
                    double elapsed = Bench.since(t0);
                    Bench.check(total == (long) n * (n - 1) / 2, "sum of items");
                    return elapsed;
                }));
    }
}
