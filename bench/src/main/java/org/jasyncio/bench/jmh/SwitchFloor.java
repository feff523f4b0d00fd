package org.jasyncio.bench.jmh;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floors under a jasyncio task switch, measured in the same run as {@link LoopBenchmarks}
 * (issue 14): what a switch costs with no loop around it, on each mechanism jasyncio or a peer uses.
 *
 * <ul>
 *   <li>{@link #continuationAtDepth}: a bare {@code Continuation.run()} + {@code yield()} with the
 *       continuation parked {@code depth} frames deep. A task's {@code sleep(0)} yields about 8 frames
 *       below the continuation's entry (its body, the coroutine, {@code sleep}, the task's park, the
 *       strand's park), and a freeze copies every one of them.
 *   <li>{@link #vthreadYield}: two virtual threads on one carrier ping-pong through
 *       {@code Thread.yield()}, the {@code vthreads} peer's switch: one unmount and one mount.
 *   <li>{@link #vthreadBaton}: two virtual threads hand a baton back and forth with {@code LockSupport}
 *       (one park and one unpark per hand-over), the mechanism of jasyncio's virtual-thread engine.
 *   <li>{@link #vthreadBatonThroughHub}: the same baton, but every hand-over between the two goes
 *       through a third virtual thread, as jasyncio's virtual engine goes through the loop's thread:
 *       two hand-overs per switch and no loop work at all.
 *   <li>{@link #kotlinYield}: two Kotlin coroutines ping-pong through {@code yield()} in
 *       {@code runBlocking} (a suspend function is a state machine: no frames to copy).
 * </ul>
 *
 * Every figure is per switch (one task giving the thread to the other).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
            "-Djdk.virtualThreadScheduler.parallelism=1"
        })
public class SwitchFloor {
    static final int BATCH = 10_000;
    private static final ContinuationScope SCOPE = new ContinuationScope("floor");

    /** How many frames below its entry the continuation yields. */
    @Param({"1", "8"})
    public int depth;

    private Continuation continuation;
    /** {@code SwitchTwins.yieldPingPong(int)}: Kotlin is compiled after javac, so looked up here. */
    private MethodHandle kotlinPingPong;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        kotlinPingPong = MethodHandles.publicLookup()
                .findStatic(
                        Class.forName("org.jasyncio.bench.kotlin.SwitchTwins"),
                        "yieldPingPong",
                        MethodType.methodType(int.class, int.class));
        continuation = new Continuation(SCOPE, () -> {
            while (true) {
                down(depth);
            }
        });
    }

    private static void down(int frames) {
        if (frames <= 1) {
            Continuation.yield(SCOPE);
        } else {
            down(frames - 1);
        }
    }

    /** A bare continuation round trip at {@link #depth} frames. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void continuationAtDepth() {
        for (int i = 0; i < BATCH; i++) {
            continuation.run();
        }
    }

    /** Two virtual threads on one carrier, {@code Thread.yield()} in turn: {@link #BATCH} switches. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void vthreadYield() throws InterruptedException {
        Runnable half = () -> {
            for (int i = 0; i < BATCH / 2; i++) {
                Thread.yield();
            }
        };
        Thread a = Thread.ofVirtual().start(half);
        Thread b = Thread.ofVirtual().start(half);
        a.join();
        b.join();
    }

    /** A baton between two virtual threads: {@link #BATCH} hand-overs. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void vthreadBaton() throws InterruptedException {
        Baton baton = new Baton(2);
        Thread a = Thread.ofVirtual().unstarted(() -> baton.play(0, BATCH / 2));
        Thread b = Thread.ofVirtual().unstarted(() -> baton.play(1, BATCH / 2));
        baton.players[0] = a;
        baton.players[1] = b;
        a.start();
        b.start();
        a.join();
        b.join();
    }

    /**
     * Two virtual threads that switch {@link #BATCH} times in all, each switch through a hub thread
     * (A to hub to B to hub to A): two hand-overs per switch, as the virtual engine's loop thread.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void vthreadBatonThroughHub() throws InterruptedException {
        Baton baton = new Baton(3); // 0: the hub, 1 and 2: the tasks
        Thread hub = Thread.ofVirtual().unstarted(() -> {
            baton.waitFor(0);
            for (int i = 0; i < BATCH; i++) {
                baton.handTo(1 + (i & 1), 0);
            }
            baton.done = true;
            LockSupport.unpark(baton.players[1]);
            LockSupport.unpark(baton.players[2]);
        });
        Runnable task = () -> {
            int me = Thread.currentThread() == baton.players[1] ? 1 : 2;
            while (true) {
                baton.waitFor(me);
                if (baton.done) {
                    return;
                }
                baton.handTo(0, -1);
            }
        };
        baton.players[0] = hub;
        baton.players[1] = Thread.ofVirtual().unstarted(task);
        baton.players[2] = Thread.ofVirtual().unstarted(task);
        for (Thread t : baton.players) {
            t.start();
        }
        baton.handTo(0, -1);
        for (Thread t : baton.players) {
            t.join();
        }
    }

    /** Two Kotlin coroutines in {@code runBlocking}, {@code yield()} in turn: {@link #BATCH} switches. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int kotlinYield() throws Throwable {
        return (int) kotlinPingPong.invokeExact(BATCH);
    }

    /** Whose turn it is among a few virtual threads; a hand-over is a volatile write and an unpark. */
    static final class Baton {
        final Thread[] players;
        volatile int turn = -1;
        volatile boolean done;

        Baton(int n) {
            players = new Thread[n];
        }

        /** Parks until it is {@code me}'s turn or the game is over. */
        void waitFor(int me) {
            while (turn != me && !done) {
                LockSupport.park(this);
            }
        }

        /** Gives the turn to {@code next}; if {@code me >= 0}, waits for it to come back. */
        void handTo(int next, int me) {
            turn = next;
            LockSupport.unpark(players[next]);
            if (me >= 0) {
                waitFor(me);
            }
        }

        void play(int me, int rounds) {
            if (me == 0) {
                turn = 0;
            }
            for (int i = 0; i < rounds; i++) {
                waitFor(me);
                handTo(1 - me, -1);
            }
        }
    }
}
