package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jasyncio.Fixtures.now;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.CancelEverywhere;
import org.junit.jupiter.api.Test;

/**
 * Cancellation (docs/design.md rule 4): messages, swallowing, cancel before start, {@code uncancel}, and a
 * cancel delivered at every suspension point of the composite operations, leaving no task behind.
 */
class CancellationTest {
    @AsyncTest
    void theMessageIsCarriedToTheBodyAndToTheAwaiter() {
        List<String> seenInside = new ArrayList<>();
        Task<String> t = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "x";
            } catch (CancelledError e) {
                seenInside.add(e.getMessage());
                throw e;
            }
        });
        Asyncio.getRunningLoop().callLater(1.0, () -> t.cancel("bye"));
        Throwable e = catchThrowable(t::await);
        assertThat(e).isInstanceOf(CancelledError.class).hasMessage("bye");
        assertThat(seenInside).containsExactly("bye");
        assertThat(t.cancelled()).isTrue();
        assertThatThrownBy(t::result).isInstanceOf(CancelledError.class).hasMessage("bye");
        assertThatThrownBy(t::exception).isInstanceOf(CancelledError.class).hasMessage("bye");
    }

    @AsyncTest
    void cancelledErrorIsNotCaughtByCatchException() {
        boolean[] caughtAsException = {false};
        Task<Void> t = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
            } catch (Exception e) {
                caughtAsException[0] = true;
            }
        });
        Asyncio.getRunningLoop().callLater(1.0, () -> t.cancel());
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        assertThat(caughtAsException[0]).isFalse();
        assertThat(new CancelledError()).isInstanceOf(Error.class);
        assertThat(new TimeoutError("t")).isInstanceOf(CancelledError.class);
    }

    @AsyncTest
    void aTaskThatCatchesCancelledErrorAndReturnsCompletesNormally() throws Exception {
        Task<String> t = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "slept";
            } catch (CancelledError e) {
                Asyncio.sleep(1.0); // may even suspend again
                return "swallowed";
            }
        });
        Asyncio.sleep(1.0);
        assertThat(t.cancel()).isTrue();
        assertThat(t.await()).isEqualTo("swallowed");
        assertThat(t.cancelled()).isFalse();
        assertThat(t.cancelling())
                .as("the request stays counted, as in asyncio")
                .isEqualTo(1);
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void cancelBeforeStartNeverRunsTheBody() {
        boolean[] ran = {false};
        Task<String> t = Asyncio.createTask(() -> {
            ran[0] = true;
            return "x";
        });
        assertThat(t.cancel("early")).isTrue();
        assertThat(t.done())
                .as("cancel() only requests; the task ends at its next step")
                .isFalse();
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("early");
        assertThat(ran[0]).isFalse();
        assertThat(t.cancelled()).isTrue();
    }

    @AsyncTest
    void cancelOfADoneTaskReturnsFalse() throws Exception {
        Task<String> t = Asyncio.createTask(() -> "x");
        assertThat(t.await()).isEqualTo("x");
        assertThat(t.cancel()).isFalse();
        assertThat(t.cancelled()).isFalse();
        assertThat(t.cancelling()).isZero();
    }

    @AsyncTest
    void cancelRightAfterTheBodyReturnedIsTooLate() throws Exception {
        // The body returns in this step; a cancel() arriving in the same iteration finds the task done.
        Task<String> t = Asyncio.createTask(() -> "value");
        Asyncio.sleep(0);
        assertThat(t.done()).isTrue();
        assertThat(t.cancel()).isFalse();
        assertThat(t.result()).isEqualTo("value");
    }

    @AsyncTest
    void cancellingCountsRequestsAndUncancelTakesThemBack() throws Exception {
        Task<String> t = Asyncio.createTask(() -> {
            Asyncio.sleep(10.0);
            return "x";
        });
        Asyncio.sleep(1.0);
        assertThat(t.cancelling()).isZero();
        t.cancel();
        t.cancel();
        assertThat(t.cancelling()).isEqualTo(2);
        assertThat(t.toString()).contains("cancelling=2");
        assertThat(t.uncancel()).isEqualTo(1);
        assertThat(t.cancelling()).isEqualTo(1);
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        assertThat(t.uncancel()).isZero();
        assertThat(t.uncancel()).as("never below zero").isZero();
    }

    @AsyncTest
    void uncancelToZeroBeforeDeliveryDropsTheCancellation() throws Exception {
        Task<String> t = Asyncio.createTask(() -> {
            Asyncio.sleep(0);
            Asyncio.sleep(1.0);
            return "not cancelled";
        });
        Asyncio.sleep(0); // t is now waiting in sleep(0)'s step
        t.cancel();
        assertThat(t.uncancel()).isZero();
        assertThat(t.await()).isEqualTo("not cancelled");
    }

    @AsyncTest
    void aTaskCanCancelItselfAndGetsCancelledErrorAtItsNextSuspension() {
        List<String> log = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(() -> {
            Asyncio.currentTask().cancel("self");
            log.add("still running after cancel()");
            Asyncio.sleep(0);
            log.add("not reached");
        });
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("self");
        assertThat(log).containsExactly("still running after cancel()");
    }

    @AsyncTest
    void aTaskCancelledRightBeforeItReturnsEndsCancelled() {
        // asyncio: "Task is cancelled right before coro stops" -> the task ends cancelled.
        Task<String> t = Asyncio.createTask(() -> {
            Asyncio.currentTask().cancel("too late?");
            return "returned";
        });
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("too late?");
        assertThat(t.cancelled()).isTrue();
    }

    @AsyncTest
    void uncancelBeforeTheFirstStepLetsTheBodyRun() throws Exception {
        Task<String> t = Asyncio.createTask(() -> "ran");
        t.cancel();
        assertThat(t.uncancel()).isZero();
        assertThat(t.await()).isEqualTo("ran");
    }

    @AsyncTest
    void cancellingATaskThatAwaitsAFutureCancelsTheFuture() {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        Task<String> t = Asyncio.createTask(f::await);
        Asyncio.getRunningLoop().callLater(1.0, () -> t.cancel("m"));
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        assertThat(f.cancelled())
                .as("asyncio cancels the future a cancelled task waits on")
                .isTrue();
    }

    @AsyncTest
    void cancellingTheAwaitedTaskCancelsOnlyIt() throws Exception {
        Task<String> inner = Asyncio.createTask(() -> {
            Asyncio.sleep(10.0);
            return "x";
        });
        Task<String> outer = Asyncio.createTask(() -> {
            try {
                return inner.await();
            } catch (CancelledError e) {
                return "inner was cancelled";
            }
        });
        Asyncio.getRunningLoop().callLater(1.0, () -> inner.cancel());
        assertThat(outer.await()).isEqualTo("inner was cancelled");
        assertThat(outer.cancelling()).isZero();
    }

    // ---- a cancel at every suspension point leaves no task behind ----

    private static Coroutine<String> sleeper(double seconds, String value) {
        return () -> {
            try {
                Asyncio.sleep(seconds);
                return value;
            } finally {
                Asyncio.sleep(0); // a cleanup that suspends
            }
        };
    }

    @AsyncTest
    void gather() throws Exception {
        CancelEverywhere.checkNeverLost(
                "gather", () -> Asyncio.gather(sleeper(1.0, "a"), sleeper(2.0, "b"), sleeper(3.0, "c")));
    }

    @AsyncTest
    void gatherSettled() throws Exception {
        CancelEverywhere.checkNeverLost(
                "gatherSettled",
                () -> Asyncio.gatherSettled(sleeper(1.0, "a"), sleeper(2.0, "b"), () -> {
                    Asyncio.sleep(1.5);
                    throw new IllegalStateException("x");
                }));
    }

    @AsyncTest
    void waitWithChildrenCancelledInFinally() throws Exception {
        List<Task<?>> children = new ArrayList<>();
        CancelEverywhere.check(
                "wait",
                () -> {
                    List<Task<String>> ts =
                            List.of(Asyncio.createTask(sleeper(1.0, "a")), Asyncio.createTask(sleeper(3.0, "b")));
                    children.addAll(
                            ts); // wait() cancels nothing: a cancel during the finally's wait leaves them finishing
                    try {
                        return Asyncio.wait(ts, Duration.ofSeconds(2), ReturnWhen.FIRST_COMPLETED)
                                .done()
                                .size();
                    } finally {
                        for (Task<String> t : ts) {
                            t.cancel();
                        }
                        Asyncio.wait(ts); // cleanup that suspends, even while cancelled
                    }
                },
                children);
    }

    @AsyncTest
    void waitFor() throws Exception {
        CancelEverywhere.checkNeverLost("waitFor", () -> Asyncio.waitFor(sleeper(3.0, "x"), Duration.ofSeconds(2)));
        CancelEverywhere.checkNeverLost(
                "waitFor (in time)", () -> Asyncio.waitFor(sleeper(1.0, "x"), Duration.ofSeconds(2)));
        CancelEverywhere.checkNeverLost("waitFor (zero)", () -> Asyncio.waitFor(sleeper(1.0, "x"), Duration.ZERO));
    }

    @AsyncTest
    void shield() throws Exception {
        List<Task<?>> inner = new ArrayList<>();
        CancelEverywhere.check(
                "shield",
                () -> {
                    Task<String> t = Asyncio.createTask(sleeper(2.0, "x"));
                    inner.add(t);
                    return Asyncio.shield(t);
                },
                inner);
    }

    @AsyncTest
    void taskGroup() throws Exception {
        CancelEverywhere.checkNeverLost("TaskGroup", () -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(sleeper(1.0, "a"));
                tg.createTask(sleeper(3.0, "b"));
                Asyncio.sleep(2.0);
            }
            return null;
        });
        CancelEverywhere.checkNeverLost("TaskGroup with a failure", () -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(sleeper(3.0, "a"));
                tg.createTask(() -> {
                    Asyncio.sleep(2.0);
                    throw new IllegalStateException("x");
                });
            } catch (TaskGroupError expected) {
                return "failed";
            }
            return null;
        });
    }

    @AsyncTest
    void timeout() throws Exception {
        CancelEverywhere.checkNeverLost("timeout", () -> {
            try (var t = Asyncio.timeout(2.0)) {
                return sleeper(3.0, "x").call();
            } catch (TimeoutError e) {
                return "timed out";
            }
        });
        CancelEverywhere.checkNeverLost("nested timeouts", () -> {
            try (var outer = Asyncio.timeout(3.0)) {
                try (var inner = Asyncio.timeout(1.0)) {
                    sleeper(2.0, "x").call();
                } catch (TimeoutError e) {
                    Asyncio.sleep(0.5);
                }
                return sleeper(5.0, "y").call();
            } catch (TimeoutError e) {
                return "timed out";
            }
        });
    }

    /** A coroutine that sleeps {@code seconds}; cancelled, it cleans up for 0.5 s and returns {@code absorbed}. */
    private static Coroutine<String> absorbing(double seconds, String absorbed) {
        return () -> {
            try {
                Asyncio.sleep(seconds);
                return "slept";
            } catch (CancelledError e) {
                Asyncio.sleep(0.5);
                return absorbed;
            }
        };
    }

    @AsyncTest
    void awaitingATaskThatAbsorbsItsCancellation() throws Exception {
        List<Task<?>> inner = new ArrayList<>();
        CancelEverywhere.check(
                "await of an absorbing task",
                () -> {
                    Task<String> t = Asyncio.createTask(absorbing(2.0, "absorbed"));
                    inner.add(t);
                    String v = t.await();
                    Asyncio.sleep(1.0);
                    return v;
                },
                inner);
    }

    @AsyncTest
    void waitForWorkThatAbsorbsTheTimeout() throws Exception {
        List<Task<?>> inner = new ArrayList<>();
        CancelEverywhere.check(
                "waitFor of an absorbing task",
                () -> {
                    Task<String> t = Asyncio.createTask(absorbing(3.0, "absorbed"));
                    inner.add(t);
                    return Asyncio.waitFor(t, Duration.ofSeconds(2));
                },
                inner);
        CancelEverywhere.check(
                "waitFor of an absorbing coroutine",
                () -> Asyncio.waitFor(
                        () -> {
                            try {
                                Asyncio.sleep(3.0);
                                return "slept";
                            } catch (TimeoutError e) {
                                Asyncio.sleep(0.5);
                                return "absorbed";
                            }
                        },
                        Duration.ofSeconds(2)));
    }

    @AsyncTest
    void nestedTaskGroupsThatBothFail() throws Exception {
        CancelEverywhere.checkNeverLost("nested groups both failing", () -> {
            try (var outer = new TaskGroup()) {
                outer.createTask(sleeper(3.0, "outer sibling"));
                try (var inner = new TaskGroup()) {
                    inner.createTask(() -> {
                        Asyncio.sleep(1.0);
                        throw new IllegalStateException("inner");
                    });
                    inner.createTask(sleeper(3.0, "inner sibling"));
                    outer.createTask(() -> {
                        Asyncio.sleep(1.0);
                        throw new IllegalArgumentException("outer");
                    });
                    Asyncio.sleep(2.0);
                } catch (TaskGroupError e) {
                    Asyncio.sleep(0.5);
                }
                Asyncio.sleep(3600.0);
            } catch (TaskGroupError e) {
                return "failed";
            }
            return null;
        });
    }

    @AsyncTest
    void aTaskGroupWhoseChildFailsInItsCleanup() throws Exception {
        CancelEverywhere.checkNeverLost("group with a child failing in its cleanup", () -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    try {
                        Asyncio.sleep(3.0);
                    } catch (CancelledError c) {
                        Asyncio.sleep(0.5);
                        throw new IllegalStateException("failed in its cleanup");
                    }
                });
                tg.createTask(sleeper(1.0, "quick"));
            } catch (TaskGroupError e) {
                Asyncio.sleep(1.0); // a cancellation caught by close() comes again here
            }
            return null;
        });
    }

    @AsyncTest
    void nestedTimeoutsExpiringTogether() throws Exception {
        CancelEverywhere.checkNeverLost("nested timeouts expiring together", () -> {
            try (var outer = Asyncio.timeout(10.0)) {
                try (var inner = Asyncio.timeout(10.0)) {
                    inner.reschedule(2.0);
                    outer.reschedule(2.0);
                    sleeper(3.0, "x").call();
                } catch (TimeoutError e) {
                    Asyncio.sleep(0.5);
                }
                return sleeper(5.0, "y").call();
            } catch (TimeoutError e) {
                return "timed out";
            }
        });
    }

    @AsyncTest
    void asCompleted() throws Exception {
        List<Task<?>> children = new ArrayList<>();
        CancelEverywhere.check(
                "asCompleted",
                () -> {
                    List<Task<String>> ts =
                            List.of(Asyncio.createTask(sleeper(1.0, "a")), Asyncio.createTask(sleeper(3.0, "b")));
                    children.addAll(ts);
                    int n = 0;
                    for (Task<String> t : Asyncio.asCompleted(ts, Duration.ofSeconds(2))) {
                        t.await();
                        n++;
                    }
                    return n;
                },
                children);
    }

    @AsyncTest
    void generator() throws Exception {
        CancelEverywhere.checkNeverLost("generator", () -> {
            int sum = 0;
            try (Generator<Integer> g = Asyncio.generator(emit -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        Asyncio.sleep(0.5);
                        emit.yield(i);
                    }
                } finally {
                    Asyncio.sleep(0); // a cleanup that suspends: close() must wait for it
                }
            })) {
                for (int i : g) {
                    sum += i;
                }
            }
            return sum;
        });
    }

    /** Counts tasks with a done callback, across {@code Asyncio.run}: every one is done when run returns. */
    @Test
    void noTaskIsLeftPendingAfterAsyncioRunReturns() throws Exception {
        List<Task<?>> seen = new ArrayList<>();
        AtomicInteger doneCallbacks = new AtomicInteger();
        String r = Asyncio.run(
                () -> {
                    Task<String> victim = Asyncio.createTask(() -> {
                        seen.add(Asyncio.currentTask());
                        try (var tg = new TaskGroup()) {
                            for (int i = 0; i < 3; i++) {
                                tg.createTask(() -> {
                                    seen.add(Asyncio.currentTask());
                                    Asyncio.currentTask().addDoneCallback(f -> doneCallbacks.incrementAndGet());
                                    Asyncio.gather(sleeper(1.0, "a"), sleeper(2.0, "b"));
                                });
                            }
                        }
                        return "finished";
                    });
                    victim.addDoneCallback(f -> doneCallbacks.incrementAndGet());
                    Asyncio.createTask(() -> Asyncio.sleep(1e9), "orphan")
                            .addDoneCallback(f -> doneCallbacks.incrementAndGet());
                    Asyncio.sleep(1.5);
                    victim.cancel();
                    return catchThrowable(victim::await).getClass().getSimpleName();
                },
                RunOptions.defaults().withVirtualClock());
        assertThat(r).isEqualTo("CancelledError");
        assertThat(seen).hasSize(4).allMatch(Future::done);
        assertThat(doneCallbacks.get())
                .as("victim, its 3 children and the orphan cancelled by run()")
                .isEqualTo(5);
    }

    /**
     * A sleep whose timer is already due (its step queued, in the same iteration as the callback that
     * cancels it) wakes once, with the cancellation, after the callbacks the canceller scheduled first:
     * as in asyncio, where cancelling moves the wake-up to the end of the ready queue and the due timer's
     * callback finds its future cancelled. The step the timer queued is skipped, never run twice.
     */
    @AsyncTest
    void cancellingASleepWhoseTimerIsAlreadyDueWakesItOnceAfterTheCancellersCallbacks() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> order = new ArrayList<>();
        AtomicInteger wakes = new AtomicInteger();
        double due = loop.time() + 1.0;
        Task<?>[] sleeper = new Task<?>[1];
        // Half a microsecond apart: one iteration moves all three (the loop's clock resolution is 1 µs).
        loop.callAt(
                due - 0.000_000_5,
                () -> { // due just before the sleep, in the same iteration
                    order.add("canceller");
                    loop.callSoon(() -> order.add("scheduled by the canceller"));
                    sleeper[0].cancel("late");
                });
        sleeper[0] = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(1.0); // the test's body has not let the (virtual) clock move: due at `due`
                order.add("slept");
            } catch (CancelledError e) {
                wakes.incrementAndGet();
                order.add("cancelled: " + e.getMessage());
                Asyncio.sleep(0.0); // parks again: a stale second step would resume it too early
                order.add("after sleep(0)");
                throw e;
            }
            return null;
        });
        loop.callAt(due + 0.000_000_2, () -> order.add("due with it"));
        assertThatThrownBy(sleeper[0]::await).isInstanceOf(CancelledError.class).hasMessage("late");
        assertThat(order)
                .containsExactly(
                        "canceller", "due with it", "scheduled by the canceller", "cancelled: late", "after sleep(0)");
        assertThat(wakes).hasValue(1);
    }

    /**
     * As above, with a task as the canceller, due in the same iteration just before the sleep: on the
     * virtual engine the canceller's park hands the baton on and looks at the next step, which is the
     * sleeper's due one that the cancellation made void; it must leave that step to be skipped, or the
     * sleeper resumes twice (once by it, once by the cancellation's own step).
     */
    @AsyncTest
    void aTaskCancellingASleepDueInTheSameIterationWakesItOnce() throws Exception {
        List<String> order = new ArrayList<>();
        AtomicInteger wakes = new AtomicInteger();
        Task<?>[] sleeper = new Task<?>[1];
        Task<Void> canceller = Asyncio.createTask(() -> {
            Asyncio.sleep(1.0 - 0.000_000_5); // half a microsecond before the sleeper: the same iteration
            order.add("canceller");
            sleeper[0].cancel("late");
            Asyncio.sleep(0); // parks with the sleeper's voided step next in the queue
            order.add("canceller after sleep(0)");
        });
        sleeper[0] = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(1.0);
                order.add("slept");
            } catch (CancelledError e) {
                wakes.incrementAndGet();
                order.add("cancelled: " + e.getMessage());
                Asyncio.sleep(0.0); // parks again: a stale second step would resume it too early
                order.add("after sleep(0)");
                throw e;
            }
            return null;
        });
        assertThatThrownBy(sleeper[0]::await).isInstanceOf(CancelledError.class).hasMessage("late");
        canceller.await();
        assertThat(order)
                .as("resumed once: its sleep(0) ends after the canceller's, queued before it")
                .containsExactly("canceller", "cancelled: late", "canceller after sleep(0)", "after sleep(0)");
        assertThat(wakes).hasValue(1);
    }
}
