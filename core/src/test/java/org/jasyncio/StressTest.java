package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

/** Many tasks at once: no data races between suspension points, scale, and deadlock detection. */
class StressTest {
    @AsyncTest
    void noDataRaceBetweenSuspensionPoints() throws Exception {
        int tasks = 1_000;
        int rounds = 10;
        int[] counter = {0}; // deliberately plain, unsynchronized
        boolean[] inside = {false};
        int[] overlaps = {0};
        List<Task<Void>> all = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            all.add(Asyncio.createTask(() -> {
                for (int r = 0; r < rounds; r++) {
                    if (inside[0]) {
                        overlaps[0]++;
                    }
                    inside[0] = true;
                    int before = counter[0];
                    Thread.onSpinWait(); // widen the window a real race would need
                    counter[0] = before + 1;
                    inside[0] = false;
                    Asyncio.sleep(0);
                }
            }));
        }
        Asyncio.gather(all);
        assertThat(overlaps[0])
                .as("two tasks ran between the same suspension points")
                .isZero();
        assertThat(counter[0]).as("lost updates").isEqualTo(tasks * rounds);
    }

    @AsyncTest
    void sleepZeroIsRoundRobinAcrossManyTasks() throws Exception {
        int tasks = 100;
        List<Integer> order = new ArrayList<>();
        List<Task<Void>> all = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            int id = i;
            all.add(Asyncio.createTask(() -> {
                for (int r = 0; r < 3; r++) {
                    order.add(id);
                    Asyncio.sleep(0);
                }
            }));
        }
        Asyncio.gather(all);
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < tasks; i++) {
                assertThat(order.get(r * tasks + i))
                        .as("round %s, position %s", r, i)
                        .isEqualTo(i);
            }
        }
    }

    @AsyncTest
    void hundredThousandConcurrentTasksComplete() throws Exception {
        int n = 100_000;
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            tasks.add(Asyncio.createTask(() -> {
                Asyncio.sleep((id % 100) / 10.0);
                return id;
            }));
        }
        assertThat(Asyncio.allTasks()).hasSize(n + 1);
        List<Integer> results = Asyncio.gather(tasks);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += results.get(i);
        }
        assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
        assertThat(results.get(12_345)).isEqualTo(12_345);
        assertThat(Asyncio.getRunningLoop().time()).as("all slept concurrently").isEqualTo(9.9);
        assertThat(Asyncio.allTasks()).containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void manyTimersFireInDeadlineOrder() throws Exception {
        List<Double> woke = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 999; i >= 0; i--) {
            double d = i / 100.0;
            tasks.add(Asyncio.createTask(() -> {
                Asyncio.sleep(d);
                woke.add(Asyncio.getRunningLoop().time());
            }));
        }
        Asyncio.gather(tasks);
        assertThat(woke).hasSize(1000).isSorted();
    }

    private static String waitsForever(Future<String> never) throws Exception {
        return never.await();
    }

    @Test
    void asyncioRunOnAVirtualClockReportsADeadlockInsteadOfHanging() {
        Throwable e = catchThrowable(() -> Asyncio.run(
                () -> {
                    Future<String> never = Asyncio.getRunningLoop().createFuture();
                    Asyncio.createTask(() -> waitsForever(never), "stuck-worker");
                    Asyncio.sleep(5.0); // timers first: the clock jumps over them, then nothing is left
                    return never.await();
                },
                RunOptions.defaults().withVirtualClock()));
        assertThat(e)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deadlock")
                .hasMessageContaining("every task waits")
                .hasMessageContaining("stuck-worker")
                .hasMessageContaining("waitsForever")
                .hasMessageContaining("waiting for <Future pending");
    }

    @Test
    void aDeadlockInsideATaskGroupIsReportedToo() {
        Throwable e = catchThrowable(() -> Asyncio.run(
                () -> {
                    Future<Void> never = Asyncio.getRunningLoop().createFuture();
                    try (var tg = new TaskGroup()) {
                        tg.createTask(never::await, "group-child");
                    }
                },
                RunOptions.defaults().withVirtualClock()));
        assertThat(e)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deadlock")
                .hasMessageContaining("group-child");
    }

    @Test
    void asyncioRunCanBeCalledAgainAfterADeadlock() throws Exception {
        catchThrowable(() -> Asyncio.run(
                () -> Asyncio.getRunningLoop().createFuture().await(),
                RunOptions.defaults().withVirtualClock()));
        assertThat(Asyncio.run(() -> "fine", RunOptions.defaults().withVirtualClock()))
                .isEqualTo("fine");
    }
}
