package org.jasyncio.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Outcome;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;
import org.jasyncio.TaskGroupError;
import org.jasyncio.testing.AsyncTest;

class WorkerPoolTest {
    /** The asyncio tutorials' worker model: 10 jobs, 3 workers, each job takes 1 s. */
    @AsyncTest
    void tenJobsThreeWorkersFinishCleanly() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        WorkerPool<Integer> pool = WorkerPool.start(3, job -> {
            log.add(Asyncio.currentTask().getName() + " runs job " + job);
            Asyncio.sleep(1.0);
        });
        try (pool) {
            for (int job = 1; job <= 10; job++) {
                pool.submit(job);
            }
        }
        assertThat(log).hasSize(10);
        assertThat(log).filteredOn(l -> l.startsWith("WorkerPool-worker-1 ")).hasSize(4);
        assertThat(log.get(0)).isEqualTo("WorkerPool-worker-1 runs job 1");
        assertThat(loop.time()).as("10 jobs of 1 s on 3 workers: 4 rounds").isEqualTo(4.0);
        assertThat(pool.state()).isEqualTo(WorkerPool.State.CLOSED);
        assertThat(pool.statistics()).isEqualTo(new WorkerPool.Statistics(WorkerPool.State.CLOSED, 0, 0, 0, 10, 0));
        assertThat(Asyncio.allTasks()).as("no worker outlives close()").containsExactly(Asyncio.currentTask());
        assertThatThrownBy(() -> pool.submit(11))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("submit() is refused");
    }

    @AsyncTest
    void failedJobsAreReportedWithTheirItemsAndDoNotStopTheWorkers() {
        List<Integer> done = new ArrayList<>();
        WorkerPool<Integer> pool = WorkerPool.start(2, job -> {
            Asyncio.sleep(0.5);
            if (job % 3 == 0) {
                throw new IOException("job " + job + " failed");
            }
            done.add(job);
        });
        assertThatThrownBy(() -> {
                    try (pool) {
                        for (int job = 1; job <= 7; job++) {
                            pool.submit(job);
                        }
                    }
                })
                .isInstanceOf(WorkerPoolError.class)
                .hasMessageContaining("2 job(s) of <WorkerPool")
                .hasMessageContaining("on item 3")
                .hasCauseInstanceOf(IOException.class)
                .satisfies(e -> {
                    List<WorkerPool.Failure<?>> failures = ((WorkerPoolError) e).failures();
                    assertThat(failures.stream().map(f -> (Object) f.item()).toList())
                            .containsExactly(3, 6);
                    assertThat(failures.get(1).exception()).hasMessage("job 6 failed");
                });
        assertThat(done).containsExactlyInAnyOrder(1, 2, 4, 5, 7);
        assertThat(pool.queue().unfinishedTasks())
                .as("failed jobs count as done for join()")
                .isZero();
    }

    @AsyncTest
    void joinWaitsForTheJobsSubmittedSoFar() {
        List<Integer> done = new ArrayList<>();
        try (WorkerPool<Integer> pool = WorkerPool.start(2, job -> {
            Asyncio.sleep(job);
            done.add(job);
        })) {
            pool.submit(1);
            pool.submit(3);
            pool.join();
            assertThat(done).containsExactly(1, 3);
            assertThat(Asyncio.getRunningLoop().time()).isEqualTo(3.0);
            assertThat(pool.state()).isEqualTo(WorkerPool.State.RUNNING);
        }
    }

    @AsyncTest
    void aBoundedQueueGivesBackPressure() {
        EventLoop loop = Asyncio.getRunningLoop();
        Queue<Integer> queue = new Queue<>(1);
        List<Double> submittedAt = new ArrayList<>();
        try (WorkerPool<Integer> pool = WorkerPool.start("slow", 1, queue, job -> Asyncio.sleep(1.0))) {
            for (int job = 0; job < 4; job++) {
                pool.submit(job);
                submittedAt.add(loop.time());
            }
        }
        assertThat(submittedAt)
                .as("submit waits while the one-slot queue is full")
                .containsExactly(0.0, 0.0, 1.0, 2.0);
        assertThat(loop.time()).isEqualTo(4.0);
    }

    @AsyncTest
    void cancelDropsQueuedJobsAndCancelsRunningOnes() {
        List<String> log = new ArrayList<>();
        WorkerPool<Integer> pool = WorkerPool.start(2, job -> {
            try {
                Asyncio.sleep(10.0);
                log.add("done " + job);
            } catch (CancelledError e) {
                log.add("cancelled " + job);
                throw e;
            }
        });
        try (pool) {
            for (int job = 0; job < 5; job++) {
                pool.submit(job);
            }
            Asyncio.sleep(1.0);
            pool.cancel();
            assertThat(pool.state()).isEqualTo(WorkerPool.State.CANCELLING);
        }
        assertThat(log).containsExactlyInAnyOrder("cancelled 0", "cancelled 1");
        assertThat(pool.queue().qsize()).isZero();
        assertThat(Asyncio.getRunningLoop().time()).isEqualTo(1.0);
        assertThat(Asyncio.allTasks()).containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void cancellingTheOwnerWhileItClosesCancelsTheWorkersFirst() throws Exception {
        List<String> log = new ArrayList<>();
        Task<Void> owner = Asyncio.createTask(() -> {
            try (WorkerPool<Integer> pool = WorkerPool.start(2, job -> {
                try {
                    Asyncio.sleep(100.0);
                } finally {
                    log.add("worker cleaned up job " + job);
                }
            })) {
                pool.submit(1);
                pool.submit(2);
            }
        });
        Asyncio.sleep(1.0);
        owner.cancel();
        assertThatThrownBy(owner::await).isInstanceOf(CancelledError.class);
        assertThat(log).containsExactlyInAnyOrder("worker cleaned up job 1", "worker cleaned up job 2");
        assertThat(Asyncio.allTasks()).as("no worker leaked").containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void aJobsOwnTimeoutIsAFailureNotTheEndOfTheWorker() {
        WorkerPool<Integer> pool = WorkerPool.start(1, job -> {
            try (var t = Asyncio.timeout(1.0)) {
                Asyncio.sleep(job);
            }
        });
        assertThatThrownBy(() -> {
                    try (pool) {
                        pool.submit(5);
                        pool.submit(0);
                    }
                })
                .isInstanceOf(WorkerPoolError.class)
                .hasMessageContaining("on item 5");
        assertThat(pool.statistics().succeeded())
                .as("the worker went on after the timeout")
                .isEqualTo(1);
    }

    @AsyncTest
    void mapSettledKeepsInputOrderBoundsConcurrencyAndReportsEachFailure() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Integer> urls = IntStream.range(0, 1000).boxed().toList();
        int[] inFlight = {0, 0};
        List<Outcome<String>> pages = WorkerPool.mapSettled(urls, 50, url -> {
            inFlight[0]++;
            inFlight[1] = Math.max(inFlight[1], inFlight[0]);
            try {
                Asyncio.sleep(1.0 + (url % 7) * 0.125); // finish out of order
                if (url % 100 == 99) {
                    throw new IOException("GET /" + url + " failed");
                }
                return "page " + url;
            } finally {
                inFlight[0]--;
            }
        });
        assertThat(inFlight[1]).as("most fetches in flight at once").isEqualTo(50);
        assertThat(pages).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            Outcome<String> o = pages.get(i);
            if (i % 100 == 99) {
                assertThat(o.exceptionOrNull()).as("outcome %d", i).hasMessage("GET /" + i + " failed");
            } else {
                assertThat(o).as("outcome %d", i).isEqualTo(Outcome.success("page " + i));
            }
        }
        assertThat(loop.time())
                .as("1000 items at 50 at a time take at least 20 rounds")
                .isGreaterThanOrEqualTo(20.0);
        assertThat(Asyncio.allTasks()).containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void mapReturnsResultsInOrderOrTheFirstFailureAfterCancellingTheRest() throws Exception {
        assertThat(WorkerPool.map(List.of(3, 1, 2), 2, n -> {
                    Asyncio.sleep(n);
                    return n * 10;
                }))
                .containsExactly(30, 10, 20);

        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> WorkerPool.map(List.of(1, 2, 3, 4, 5), 2, n -> {
                    try {
                        Asyncio.sleep(n);
                    } catch (CancelledError e) {
                        log.add("cancelled " + n);
                        throw e;
                    }
                    if (n == 1) {
                        throw new IllegalArgumentException("bad item 1");
                    }
                    log.add("done " + n);
                    return n;
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad item 1");
        assertThat(log)
                .as("the item running beside the failure is cancelled; no new item starts")
                .containsExactly("cancelled 2");
        assertThatThrownBy(() -> WorkerPool.map(List.of(1), 0, n -> n))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency must be >= 1");
        assertThat(WorkerPool.map(List.<Integer>of(), 5, n -> n)).isEmpty();
        assertThat(WorkerPool.map(java.util.Arrays.asList("a", null), 5, s -> s == null ? "none" : s))
                .as("null items are passed through")
                .containsExactly("a", "none");
    }

    @AsyncTest
    void cancellingTheCallerOfMapSettledCancelsTheRunningItemsAndLeaksNothing() throws Exception {
        List<String> log = new ArrayList<>();
        Task<List<Outcome<Integer>>> caller =
                Asyncio.createTask(() -> WorkerPool.mapSettled(List.of(1, 2, 3, 4), 2, n -> {
                    try {
                        Asyncio.sleep(10.0);
                        return n;
                    } catch (CancelledError e) {
                        log.add("cancelled " + n);
                        throw e;
                    }
                }));
        Asyncio.sleep(1.0);
        caller.cancel();
        assertThatThrownBy(caller::await).isInstanceOf(CancelledError.class);
        assertThat(log).containsExactlyInAnyOrder("cancelled 1", "cancelled 2");
        assertThat(Asyncio.allTasks()).containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void anItemsOwnCancellationIsReportedAsItsFailure() {
        List<Outcome<String>> out = WorkerPool.mapSettled(List.of("ok", "cancelled"), 2, s -> {
            if (s.equals("cancelled")) {
                org.jasyncio.Future<String> f = Asyncio.getRunningLoop().createFuture();
                f.cancel("gone");
                return f.await();
            }
            return s;
        });
        assertThat(out.get(0)).isEqualTo(Outcome.success("ok"));
        assertThat(out.get(1).exceptionOrNull())
                .isInstanceOf(CancelledError.class)
                .hasMessage("gone");
    }

    @AsyncTest
    void aGroupFailureWhileClosingCancelsAndAwaitsTheWorkers() {
        List<String> log = new ArrayList<>();
        IOException boom = new IOException("sibling failed");
        Throwable out = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                try (WorkerPool<Integer> pool = WorkerPool.start(2, n -> {
                    try {
                        Asyncio.sleep(10.0);
                    } catch (CancelledError c) {
                        log.add("job " + n + " cancelled at "
                                + Asyncio.getRunningLoop().time());
                        throw c;
                    }
                })) {
                    pool.submit(1);
                    pool.submit(2);
                } // close() waits here when the sibling fails
            }
        });
        assertThat(out).isInstanceOf(TaskGroupError.class);
        assertThat(log)
                .as("the workers were cancelled and awaited, not left running")
                .containsExactlyInAnyOrder("job 1 cancelled at 1.0", "job 2 cancelled at 1.0");
        assertThat(Asyncio.allTasks()).as("no worker outlives the pool").containsExactly(Asyncio.currentTask());
    }
}
