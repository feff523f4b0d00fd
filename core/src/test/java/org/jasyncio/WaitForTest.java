package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.Fixtures.now;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jasyncio.testing.AsyncTest;

/** {@link Asyncio#waitFor}: asyncio's {@code wait_for} (3.12+ semantics). */
class WaitForTest {
    @AsyncTest
    void returnsTheValueWhenInTime() throws Exception {
        assertThat(Asyncio.waitFor(
                        () -> {
                            Asyncio.sleep(1.0);
                            return "v";
                        },
                        Duration.ofSeconds(2)))
                .isEqualTo("v");
        assertThat(now()).isEqualTo(1.0);
        assertThat(Asyncio.getRunningLoop().timerCount())
                .as("the deadline timer is gone")
                .isZero();
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void secondsOverloads() throws Exception {
        var t = Asyncio.createTask(() -> {
            Asyncio.sleep(0.25);
            return 7;
        });
        assertThat(Asyncio.waitFor(t, 0.5)).isEqualTo(7);
        assertThat(Asyncio.waitFor(() -> 8, 0.5)).isEqualTo(8);
    }

    @AsyncTest
    void aNullTimeoutWaitsForever() throws Exception {
        assertThat(Asyncio.waitFor(
                        () -> {
                            Asyncio.sleep(10_000.0);
                            return "late";
                        },
                        null))
                .isEqualTo("late");
    }

    @AsyncTest
    void exceptionsPropagateUnchanged() {
        IOException boom = new IOException("boom");
        assertThatThrownBy(() -> Asyncio.waitFor(
                        () -> {
                            Asyncio.sleep(1.0);
                            throw boom;
                        },
                        Duration.ofSeconds(5)))
                .isSameAs(boom);
    }

    @AsyncTest
    void onTimeoutTheInnerTaskIsCancelledAndAwaitedThenTimeoutErrorIsThrown() {
        List<String> log = new ArrayList<>();
        Task<String> inner = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "never";
            } catch (CancelledError e) {
                Asyncio.sleep(0.5); // cleanup that takes time
                log.add("inner cleaned up at " + now());
                throw e;
            }
        });
        assertThatThrownBy(() -> Asyncio.waitFor(inner, Duration.ofSeconds(1))).isInstanceOf(TimeoutError.class);
        assertThat(now())
                .as("waitFor returns after the inner task finished its cleanup")
                .isEqualTo(1.5);
        assertThat(log).containsExactly("inner cleaned up at 1.5");
        assertThat(inner.cancelled()).isTrue();
        assertThat(Asyncio.currentTask().cancelling())
                .as("the timeout's cancellation was taken back")
                .isZero();
    }

    @AsyncTest
    void aTimeoutErrorIsACancelledErrorThatTheCallerCanCatch() throws Exception {
        String r;
        try {
            r = Asyncio.waitFor(
                    () -> {
                        Asyncio.sleep(5.0);
                        return "slow";
                    },
                    Duration.ofSeconds(1));
        } catch (TimeoutError e) {
            assertThat(e).isInstanceOf(CancelledError.class);
            r = "fallback";
        }
        assertThat(r).isEqualTo("fallback");
        Asyncio.sleep(1.0); // no stale cancellation left for the next suspension point
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void zeroTimeoutOnADoneFutureReturnsItsResult() throws Exception {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        f.setResult("ready");
        assertThat(Asyncio.waitFor(f, Duration.ZERO)).isEqualTo("ready");
        assertThat(Asyncio.waitFor(f, Duration.ofSeconds(-1))).isEqualTo("ready");
    }

    @AsyncTest
    void zeroTimeoutOnAPendingTaskCancelsItBeforeItEverRuns() {
        boolean[] ran = {false};
        Task<String> t = Asyncio.createTask(() -> {
            ran[0] = true;
            return "x";
        });
        assertThatThrownBy(() -> Asyncio.waitFor(t, Duration.ZERO)).isInstanceOf(TimeoutError.class);
        assertThat(t.cancelled()).isTrue();
        assertThat(ran[0])
                .as("a task cancelled before its first step never runs its body")
                .isFalse();
    }

    @AsyncTest
    void negativeTimeoutBehavesAsZero() {
        assertThatThrownBy(() -> Asyncio.waitFor(
                        () -> {
                            Asyncio.sleep(1.0);
                            return 1;
                        },
                        Duration.ofSeconds(-5)))
                .isInstanceOf(TimeoutError.class);
        assertThatThrownBy(() -> Asyncio.waitFor(
                        () -> {
                            Asyncio.sleep(1.0);
                            return 1;
                        },
                        -1.0))
                .isInstanceOf(TimeoutError.class);
        assertThat(now()).isZero();
    }

    @AsyncTest
    void zeroTimeoutWaitsForTheCancelledTaskToFinish() {
        List<String> log = new ArrayList<>();
        Task<String> t = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "x";
            } finally {
                Asyncio.sleep(0.5);
                log.add("cleaned up");
            }
        });
        Asyncio.sleep(0); // let it start
        assertThatThrownBy(() -> Asyncio.waitFor(t, Duration.ZERO)).isInstanceOf(TimeoutError.class);
        assertThat(log).containsExactly("cleaned up");
        assertThat(now()).isEqualTo(0.5);
    }

    @AsyncTest
    void zeroTimeoutReturnsTheValueIfTheTaskSwallowsItsCancellation() throws Exception {
        Task<String> t = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "slept";
            } catch (CancelledError e) {
                return "swallowed";
            }
        });
        Asyncio.sleep(0);
        assertThat(Asyncio.waitFor(t, Duration.ZERO)).isEqualTo("swallowed");
    }

    @AsyncTest
    void cancellingTheWaiterCancelsTheInnerTaskAndPropagatesCancelledError() {
        Task<String> inner = Asyncio.createTask(() -> {
            Asyncio.sleep(10.0);
            return "x";
        });
        Task<String> waiter = Asyncio.createTask(() -> Asyncio.waitFor(inner, Duration.ofSeconds(5)));
        Asyncio.getRunningLoop().callLater(1.0, () -> waiter.cancel("outer"));
        assertThatThrownBy(waiter::await)
                .isInstanceOf(CancelledError.class)
                .isNotInstanceOf(TimeoutError.class)
                .hasMessage("outer");
        assertThat(inner.cancelled()).isTrue();
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void theWaiterCancelledAtTheDeadlineStillEndsCancelled() {
        Task<String> inner = Asyncio.createTask(() -> {
            Asyncio.sleep(10.0);
            return "x";
        });
        Task<String> waiter = Asyncio.createTask(() -> Asyncio.waitFor(inner, Duration.ofSeconds(1)));
        Asyncio.getRunningLoop().callLater(1.0, () -> waiter.cancel("outer"));
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
        assertThat(waiter.cancelled())
                .as("an outer cancellation is never turned into a plain failure")
                .isTrue();
        assertThat(inner.cancelled()).isTrue();
    }

    // ---- issue 16 A: the work's own handling of the timeout's cancellation decides (gh-86296) ----

    @AsyncTest
    void aTaskThatAbsorbsTheTimeoutsCancellationAndReturnsGivesItsValue() throws Exception {
        Task<String> t = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "slept";
            } catch (CancelledError e) {
                Asyncio.sleep(0.5);
                return "absorbed";
            }
        });
        assertThat(Asyncio.waitFor(t, Duration.ofSeconds(1))).isEqualTo("absorbed");
        assertThat(now()).isEqualTo(1.5);
        assertThat(Asyncio.currentTask().cancelling()).isZero();
        Asyncio.sleep(1.0); // nothing left pending
    }

    @AsyncTest
    void aCancelArrivingWhenTheAwaitedTaskJustCompletedStillCancelsTheWaiter() throws Exception {
        // cpython test_wait_for_issue86296: the inner task completes in the iteration the waiter is
        // cancelled in; the waiter must end cancelled, not run on.
        Task<String> inner = Asyncio.createTask(() -> "done");
        boolean[] reachedEnd = {false};
        Task<Void> task = Asyncio.createTask(() -> {
            Asyncio.waitFor(inner, Duration.ofSeconds(100));
            Asyncio.sleep(1.0);
            reachedEnd[0] = true;
        });
        Asyncio.sleep(0);
        task.cancel();
        assertThatThrownBy(task::await).isInstanceOf(CancelledError.class);
        assertThat(inner.await()).isEqualTo("done");
        assertThat(reachedEnd[0]).isFalse();
    }

    @AsyncTest
    void anExceptionTheTaskRaisesWhileCancelledByTheTimeoutIsThrownAsIs() {
        IOException own = new IOException("failed while being cancelled");
        Task<String> t = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "slept";
            } catch (CancelledError e) {
                throw own;
            }
        });
        assertThatThrownBy(() -> Asyncio.waitFor(t, Duration.ofSeconds(1))).isSameAs(own);
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void aCoroutineThatCatchesItsTimeoutErrorGivesItsValueAndOneThatFailsGivesItsException() throws Exception {
        assertThat(Asyncio.waitFor(
                        () -> {
                            try {
                                Asyncio.sleep(10.0);
                                return "slept";
                            } catch (TimeoutError e) {
                                return "absorbed";
                            }
                        },
                        Duration.ofSeconds(1)))
                .isEqualTo("absorbed");
        IllegalStateException own = new IllegalStateException("own");
        assertThatThrownBy(() -> Asyncio.waitFor(
                        () -> {
                            try {
                                Asyncio.sleep(10.0);
                            } catch (TimeoutError e) {
                                throw own;
                            }
                        },
                        1.0))
                .isSameAs(own);
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    // ---- issue 16 D: a coroutine runs inline, in the caller's task (asyncio 3.12+) ----

    @AsyncTest
    void theIssueSampleACancelBeforeTheFirstSuspensionStillRunsTheCoroutine() {
        AtomicBoolean ran = new AtomicBoolean();
        Task<Void> w = Asyncio.createTask(() -> {
            Asyncio.waitFor(
                    () -> {
                        ran.set(true);
                        Asyncio.sleep(0.1);
                    },
                    1.0);
        });
        Asyncio.sleep(0.0);
        w.cancel();
        Asyncio.wait(List.of(w));
        assertThat(ran)
                .as("asyncio 3.12+ awaits the coroutine inline: it ran up to its first suspension")
                .isTrue();
        assertThat(w.cancelled()).isTrue();
    }

    @AsyncTest
    void aCancelArrivingBeforeTheCallerRunsReachesTheCoroutineAtItsFirstSuspension() {
        List<String> log = new ArrayList<>();
        Task<Void> w = Asyncio.createTask(() -> {
            Asyncio.waitFor(
                    () -> {
                        log.add("coroutine started");
                        try {
                            Asyncio.sleep(0.1);
                        } catch (CancelledError e) {
                            log.add("coroutine cancelled: " + e.getMessage());
                            throw e;
                        }
                    },
                    1.0);
        });
        w.cancel("early"); // before w's first step: its body never runs, as with any task
        assertThatThrownBy(w::await).isInstanceOf(CancelledError.class).hasMessage("early");
        assertThat(log).isEmpty();
        Task<Void> w2 = Asyncio.createTask(() -> {
            Asyncio.currentTask().cancel("self");
            Asyncio.waitFor(
                    () -> {
                        log.add("coroutine started");
                        try {
                            Asyncio.sleep(0.1);
                        } catch (CancelledError e) {
                            log.add("coroutine cancelled: " + e.getMessage());
                            throw e;
                        }
                    },
                    1.0);
        });
        assertThatThrownBy(w2::await)
                .isInstanceOf(CancelledError.class)
                .isNotInstanceOf(TimeoutError.class)
                .hasMessage("self");
        assertThat(log).containsExactly("coroutine started", "coroutine cancelled: self");
    }

    @AsyncTest
    void theCoroutineRunsInTheCallersTaskAndContextWithoutANewTask() throws Exception {
        ContextVar<String> var = new ContextVar<>("who");
        Task<?> me = Asyncio.currentTask();
        int tasksBefore = Asyncio.allTasks().size();
        Task<?>[] inside = {null};
        int[] tasksInside = {0};
        Asyncio.waitFor(
                () -> {
                    inside[0] = Asyncio.currentTask();
                    tasksInside[0] = Asyncio.allTasks().size();
                    var.set("set inside");
                    Asyncio.sleep(0.1);
                },
                Duration.ofSeconds(1));
        assertThat(inside[0]).isSameAs(me);
        assertThat(tasksInside[0]).isEqualTo(tasksBefore);
        assertThat(var.get())
                .as("the same context, as asyncio's inline await shares it")
                .isEqualTo("set inside");
        assertThat(Asyncio.waitFor(() -> Asyncio.currentTask(), (Duration) null))
                .isSameAs(me);
    }

    @AsyncTest
    void aCoroutineTimesOutWithItsCleanupDoneBeforeWaitForThrows() {
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> Asyncio.waitFor(
                        () -> {
                            try {
                                Asyncio.sleep(10.0);
                            } finally {
                                Asyncio.sleep(0.5);
                                log.add("cleaned up at " + now());
                            }
                        },
                        Duration.ofSeconds(1)))
                .isInstanceOf(TimeoutError.class);
        assertThat(log).containsExactly("cleaned up at 1.5");
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void aZeroTimeoutNeverRunsTheCoroutine() {
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> Asyncio.waitFor(
                        () -> {
                            ran.set(true);
                        },
                        Duration.ZERO))
                .isInstanceOf(TimeoutError.class);
        assertThatThrownBy(() -> Asyncio.waitFor(
                        () -> {
                            ran.set(true);
                            return 1;
                        },
                        -1.0))
                .isInstanceOf(TimeoutError.class);
        assertThat(ran)
                .as("as in asyncio: a task cancelled before its first step")
                .isFalse();
    }

    @AsyncTest
    void outsideATaskIsRefused() throws Exception {
        Future<Object> seen = Asyncio.getRunningLoop().createFuture();
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> {
            try {
                Asyncio.waitFor(f, Duration.ofSeconds(1));
                seen.setResult("no error");
            } catch (Throwable e) {
                seen.setResult(e);
            }
        });
        assertThat(seen.await()).isInstanceOf(IllegalStateException.class);
    }

    @AsyncTest
    void waitForOutsideATaskIsRefusedEvenForADoneFutureOrAZeroTimeout() throws Exception {
        Future<String> done = Asyncio.getRunningLoop().createFuture();
        done.setResult("x");
        Future<String> pending = Asyncio.getRunningLoop().createFuture();
        for (var call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                () -> Asyncio.waitFor(done, Duration.ZERO),
                () -> Asyncio.waitFor(done, -1.0),
                () -> Asyncio.waitFor(done, (Duration) null),
                () -> Asyncio.waitFor(pending, Duration.ZERO))) {
            assertThat(Fixtures.thrownInALoopCallback(call))
                    .as("in a loop callback")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("waitFor() suspends");
            assertThat(Fixtures.thrownOnAThreadWithoutALoop(call))
                    .as("on a plain thread")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("waitFor() suspends");
        }
        assertThat(pending.done()).as("a refused call leaves the future alone").isFalse();
        assertThat(Asyncio.waitFor(done, Duration.ZERO)).isEqualTo("x");
    }
}
