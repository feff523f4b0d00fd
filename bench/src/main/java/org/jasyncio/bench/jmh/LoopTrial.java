package org.jasyncio.bench.jmh;

import org.jasyncio.EventLoop;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One event loop kept for a whole trial, handed to the benchmarks of {@link LoopBenchmarks} and
 * {@link SyncBenchmarks} as a JMH state, so what they measure is the operation, not a loop's start-up.
 */
@State(Scope.Thread)
public class LoopTrial {
    /** The loop; the fork's JVM flags choose its strand engine. */
    EventLoop loop;

    @Setup(Level.Trial)
    public void setUp() {
        loop = EventLoop.newEventLoop();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }
}
