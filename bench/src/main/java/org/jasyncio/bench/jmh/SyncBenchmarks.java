package org.jasyncio.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.queue.Queue;
import org.jasyncio.sync.Lock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The micro costs of issue 3's primitives, per operation, each the twin of a function in
 * {@code bench/python/sync_micro.py} (which measures CPython asyncio doing the same):
 * an uncontended lock acquire+release, a queue put+get that never waits, a lock handed back and forth
 * between two tasks, a queue
 * ping-pong between two tasks (one round trip = two puts and two gets), and producer/consumer
 * throughput through a bounded queue of 100.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"})
public class SyncBenchmarks {
    static final int BATCH = 10_000;

    /** acquire() + release() of a free lock: no suspension. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int lockUncontended(LoopTrial trial) throws Exception {
        EventLoop loop = trial.loop;
        return loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            for (int i = 0; i < BATCH; i++) {
                lock.acquire();
                lock.release();
            }
            return BATCH;
        });
    }

    /** Two tasks take turns on one lock, each yielding while holding it: every acquire waits. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int lockContended(LoopTrial trial) throws Exception {
        EventLoop loop = trial.loop;
        return loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            var a = Asyncio.createTask(() -> {
                for (int i = 0; i < BATCH / 2; i++) {
                    lock.acquire();
                    Asyncio.sleep(0.0);
                    lock.release();
                }
            });
            var b = Asyncio.createTask(() -> {
                for (int i = 0; i < BATCH / 2; i++) {
                    lock.acquire();
                    Asyncio.sleep(0.0);
                    lock.release();
                }
            });
            Asyncio.gather(a, b);
            return BATCH;
        });
    }

    /**
     * A put and a get that never wait (the queue of 100 always has room and an item): issue 14's
     * target is that each costs a few nanoseconds, as an uncontended lock acquire does. Per put+get.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long queuePutGetUncontended(LoopTrial trial) throws Exception {
        EventLoop loop = trial.loop;
        return loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(100);
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                q.put(i);
                sum += q.get();
            }
            return sum;
        });
    }

    /** One round trip: ping.put, pong.get on the other side, pong.put, ping.get. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int queuePingPong(LoopTrial trial) throws Exception {
        EventLoop loop = trial.loop;
        return loop.runUntilComplete(() -> {
            Queue<Integer> ping = new Queue<>(1);
            Queue<Integer> pong = new Queue<>(1);
            var echo = Asyncio.createTask(() -> {
                for (int i = 0; i < BATCH; i++) {
                    pong.put(ping.get());
                }
            });
            for (int i = 0; i < BATCH; i++) {
                ping.put(i);
                pong.get();
            }
            echo.await();
            return BATCH;
        });
    }

    /** One item through a bounded queue of 100 from a producer task to a consumer task. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long queueProducerConsumer(LoopTrial trial) throws Exception {
        EventLoop loop = trial.loop;
        return loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(100);
            var producer = Asyncio.createTask(() -> {
                for (int i = 0; i < BATCH; i++) {
                    q.put(i);
                }
            });
            long sum = 0;
            for (int i = 0; i < BATCH; i++) {
                sum += q.get();
            }
            producer.await();
            return sum;
        });
    }
}
