package org.jasyncio.bench.netty;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.TimeUnit;
import org.jasyncio.bench.Bench;

/** Timers: n scheduled tasks, each after its random 0-10 ms delay (the shared seeded draws). */
public final class Timers {
    private Timers() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "netty",
                "timers",
                args,
                n -> OneLoop.run((EventLoop loop, Promise<Double> done) -> {
                    long[] delays = Bench.timerDelaysNanos(n);
                    long t0 = System.nanoTime();
                    int[] left = {n};
                    Runnable wake = () -> {
                        if (--left[0] == 0) {
                            done.setSuccess(Bench.since(t0));
                        }
                    };
                    for (int i = 0; i < n; i++) {
                        loop.schedule(wake, delays[i], TimeUnit.NANOSECONDS);
                    }
                }));
        OneLoop.shutdown();
    }
}
