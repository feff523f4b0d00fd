package org.jasyncio.bench.netty;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import org.jasyncio.bench.Bench;
import org.jasyncio.bench.callback.Pipe;

/** Queue: producer and consumer callbacks through a bounded queue of 100 (see {@link Pipe}). */
public final class QueuePipe {
    private QueuePipe() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "netty",
                "queue",
                args,
                n -> OneLoop.run((EventLoop loop, Promise<Double> done) -> {
                    long t0 = System.nanoTime();
                    new Pipe(n, loop, sum -> {
                                double elapsed = Bench.since(t0);
                                Bench.check(sum == (long) n * (n - 1) / 2, "sum of items");
                                done.setSuccess(elapsed);
                            })
                            .start(loop);
                }));
        OneLoop.shutdown();
    }
}
