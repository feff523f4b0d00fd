package org.jasyncio.bench.netty;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import org.jasyncio.bench.Bench;

/**
 * Task switch: Netty has no coroutines, so the nearest twin of two tasks ping-ponging through
 * sleep(0) is two tasks that each re-submit themselves with {@code loop.execute(this)}; n loop
 * task runs in all.
 */
public final class TaskSwitch {
    private TaskSwitch() {}

    private static final class Player implements Runnable {
        private final EventLoop loop;
        private final Runnable finished;
        private int left;

        Player(EventLoop loop, int left, Runnable finished) {
            this.loop = loop;
            this.left = left;
            this.finished = finished;
        }

        @Override
        public void run() {
            if (--left > 0) {
                loop.execute(this);
            } else {
                finished.run();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Bench.main(
                "netty",
                "switch",
                args,
                n -> OneLoop.run((EventLoop loop, Promise<Double> done) -> {
                    long t0 = System.nanoTime();
                    int[] running = {2};
                    Runnable finished = () -> {
                        if (--running[0] == 0) {
                            done.setSuccess(Bench.since(t0));
                        }
                    };
                    loop.execute(new Player(loop, n / 2, finished));
                    loop.execute(new Player(loop, n / 2, finished));
                }));
        OneLoop.shutdown();
    }
}
