package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Timeout;

/**
 * A sleep's wake-up, which on the continuation engine the loop arms only after the body's strand has
 * parked (issue 14, round 6), meeting every way a throw can reach a sleeping task: a cancel from
 * another task, from a callback the body scheduled just before it slept, from another thread, the
 * body's own cancel, uncancel, a timeout, waitFor, a task group's abort, and a sleep in a finally block
 * while cancelled. Each sleeper must wake exactly once, at the time it asked for, and never stay asleep.
 * And a wake-up that cannot be armed (the timer heap or the ready queue fails to grow, as on an
 * {@link OutOfMemoryError}): the sleep call throws the failure, as when the body armed it itself.
 */
@Timeout(120)
class SleepArmingTest {
    private static double now() {
        return Asyncio.getRunningLoop().time();
    }

    @AsyncTest
    void aCancelFromACallbackScheduledJustBeforeASleepWakesItOnceAndTheNextSleepIsWhole() throws Exception {
        List<String> log = new ArrayList<>();
        EventLoop loop = Asyncio.getRunningLoop();
        for (double first : new double[] {0, 0.25}) {
            Task<Void> t = Asyncio.createTask(() -> {
                Task<?> me = Asyncio.currentTask();
                loop.callSoon(() -> me.cancel("from the callback"));
                double t0 = now();
                try {
                    Asyncio.sleep(first);
                    log.add("slept");
                } catch (CancelledError e) {
                    log.add("cancelled after " + (now() - t0) + ": " + e.getMessage());
                    assertThat(me.uncancel()).isZero();
                }
                double t1 = now();
                Asyncio.sleep(1.0);
                log.add("then slept " + (now() - t1));
                Asyncio.sleep(0);
                log.add("and yielded once");
            });
            t.await();
        }
        assertThat(log)
                .containsExactly(
                        "cancelled after 0.0: from the callback",
                        "then slept 1.0",
                        "and yielded once",
                        "cancelled after 0.0: from the callback",
                        "then slept 1.0",
                        "and yielded once");
    }

    @AsyncTest
    void aSelfCancelBeforeASleepIsThrownAtItAndUncancelLetsTheNextSleepRun() throws Exception {
        List<String> log = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(() -> {
            Task<?> me = Asyncio.currentTask();
            me.cancel("self");
            try {
                Asyncio.sleep(5.0);
                log.add("slept");
            } catch (CancelledError e) {
                log.add("cancelled at " + now());
            }
            me.cancel("self again");
            assertThat(me.uncancel()).isEqualTo(1);
            assertThat(me.uncancel()).isZero();
            Asyncio.sleep(2.0);
            log.add("slept until " + now());
        });
        t.await();
        assertThat(log).containsExactly("cancelled at 0.0", "slept until 2.0");
    }

    @AsyncTest
    void aSleepInAFinallyWhileCancelledSleepsWholeAndTheTaskEndsCancelledOnce() throws Exception {
        List<String> log = new ArrayList<>();
        for (double asked : new double[] {0, 3.0}) {
            double t0 = now();
            Task<Void> t = Asyncio.createTask(() -> {
                try {
                    for (int i = 0; i < 1_000_000; i++) {
                        Asyncio.sleep(asked == 0 ? 0 : 100.0); // with asked == 0: cancelled while it yields
                    }
                } finally {
                    double f0 = now();
                    Asyncio.sleep(asked);
                    Asyncio.sleep(asked);
                    log.add("finally slept " + (now() - f0) + " cancelling="
                            + Asyncio.currentTask().cancelling());
                }
            });
            if (asked == 0) {
                for (int i = 0; i < 3; i++) {
                    Asyncio.sleep(0);
                }
            } else {
                Asyncio.sleep(1.0);
            }
            assertThat(t.cancel("stop")).isTrue();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(now() - t0).isEqualTo(asked == 0 ? 0.0 : 1.0 + 2 * asked);
            assertThat(t.cancelled()).isTrue();
        }
        assertThat(log).containsExactly("finally slept 0.0 cancelling=1", "finally slept 6.0 cancelling=1");
    }

    @AsyncTest
    void timeoutsExpiringDuringSleepsThrowAtThemOnceAndLaterSleepsAreWhole() throws Exception {
        List<String> log = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(() -> {
            try (var outer = Asyncio.timeout(10.0)) {
                try (var inner = Asyncio.timeout(1.0)) {
                    Asyncio.sleep(5.0);
                } catch (TimeoutError e) {
                    log.add("inner expired at " + now());
                }
                try {
                    Asyncio.waitFor(() -> Asyncio.sleep(5.0), 2.0);
                } catch (TimeoutError e) {
                    log.add("waitFor expired at " + now());
                }
                try {
                    Asyncio.sleep(100.0);
                } finally {
                    Asyncio.sleep(0.5);
                    log.add("finally of the outer expiry slept until " + now());
                }
            } catch (TimeoutError e) {
                log.add("outer expired, caught at " + now());
            }
            Asyncio.sleep(1.0);
            log.add("slept until " + now() + " cancelling="
                    + Asyncio.currentTask().cancelling());
        });
        t.await();
        assertThat(log)
                .containsExactly(
                        "inner expired at 1.0",
                        "waitFor expired at 3.0",
                        "finally of the outer expiry slept until 10.5",
                        "outer expired, caught at 10.5",
                        "slept until 11.5 cancelling=0");
    }

