package org.jasyncio.cli;

import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;
import org.jasyncio.Timeout;
import org.jasyncio.queue.Queue;
import org.jasyncio.sync.Event;
import org.jasyncio.sync.Lock;

/**
 * The training run of jasyncio's AOT cache (JEP 483/514/515): a short program that goes through what a
 * typical small program uses (the loop, tasks, sleep, gather, a task group, a timeout, a queue, a lock,
 * an event, printing), so that the JVM records those classes loaded and linked, and their early
 * profiles, into {@code .jasyncio/lib/jasyncio.aot}. The {@code ./jasyncio} launcher runs it once per
 * jasyncio build with {@code -XX:AOTCacheOutput}; every program run afterwards starts with
 * {@code -XX:AOTCache} and finds those classes ready.
 *
 * <p>It runs on the class path {@code jasyncio-core.jar:aot-training.jar} (an AOT cache needs jars, and
 * a program's class path must start with the training one, so programs run on that same pair plus
 * their own classes). It sleeps 1 ms of real time in all: the loop's real clock and selector wait are
 * part of what every program uses.
 */
public final class AotTraining {
    private AotTraining() {}

    /** Runs the training program; prints one line, as a hello-world does. */
    public static void main(String[] args) throws Exception {
        int total = Asyncio.run(() -> {
            Queue<Integer> queue = new Queue<>(10);
            Lock lock = new Lock();
            Event done = new Event();
            Task<Integer> consumer = Asyncio.createTask(() -> {
                int sum = 0;
                for (int i = 0; i < 100; i++) {
                    sum += queue.get();
                    queue.taskDone();
                }
                done.set();
                return sum;
            });
            for (int i = 0; i < 100; i++) {
                queue.put(i);
            }
            done.await();
            List<Integer> gathered = Asyncio.gather(() -> 1, () -> {
                Asyncio.sleep(0.001);
                return 2;
            });
            try (TaskGroup group = new TaskGroup()) {
                for (int i = 0; i < 10; i++) {
                    group.createTask(() -> {
                        lock.acquire();
                        try {
                            Asyncio.sleep(0);
                        } finally {
                            lock.release();
                        }
                    });
                }
            }
            try (Timeout timeout = Asyncio.timeout(10.0)) {
                Asyncio.sleep(0);
            }
            return consumer.await() + gathered.get(0) + gathered.get(1);
        });
        System.out.println("jasyncio AOT training: " + total);
    }
}
