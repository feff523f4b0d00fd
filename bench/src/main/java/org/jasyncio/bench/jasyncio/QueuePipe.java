package org.jasyncio.bench.jasyncio;

import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.bench.Bench;
import org.jasyncio.queue.Queue;

/**
 * Queue: one producer, one consumer task, n items through an {@code org.jasyncio.queue.Queue} of 100.
 */
public final class QueuePipe {
    private QueuePipe() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                Engine.label(),
                "queue",
                args,
                n -> Asyncio.run(() -> {
                    Queue<Integer> q = new Queue<>(100);
                    long t0 = System.nanoTime();
                    Task<Void> producer = Asyncio.createTask(() -> {
                        for (int i = 0; i < n; i++) {
                            q.put(i);
                        }
                    });
                    Task<Long> consumer = Asyncio.createTask(() -> {
                        long sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += q.get();
                        }
                        return sum;
                    });
                    producer.await();
                    long total = consumer.await();
                    double elapsed = Bench.since(t0);
                    Bench.check(total == (long) n * (n - 1) / 2, "sum of items");
                    return elapsed;
                }));
    }
}