    @AsyncTest
    void aTaskGroupsAbortWakesEverySleeperOnceAndTheirFinallySleepsRun() throws Exception {
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (var tg = new TaskGroup()) {
                        for (int i = 0; i < 3; i++) {
                            int n = i;
                            tg.createTask(() -> {
                                try {
                                    for (int k = 0; k < 1_000_000; k++) {
                                        Asyncio.sleep(n == 0 ? 0 : 50.0 * n); // sleeper 0 aborted as it yields
                                    }
                                } finally {
                                    Asyncio.sleep(n);
                                    log.add("sleeper " + n + " ended at " + now());
                                }
                            });
                        }
                        tg.createTask(() -> {
                            for (int k = 0; k < 3; k++) {
                                Asyncio.sleep(0);
                            }
                            throw new IllegalStateException("boom");
                        });
                    }
                })
                .isInstanceOf(TaskGroupError.class);
        assertThat(log)
                .containsExactlyInAnyOrder(
                        "sleeper 0 ended at 0.0", "sleeper 1 ended at 1.0", "sleeper 2 ended at 2.0");
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void aCancelFromAnotherThreadWakesAYieldingOrSleepingTaskOnce() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        for (boolean yielding : new boolean[] {true, false}) {
            CountDownLatch inLoop = new CountDownLatch(1);
            int[] rounds = {0};
            Task<String> t = Asyncio.createTask(() -> {
                inLoop.countDown();
                try {
                    for (int i = 0; i < 50_000_000; i++) {
                        rounds[0]++;
                        Asyncio.sleep(yielding ? 0 : 0.001);
                    }
                    return "never cancelled";
                } catch (CancelledError e) {
                    double t0 = now();
                    Asyncio.sleep(0.25);
                    // t0 is a sum of 1 ms steps: the difference of two such doubles is rounded to the µs
                    return "cancelled, then slept " + Math.round((now() - t0) * 1e6) / 1e6;
                }
            });
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    if (inLoop.await(60, TimeUnit.SECONDS)) {
                        loop.callSoonThreadsafe(() -> t.cancel("from a thread"));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(t.await()).isEqualTo("cancelled, then slept 0.25");
            canceller.join();
            assertThat(rounds[0]).isPositive();
        }
    }

    @AsyncTest
    void aTaskSleepsOnTheLoopsDebugModeToo() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        boolean was = loop.getDebug();
        loop.setDebug(true);
        try {
            List<String> log = new ArrayList<>();
            Task<Void> t = Asyncio.createTask(() -> {
                Asyncio.sleep(0);
                Asyncio.sleep(1.5);
                log.add("woke at " + now());
                try {
                    Asyncio.sleep(10.0);
                } catch (CancelledError e) {
                    log.add("cancelled at " + now());
                    throw e;
                }
            });
            Asyncio.sleep(2.0);
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            assertThat(log).containsExactly("woke at 1.5", "cancelled at 2.0");
        } finally {
            loop.setDebug(was);
        }
    }

    @AsyncTest
    void aSleepWhoseTimerHeapCannotGrowThrowsTheFailureAndTheTaskSleepsAgain() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        TimerHeap heap = loop.timersForTest();
        List<TimerHandle> fillers = fillTimerHeap(loop);
        OutOfMemoryError failure = new OutOfMemoryError("test: the timer heap cannot grow");
        List<String> log = new ArrayList<>();
        Task<String> t = Asyncio.createTask(() -> {
            heap.failNextGrowth(failure);
            try {
                Asyncio.sleep(1.0);
                return "slept through a failed heap";
            } catch (OutOfMemoryError e) {
                assertThat(e).isSameAs(failure);
                log.add("the sleep threw at " + now() + " with " + (heap.size() - fillers.size())
                        + " entries of its own");
            }
            Asyncio.sleep(1.0); // the heap grows now
            return "then slept until " + now();
        });
        assertThat(t.await()).isEqualTo("then slept until 1.0");
        assertThat(log).containsExactly("the sleep threw at 0.0 with 0 entries of its own");
        assertThat(loop.timerCount()).isEqualTo(fillers.size());
        fillers.forEach(TimerHandle::cancel);
    }

    @AsyncTest
    void aTaskThatDoesNotCatchTheFailureOfItsSleepEndsWithItAndTheLoopGoesOn() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        TimerHeap heap = loop.timersForTest();
        List<TimerHandle> fillers = fillTimerHeap(loop);
        OutOfMemoryError failure = new OutOfMemoryError("test: the timer heap cannot grow");
        Task<String> t = Asyncio.createTask(() -> {
            heap.failNextGrowth(failure);
            Asyncio.sleep(5.0);
            return "slept through a failed heap";
        });
        assertThatThrownBy(t::await).isSameAs(failure);
        assertThat(t.exception()).isSameAs(failure);
        assertThat(loop.timerCount()).isEqualTo(fillers.size());
        fillers.forEach(TimerHandle::cancel);
        Task<String> next = Asyncio.createTask(() -> {
            Asyncio.sleep(0);
            Asyncio.sleep(2.0);
            return "the next task slept until " + now();
        });
        assertThat(next.await()).isEqualTo("the next task slept until 2.0");
    }

    private static List<TimerHandle> fillTimerHeap(EventLoop loop) {
        TimerHeap heap = loop.timersForTest();
        List<TimerHandle> fillers = new ArrayList<>();
        while (heap.size() < heap.capacity()) {
            fillers.add(loop.callLater(3600.0, () -> {}));
        }
        assertThat(loop.timerCount()).isEqualTo(fillers.size()); // the loop had no timers of its own
        return fillers;
    }
}
