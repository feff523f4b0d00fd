package org.jasyncio.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * jasyncio's own micro costs, per operation: a yield through the loop, a task's whole life, a loop
 * callback, a future's completion. Each invocation runs a batch of {@value #BATCH} operations inside
 * one {@code runUntilComplete} on a loop kept for the trial, so what is measured is the operation and
 * not the loop's start-up.
 *
 * <p>Run with {@code bench/jmh} (continuation engine) or {@code bench/jmh --virtual}; the fork's JVM
 * flags choose the engine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"})
public class LoopBenchmarks {
    static final int BATCH = 10_000;

    /** One {@code sleep(0)}: the task yields to the loop and is resumed by it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int yieldToLoop(LoopTrial trial) throws Exception {
        EventLoop loop = trial.loop;
        return loop.runUntilComplete(() -> {
            for (int i = 0; i < BATCH; i++) {
                Asyncio.sleep(0.0);
            }
            return BATCH;
        });
    }

    /** A task's whole life: create it, let it run to its result, await it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long createTaskAndAwait(LoopTrial trial) throws Exception {
        EventLoop loop = trial.loop;
        return loop.runUntilComplete(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int v = i;
                tasks.add(Asyncio.createTask(() -> v));
            }
            long sum = 0;
            for (Task<Integer> t : tasks) {
                sum += t.await();
            }
            return sum;
        });
    }

    /** One {@code callSoon} callback scheduled and run by the loop. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int callSoon(LoopTrial trial) throws Exception {
        EventLoop loop = trial.loop;
        int[] ran = {0};
        return loop.runUntilComplete(() -> {
            Future<Integer> done = loop.createFuture();
            for (int i = 0; i < BATCH; i++) {
                loop.callSoon(() -> {
                    if (++ran[0] == BATCH) {
                        done.setResult(BATCH);
                    }
                });
            }
            return done.await();
        });
    }

    /** A future completed by a callback while a task waits on it: the await/wake-up round trip. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long futureAwaitWakeUp(LoopTrial trial) throws Exception {
        EventLoop loop = trial.loop;
        return loop.runUntilComplete(() -> {
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                Future<Integer> f = loop.createFuture();
                int v = i;
                loop.callSoon(() -> f.setResult(v));
                sum += f.await();
            }
            return sum;
        });
    }
}
