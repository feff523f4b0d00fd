package org.jasyncio.bench.netty;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.TimeUnit;
import org.jasyncio.bench.Bench;

/** Sleepers: n scheduled tasks that all fire after 1 s; the last one completes the run. */
public final class Sleepers {
    private Sleepers() {}

    public static void main(String[] args) throws Exception {
        Bench.main(
                "netty",
                "sleepers",
                args,
                n -> OneLoop.run((EventLoop loop, Promise<Double> done) -> {
                    long t0 = System.nanoTime();
                    int[] left = {n};
                    Runnable wake = () -> {
                        if (--left[0] == 0) {
                            done.setSuccess(Bench.since(t0));
                        }
                    };
                    for (int i = 0; i < n; i++) {
                        loop.schedule(wake, 1, TimeUnit.SECONDS);
                    }
                }));
        OneLoop.shutdown();
    }
}
