package org.jasyncio.bench.callback;

import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * The queue workload in callback style: a producer of 0..n-1 and a consumer that sums them, both
 * state machines resumed by {@link BoundedQueue}'s callbacks. Start it on the loop thread.
 */
public final class Pipe {
    private final BoundedQueue<Integer> queue;
    private final int n;
    private final LongConsumer done;
    private int produced;
    private int consumed;
    private long sum;

    public Pipe(int n, Executor loop, LongConsumer done) {
        this.queue = new BoundedQueue<>(100, loop);
        this.n = n;
        this.done = done;
    }

    public void start(Executor loop) {
        loop.execute(this::produce);
        loop.execute(this::consume);
    }

    private void produce() {
        while (produced < n) {
            if (!queue.offer(produced, this::produce)) {
                return;
            }
            produced++;
        }
    }

    private void consume() {
        while (consumed < n) {
            Integer item = queue.poll(this::consume);
            if (item == null) {
                return;
            }
            sum += item;
            consumed++;
        }
        done.accept(sum);
    }
}
