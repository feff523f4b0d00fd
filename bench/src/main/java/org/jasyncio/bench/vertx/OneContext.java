package org.jasyncio.bench.vertx;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** One Vert.x instance with one event loop, and one event-loop context the workloads run on. */
final class OneContext {
    static final Vertx VERTX = Vertx.vertx(new VertxOptions()
            .setEventLoopPoolSize(1)
            // The blocked-thread checker would only log that a 1M-timer set-up takes > 2 s.
            .setBlockedThreadCheckInterval(1)
            .setBlockedThreadCheckIntervalUnit(TimeUnit.HOURS));
    static final Context CONTEXT = VERTX.getOrCreateContext();
    /** Re-schedules a callback on the context, as {@code loop.execute} does for Netty. */
    static final Executor EXECUTOR = r -> CONTEXT.runOnContext(v -> r.run());

    private OneContext() {}

    /** Runs {@code body} on the context; it completes the future with the seconds it measured. */
    static double run(BiConsumer<Context, CompletableFuture<Double>> body) throws Exception {
        CompletableFuture<Double> done = new CompletableFuture<>();
        CONTEXT.runOnContext(v -> body.accept(CONTEXT, done));
        return done.get();
    }

    static void shutdown() throws Exception {
        VERTX.close().await();
    }
}
