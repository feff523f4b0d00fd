package org.jasyncio.bench.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Promise;
import java.util.function.BiConsumer;

/** One Netty NIO event loop (one thread) that the workload bodies run on. */
final class OneLoop {
    static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    static final EventLoop LOOP = GROUP.next();

    private OneLoop() {}

    /**
     * Runs {@code body} on the loop thread with a promise it completes with the elapsed seconds it
     * measured; waits for that promise from the calling thread.
     */
    static double run(BiConsumer<EventLoop, Promise<Double>> body) throws Exception {
        Promise<Double> done = LOOP.newPromise();
        LOOP.execute(() -> body.accept(LOOP, done));
        return done.get();
    }

    static void shutdown() {
        GROUP.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
