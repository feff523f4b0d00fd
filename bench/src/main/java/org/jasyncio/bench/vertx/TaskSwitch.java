package org.jasyncio.bench.vertx;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.concurrent.CompletableFuture;
import org.jasyncio.bench.Bench;

/**
 * Task switch: Vert.x's nearest twin of two tasks ping-ponging through sleep(0) is two handlers that
 * each re-submit themselves with {@code context.runOnContext}; n handler runs in all.
 */
public final class TaskSwitch {
    private TaskSwitch() {}

    private static final class Player implements Handler<Void> {
        private final Context context;
        private final Runnable finished;
        private int left;

        Player(Context context, int left, Runnable finished) {
            this.context = context;
            this.left = left;
            this.finished = finished;
        }

        @Override
        public void handle(Void v) {
            if (--left > 0) {
                context.runOnContext(this);
            } else {
                finished.run();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vertx",
                "switch",
                args,
                n -> OneContext.run((Context ctx, CompletableFuture<Double> done) -> {
                    long t0 = System.nanoTime();
                    int[] running = {2};
                    Runnable finished = () -> {
                        if (--running[0] == 0) {
                            done.complete(Bench.since(t0));
                        }
                    };
                    ctx.runOnContext(new Player(ctx, n / 2, finished));
                    ctx.runOnContext(new Player(ctx, n / 2, finished));
                }));
        OneContext.shutdown();
    }
}
