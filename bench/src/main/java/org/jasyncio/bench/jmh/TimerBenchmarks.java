package org.jasyncio.bench.jmh;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Task;
import org.jasyncio.bench.Bench;
import org.jasyncio.testing.VirtualClock;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The timer heap under the timers workload of bench/compare (issue 14): 100k timers due at the seeded
 * random 0-10 ms draws every runtime sleeps ({@link Bench#timerDelaysNanos}), on a loop with a
 * {@link VirtualClock}, so what is measured is scheduling and firing them, not waiting 10 ms. Per
 * timer: {@code callLater100k} is the heap and the handle alone (a callback per timer);
 * {@code sleep100k} is the whole workload (a task per timer, each in {@code Asyncio.sleep}).
 *
 * <p>Against Kotlin coroutines, on the real clock (kotlinx has no virtual clock without its test
 * module): {@code sleep100kRealClock} is {@code sleep100k} on a loop reading {@code System.nanoTime},
 * {@code kotlinDelay100k} its twin ({@code TimerTwins.delayAll}: a coroutine per draw in {@code delay},
 * on {@code runBlocking}'s one-thread loop). Both include the 10 ms the longest draw waits, 100 ns a
 * timer, alike. {@code continuationFloor100k} is what no task on a JDK continuation can go below: a
 * bare {@code Continuation} per timer, created, run to its one yield, and resumed to its end (no loop,
 * no timer, no task object).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"})
public class TimerBenchmarks {
    static final int TIMERS = 100_000;

    /** A loop on virtual time kept for the trial, and the draws. */
    @State(Scope.Thread)
    public static class VirtualLoop {
        EventLoop loop;
        Duration[] delays;

        @Setup(Level.Trial)
        public void setUp() {
            loop = EventLoop.newEventLoop(new VirtualClock());
            delays = durations(Bench.timerDelaysNanos(TIMERS));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            loop.close();
        }
    }

    /** 100k callLater at the draws, run until the last has fired. */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public int callLater100k(VirtualLoop state) throws Exception {
        EventLoop loop = state.loop;
        Duration[] delays = state.delays;
        return loop.runUntilComplete(() -> {
            int[] fired = new int[1];
            Runnable count = () -> fired[0]++;
            for (Duration d : delays) {
                loop.callLater(d, count);
            }
            Asyncio.sleep(Duration.ofMillis(11));
            Bench.check(fired[0] == TIMERS, "every timer fired");
            return fired[0];
        });
    }

    /** 100k tasks, each sleeping its draw, all awaited: the bench/compare timers workload. */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public int sleep100k(VirtualLoop state) throws Exception {
        return sleepAll(state.loop, state.delays);
    }

    /** One task per draw, each sleeping it, all awaited, on {@code loop}. */
    private static int sleepAll(EventLoop loop, Duration[] delays) throws Exception {
        return loop.runUntilComplete(() -> {
            Task<?>[] tasks = new Task<?>[TIMERS];
            for (int i = 0; i < TIMERS; i++) {
                Duration d = delays[i];
                tasks[i] = Asyncio.createTask(() -> Asyncio.sleep(d));
            }
            for (Task<?> t : tasks) {
                t.await();
            }
            return TIMERS;
        });
    }

    /** A loop on the real clock kept for the trial, and the draws; for the comparison with Kotlin. */
    @State(Scope.Thread)
    public static class RealClock {
        EventLoop loop;
        Duration[] delays;
        long[] delaysNanos;
        /** {@code TimerTwins.delayAll(long[])}. */
        MethodHandle kotlinDelayAll;

        @Setup(Level.Trial)
        public void setUp() throws ReflectiveOperationException {
            loop = EventLoop.newEventLoop();
            delaysNanos = Bench.timerDelaysNanos(TIMERS);
            delays = durations(delaysNanos);
            kotlinDelayAll = MethodHandles.publicLookup()
                    .findStatic(
                            Class.forName("org.jasyncio.bench.kotlin.TimerTwins"),
                            "delayAll",
                            MethodType.methodType(int.class, long[].class));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            loop.close();
        }
    }

    /** {@link #sleep100k} on the real clock: the twin of {@link #kotlinDelay100k}. */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public int sleep100kRealClock(RealClock state) throws Exception {
        return sleepAll(state.loop, state.delays);
    }

    /** 100k Kotlin coroutines, each {@code delay}ing its draw, all joined, on one thread. */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public int kotlinDelay100k(RealClock state) throws Throwable {
        return (int) state.kotlinDelayAll.invokeExact(state.delaysNanos);
    }

    /** The draws as {@link Duration}s. */
    static Duration[] durations(long[] nanos) {
        Duration[] out = new Duration[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            out[i] = Duration.ofNanos(nanos[i]);
        }
        return out;
    }

    private static final ContinuationScope FLOOR = new ContinuationScope("timer-floor");

    /**
     * The floor of a sleeping task on a JDK continuation: 100k continuations, each created and run to
     * its one yield (a freeze into a fresh stack chunk), then each resumed to its end (a thaw), as the
     * loop does with 100k sleepers; nothing else.
     */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public int continuationFloor100k() {
        return parkAllThenResume(() -> Continuation.yield(FLOOR));
    }

    /** How many physical frames below its entry each parked continuation of {@link #continuationFloorAtDepth100k} yields. */
    @State(Scope.Thread)
    public static class Depth {
        @Param({"1", "4", "8", "12"})
        public int depth;
    }

    /**
     * {@link #continuationFloor100k} with each continuation parked {@code depth} frames below its entry
     * ({@link #down} is kept out of line, so each level is a physical frame): what the collector and
     * the freeze/thaw pay per frame of a parked task while 100k of them wait (issue 14, round 6).
     */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    @Fork(
            value = 1,
            jvmArgsAppend = {
                "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=dontinline,org.jasyncio.bench.jmh.TimerBenchmarks::down"
            })
    public int continuationFloorAtDepth100k(Depth state) {
        int depth = state.depth;
        return parkAllThenResume(() -> down(depth));
    }

    /**
     * {@link #TIMERS} continuations of {@code body} (which yields once), each created and run to its
     * yield, then each resumed to its end; returns how many ended. One body for them all, so at every
     * depth a continuation is the floor's one object (the depth variant made a lambda per continuation).
     */
    private static int parkAllThenResume(Runnable body) {
        Continuation[] parked = new Continuation[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            Continuation c = new Continuation(FLOOR, body);
            c.run();
            parked[i] = c;
        }
        int done = 0;
        for (Continuation c : parked) {
            c.run();
            done += c.isDone() ? 1 : 0;
        }
        Bench.check(done == TIMERS, "every continuation ended");
        return done;
    }

    /** Yields {@code frames} physical frames down (never inlined: see the benchmark's fork options). */
    static int down(int frames) {
        if (frames <= 1) {
            Continuation.yield(FLOOR);
            return 1;
        }
        return down(frames - 1) + 1;
    }
}
