package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jasyncio.Fixtures.now;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/** {@link Asyncio#timeout} and {@link Asyncio#timeoutAt}: asyncio's {@code timeout}, {@code timeout_at}. */
class TimeoutTest {
    private static int cancelling() {
        return Asyncio.currentTask().cancelling();
    }

    @AsyncTest
    void expiryThrowsTimeoutErrorAtTheSuspensionPointAndItLeavesTheBlock() {
        List<String> log = new ArrayList<>();
        Timeout[] seen = {null};
        Throwable e = catchThrowable(() -> {
            try (var t = Asyncio.timeout(Duration.ofSeconds(2))) {
                seen[0] = t;
                try {
                    Asyncio.sleep(10.0);
                    log.add("sleep returned");
                } catch (TimeoutError te) {
                    log.add("TimeoutError at the suspension point, at " + now());
                    throw te;
                }
            }
        });
        assertThat(e)
                .isInstanceOf(TimeoutError.class)
                .isInstanceOf(CancelledError.class)
                .hasMessageContaining("timed out");
        assertThat(log).containsExactly("TimeoutError at the suspension point, at 2.0");
        assertThat(seen[0].expired()).isTrue();
        assertThat(seen[0].state()).isEqualTo(Timeout.State.EXPIRED);
        assertThat(cancelling())
                .as("the timeout takes its cancellation back when its block ends")
                .isZero();
    }

    @AsyncTest
    void aBlockThatFinishesInTimeIsUntouched() throws Exception {
        try (var t = Asyncio.timeout(5.0)) {
            Asyncio.sleep(1.0);
            assertThat(t.expired()).isFalse();
            assertThat(t.when()).isEqualTo(5.0);
            assertThat(t.state()).isEqualTo(Timeout.State.ENTERED);
        }
        Asyncio.sleep(10.0); // the deadline must not fire after the block
        assertThat(now()).isEqualTo(11.0);
        assertThat(cancelling()).isZero();
    }

    @AsyncTest
    void theStateAfterANormalExitIsExited() {
        Timeout t;
        try (var tt = Asyncio.timeout(5.0)) {
            t = tt;
        }
        assertThat(t.state()).isEqualTo(Timeout.State.EXITED);
        assertThat(t.expired()).isFalse();
        assertThat(Asyncio.getRunningLoop().timerCount())
                .as("the deadline's timer is cancelled")
                .isZero();
        assertThatThrownBy(t::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed twice");
    }

    @AsyncTest
    void whenIsTheDeadlineInLoopTime() throws Exception {
        Asyncio.sleep(3.0);
        try (var t = Asyncio.timeout(Duration.ofMillis(1500))) {
            assertThat(t.when()).isEqualTo(4.5);
        }
        try (var t = Asyncio.timeoutAt(7.0)) {
            assertThat(t.when()).isEqualTo(7.0);
            assertThat(t.toString()).contains("entered").contains("7.000");
        }
        try (var t = Asyncio.timeoutAt(Double.POSITIVE_INFINITY)) {
            assertThat(t.when()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(t.toString()).contains("never");
        }
    }

    @AsyncTest
    void timeoutAtExpiresAtTheAbsoluteTime() {
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeoutAt(now() + 2.5)) {
                        Asyncio.sleep(100.0);
                    }
                })
                .isInstanceOf(TimeoutError.class);
        assertThat(now()).isEqualTo(2.5);
    }

    @AsyncTest
    void aTimeoutThatNeverFires() throws Exception {
        try (var t = Asyncio.timeout(Double.POSITIVE_INFINITY)) {
            Asyncio.sleep(1_000_000.0);
            assertThat(t.expired()).isFalse();
        }
        try (var t = Asyncio.timeoutAt(Double.POSITIVE_INFINITY)) {
            Asyncio.sleep(5.0);
        }
        assertThat(now()).isEqualTo(1_000_005.0);
    }

    @AsyncTest
    void rescheduleMovesTheDeadlineLater() {
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(1.0)) {
                        t.reschedule(now() + 3.0);
                        assertThat(t.when()).isEqualTo(3.0);
                        Asyncio.sleep(2.0);
                        assertThat(t.expired())
                                .as("the original deadline is gone")
                                .isFalse();
                        Asyncio.sleep(100.0);
                    }
                })
                .isInstanceOf(TimeoutError.class);
        assertThat(now()).isEqualTo(3.0);
    }

    @AsyncTest
    void rescheduleMovesTheDeadlineEarlierOrAway() throws Exception {
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(10.0)) {
                        t.rescheduleIn(Duration.ofSeconds(1));
                        Asyncio.sleep(100.0);
                    }
                })
                .isInstanceOf(TimeoutError.class);
        assertThat(now()).isEqualTo(1.0);
        try (var t = Asyncio.timeout(1.0)) {
            t.reschedule(Double.POSITIVE_INFINITY);
            Asyncio.sleep(50.0);
            assertThat(t.expired()).isFalse();
        }
        assertThat(now()).isEqualTo(51.0);
    }

    @AsyncTest
    void aDeadlineInThePastExpiresAtTheNextSuspension() {
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(Duration.ofSeconds(-1))) {
                        log.add("block entered");
                        Asyncio.sleep(0);
                        log.add("not reached");
                    }
                })
                .isInstanceOf(TimeoutError.class);
        assertThat(log).containsExactly("block entered");
        assertThat(now()).isZero();
    }

    @AsyncTest
    void aDeadlineOfMinusInfinityExpiresAtOnce() {
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(10.0)) {
                        t.reschedule(Double.NEGATIVE_INFINITY);
                        Asyncio.sleep(100.0);
                    }
                })
                .as("reschedule(-Infinity) is a deadline long past")
                .isInstanceOf(TimeoutError.class);
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeoutAt(Double.NEGATIVE_INFINITY)) {
                        Asyncio.sleep(100.0);
                    }
                })
                .as("timeoutAt(-Infinity)")
                .isInstanceOf(TimeoutError.class);
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(Double.NEGATIVE_INFINITY)) {
                        Asyncio.sleep(100.0);
                    }
                })
                .as("timeout(-Infinity)")
                .isInstanceOf(TimeoutError.class);
        assertThat(now()).isZero();
    }

    @AsyncTest
    void aBlockWithoutSuspensionIsNeverInterruptedEvenPastItsDeadline() {
        try (var t = Asyncio.timeout(Duration.ZERO)) {
            assertThat(t.expired()).isFalse();
        }
        assertThat(cancelling()).isZero();
    }

    @AsyncTest
    void rescheduleAfterExpiryIsRefused() {
        Timeout[] seen = {null};
        Throwable rescheduleError = catchThrowable(() -> {
            try (var t = Asyncio.timeout(1.0)) {
                seen[0] = t;
                try {
                    Asyncio.sleep(5.0);
                } catch (TimeoutError e) {
                    t.reschedule(now() + 10.0);
                }
            }
        });
        assertThat(rescheduleError).isInstanceOf(IllegalStateException.class).hasMessageContaining("reschedule()");
        assertThatThrownBy(() -> seen[0].reschedule(100.0)).isInstanceOf(IllegalStateException.class);
    }

    @AsyncTest
    void aSwallowedTimeoutErrorEndsTheBlockNormally() throws Exception {
        Timeout t;
        try (var tt = Asyncio.timeout(1.0)) {
            t = tt;
            try {
                Asyncio.sleep(5.0);
            } catch (TimeoutError e) {
                // swallowed
            }
            Asyncio.sleep(2.0); // the expired deadline does not strike twice
        }
        assertThat(t.expired()).isTrue();
        assertThat(now()).isEqualTo(3.0);
        assertThat(cancelling()).isZero();
        Asyncio.sleep(1.0);
        assertThat(now()).isEqualTo(4.0);
    }

    @AsyncTest
    void nestedOuterExpiresFirstAndItsErrorIsTheOneThatPropagates() {
        Timeout[] ts = new Timeout[2];
        Throwable e = catchThrowable(() -> {
            try (var outer = Asyncio.timeout(1.0)) {
                ts[0] = outer;
                try (var inner = Asyncio.timeout(5.0)) {
                    ts[1] = inner;
                    Asyncio.sleep(10.0);
                }
            }
        });
        assertThat(e).isInstanceOf(TimeoutError.class).hasMessageContaining("1.000");
        assertThat(ts[0].expired()).isTrue();
        assertThat(ts[1].expired()).isFalse();
        assertThat(ts[1].state()).isEqualTo(Timeout.State.EXITED);
        assertThat(now()).isEqualTo(1.0);
        assertThat(cancelling()).isZero();
    }

    @AsyncTest
    void nestedInnerExpiresFirstAndTheOuterBlockCanCarryOn() throws Exception {
        Timeout[] ts = new Timeout[2];
        List<String> log = new ArrayList<>();
        try (var outer = Asyncio.timeout(10.0)) {
            ts[0] = outer;
            try (var inner = Asyncio.timeout(1.0)) {
                ts[1] = inner;
                Asyncio.sleep(5.0);
            } catch (TimeoutError e) {
                log.add("inner timed out at " + now());
            }
            Asyncio.sleep(2.0);
            log.add("outer block went on until " + now());
        }
        assertThat(log).containsExactly("inner timed out at 1.0", "outer block went on until 3.0");
        assertThat(ts[0].expired()).isFalse();
        assertThat(ts[1].expired()).isTrue();
        assertThat(cancelling()).isZero();
    }

    @AsyncTest
    void nestedInnerErrorPropagatesThroughAnOuterThatHasNotExpired() {
        Timeout[] ts = new Timeout[2];
        Throwable e = catchThrowable(() -> {
            try (var outer = Asyncio.timeout(10.0)) {
                ts[0] = outer;
                try (var inner = Asyncio.timeout(1.0)) {
                    ts[1] = inner;
                    Asyncio.sleep(5.0);
                }
            }
        });
        assertThat(e).isInstanceOf(TimeoutError.class);
        assertThat(ts[1].expired()).isTrue();
        assertThat(ts[0].expired()).isFalse();
        assertThat(ts[0].state()).isEqualTo(Timeout.State.EXITED);
        assertThat(cancelling()).isZero();
    }

    @AsyncTest
    void nestedBothExpireAtOnceAndTheTaskIsLeftClean() throws Exception {
        Throwable e = catchThrowable(() -> {
            try (var outer = Asyncio.timeout(1.0)) {
                try (var inner = Asyncio.timeout(1.0)) {
                    Asyncio.sleep(5.0);
                }
            }
        });
        assertThat(e).isInstanceOf(TimeoutError.class);
        assertThat(cancelling()).isZero();
        Asyncio.sleep(1.0); // no stray cancellation left pending
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void nestedOuterExpiresWhileTheInnerBlockCleansUp() throws Exception {
        // The outer deadline passes while an inner, swallowed timeout's cleanup still runs.
        Throwable e = catchThrowable(() -> {
            try (var outer = Asyncio.timeout(2.0)) {
                try (var inner = Asyncio.timeout(1.0)) {
                    Asyncio.sleep(5.0);
                } catch (TimeoutError swallowed) {
                    Asyncio.sleep(5.0); // cleanup, cut short by the outer deadline
                }
            }
        });
        assertThat(e).isInstanceOf(TimeoutError.class).hasMessageContaining("2.000");
        assertThat(now()).isEqualTo(2.0);
        assertThat(cancelling()).isZero();
    }

    // ---- issue 16 C: timeouts that expire together, each counted as its own cancellation ----

    @Test
    void theIssueSampleTwoNestedTimeoutsExpiredBeforeTheNextSuspensionEndWithTheOutersTimeoutError() throws Exception {
        var clock = new VirtualClock();
        List<String> log = new ArrayList<>();
        Asyncio.run(
                () -> {
                    try (var outer = Asyncio.timeout(0.1)) {
                        try (var inner = Asyncio.timeout(0.01)) {
                            clock.advance(Duration.ofMillis(200));
                            Asyncio.sleep(1.0);
                        } catch (TimeoutError e) {
                            log.add("inner: " + e.getMessage());
                        }
                        Asyncio.sleep(10.0);
                        log.add("not reached");
                    } catch (TimeoutError e) {
                        log.add("outer: " + e.getMessage());
                    }
                    log.add("cancelling=" + cancelling());
                    return null;
                },
                RunOptions.defaults().withClock(clock));
        assertThat(log)
                .satisfiesExactly(
                        m -> assertThat(m).startsWith("inner: ").contains("0.010"),
                        m -> assertThat(m).startsWith("outer: ").contains("0.100"),
                        m -> assertThat(m).isEqualTo("cancelling=0"));
    }

    /** Nested timeouts, innermost first in the list, that all expire in the same loop iteration at t=1. */
    private static List<Timeout> expiringTogether(int n) {
        List<Timeout> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(0, Asyncio.timeout(10.0));
        }
        for (Timeout t : ts) {
            t.reschedule(1.0); // the innermost's timer first: it fires first
        }
        return ts;
    }

    @AsyncTest
    void nestedBothExpireAtOnceInnerFirstTheCaughtInnerErrorDoesNotSwallowTheOuterOne() throws Exception {
        List<String> log = new ArrayList<>();
        Timeout outer = Asyncio.timeout(10.0);
        Timeout inner = Asyncio.timeout(10.0);
        inner.reschedule(1.0);
        outer.reschedule(1.0);
        try {
            try {
                try {
                    Asyncio.sleep(5.0);
                } finally {
                    inner.close();
                }
            } catch (TimeoutError e) {
                log.add("inner caught at " + now());
            }
            log.add("between the blocks"); // runs: the outer's error comes at the next suspension
            Asyncio.sleep(5.0);
            log.add("not reached");
        } catch (TimeoutError e) {
            log.add("outer at " + now());
        } finally {
            outer.close();
        }
        assertThat(log).containsExactly("inner caught at 1.0", "between the blocks", "outer at 1.0");
        assertThat(inner.expired()).isTrue();
        assertThat(outer.expired()).isTrue();
        assertThat(cancelling()).isZero();
        Asyncio.sleep(1.0); // nothing left pending
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void threeNestedExpiringTogetherEachCaughtLevelPassesTheNextOneOn() throws Exception {
        List<String> log = new ArrayList<>();
        Task<String> t = Asyncio.createTask(() -> {
            List<Timeout> ts = expiringTogether(3);
            try (var outer = ts.get(2)) {
                try (var middle = ts.get(1)) {
                    try (var inner = ts.get(0)) {
                        Asyncio.sleep(5.0);
                    } catch (TimeoutError e) {
                        log.add("inner");
                    }
                    Asyncio.sleep(0);
                } catch (TimeoutError e) {
                    log.add("middle");
                }
                Asyncio.sleep(0);
            } catch (TimeoutError e) {
                log.add("outer");
            }
            Asyncio.sleep(1.0);
            return "done with cancelling=" + Asyncio.currentTask().cancelling();
        });
        assertThat(t.await()).isEqualTo("done with cancelling=0");
        assertThat(log).containsExactly("inner", "middle", "outer");
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void nestedExpiringTogetherUncaughtTheTimeoutErrorLeavesBothAndNothingIsLeftPending() throws Exception {
        List<Timeout> ts = new ArrayList<>();
        Throwable e = catchThrowable(() -> {
            List<Timeout> both = expiringTogether(2);
            ts.addAll(both);
            try (var outer = both.get(1)) {
                try (var inner = both.get(0)) {
                    Asyncio.sleep(5.0);
                }
            }
        });
        assertThat(e).isInstanceOf(TimeoutError.class);
        assertThat(ts).allMatch(Timeout::expired);
        assertThat(cancelling()).isZero();
        Asyncio.sleep(1.0);
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void anInnerExpiryWithAnOuterCancelAtOnceThenTheCancelArrivesWithItsMessage() {
        Task<String> t = Asyncio.createTask(() -> {
            try (var inner = Asyncio.timeout(1.0)) {
                Asyncio.sleep(5.0);
            } catch (TimeoutError e) {
                // handled; the outer cancel must still come
            }
            Asyncio.sleep(5.0);
            return "not cancelled";
        });
        Asyncio.sleep(0); // its deadline timer is due before the cancel below
        Asyncio.getRunningLoop().callAt(1.0, () -> t.cancel("outer"));
        assertThatThrownBy(t::await)
                .isInstanceOf(CancelledError.class)
                .isNotInstanceOf(TimeoutError.class)
                .hasMessage("outer");
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void aCancelArrivingWithTheExpiryIsNotLostWhenTheTimeoutErrorPassesThroughACleanupThatSuspends() {
        Task<String> t = Asyncio.createTask(() -> {
            try (var to = Asyncio.timeout(1.0)) {
                try {
                    Asyncio.sleep(5.0);
                } finally {
                    Asyncio.sleep(0.5); // the TimeoutError waits here on its way out
                }
            } catch (TimeoutError e) {
                return "handled the timeout";
            }
            return "in time";
        });
        Asyncio.sleep(0); // its deadline timer is due before the cancel below
        Asyncio.getRunningLoop().callAt(1.0, () -> t.cancel("outer"));
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("outer");
        assertThat(t.cancelled()).isTrue();
        assertThat(now()).isEqualTo(1.5);
    }

    @AsyncTest
    void aCancellationDeliveredBeforeTheExpiryIsNotThrownASecondTimeIntoTheCleanup() {
        List<String> log = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(() -> {
            try {
                try (var to = Asyncio.timeout(1.0)) {
                    Asyncio.sleep(5.0);
                }
            } finally {
                Asyncio.sleep(0.5); // the cleanup after the block: the cancellation already arrived
                log.add("cleanup finished at " + now());
            }
        });
        // Runs before the task's deadline timer in the same iteration: the cancel comes first.
        Asyncio.getRunningLoop().callAt(1.0, () -> t.cancel("first"));
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("first");
        assertThat(t.cancelled()).isTrue();
        assertThat(log).containsExactly("cleanup finished at 1.5");
    }

    @AsyncTest
    void anExceptionOfTheBlockWinsOverTheTimeout() {
        IOException io = new IOException("block failed");
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(1.0)) {
                        try {
                            Asyncio.sleep(5.0);
                        } catch (TimeoutError e) {
                            throw io;
                        }
                    }
                })
                .isSameAs(io);
        assertThat(cancelling()).isZero();
    }

    private static Task<String> handlesItsTimeoutThenSleeps() {
        return Asyncio.createTask(() -> {
            try (var to = Asyncio.timeout(1.0)) {
                Asyncio.sleep(5.0);
            } catch (TimeoutError e) {
                // the block's owner handles the timeout...
            }
            Asyncio.sleep(5.0); // ...but an outer cancel() must still arrive
            return "not cancelled";
        });
    }

    @AsyncTest
    void anOuterCancellationJustBeforeTheDeadlineIsNotLost() {
        Task<String> t = handlesItsTimeoutThenSleeps();
        // Timer order: this cancel() runs before the task's deadline in the same loop iteration.
        Asyncio.getRunningLoop().callAt(1.0, () -> t.cancel("outer"));
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        assertThat(t.cancelled()).isTrue();
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void anOuterCancellationJustAfterTheDeadlineIsNotLost() {
        Task<String> t = handlesItsTimeoutThenSleeps();
        Asyncio.sleep(0); // the task enters its timeout block first, so its deadline timer runs first
        Asyncio.getRunningLoop().callAt(1.0, () -> t.cancel("outer"));
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        assertThat(t.cancelled()).isTrue();
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void cancellingTheTaskInsideATimeoutPropagatesPlainCancelledError() {
        Task<Void> t = Asyncio.createTask(() -> {
            try (var to = Asyncio.timeout(5.0)) {
                Asyncio.sleep(10.0);
            }
        });
        Asyncio.getRunningLoop().callLater(1.0, () -> t.cancel("outer"));
        Throwable e = catchThrowable(t::await);
        assertThat(e)
                .isInstanceOf(CancelledError.class)
                .isNotInstanceOf(TimeoutError.class)
                .hasMessage("outer");
        assertThat(t.cancelled()).isTrue();
    }

    @AsyncTest
    void aTaskEndingWithItsOwnTimeoutErrorFailsRatherThanEndsCancelled() {
        Task<Void> t = Asyncio.createTask(() -> {
            try (var to = Asyncio.timeout(1.0)) {
                Asyncio.sleep(10.0);
            }
        });
        Throwable e = catchThrowable(t::await);
        assertThat(e).isInstanceOf(TimeoutError.class);
        assertThat(t.cancelled()).isFalse();
        assertThat(t.exception()).isSameAs(e);
    }

    @AsyncTest
    void timeoutAroundAwaitCancelsTheAwaitedTask() {
        Task<String> inner = Asyncio.createTask(() -> {
            Asyncio.sleep(10.0);
            return "x";
        });
        assertThatThrownBy(() -> {
                    try (var to = Asyncio.timeout(1.0)) {
                        inner.await();
                    }
                })
                .isInstanceOf(TimeoutError.class);
        assertThat(inner.cancelled()).isTrue();
    }

    @AsyncTest
    void durationsTooLongForNanosecondsMeanPracticallyForever() throws Exception {
        Duration forever = Duration.ofDays(1_000_000); // Duration.toNanos() overflows past 292 years
        try (var t = Asyncio.timeout(forever)) {
            assertThat(t.when()).isGreaterThan(1e9);
            t.rescheduleIn(forever);
            Asyncio.sleep(1.0);
        }
        Task<Void> sleeper = Asyncio.createTask(() -> Asyncio.sleep(forever));
        Asyncio.sleep(1.0);
        sleeper.cancel();
        assertThatThrownBy(sleeper::await).isInstanceOf(CancelledError.class);
        assertThat(Asyncio.waitFor(() -> "quick", forever)).isEqualTo("quick");
        var a = Asyncio.createTask(() -> "a");
        assertThat(Asyncio.wait(List.of(a), forever, ReturnWhen.ALL_COMPLETED).done())
                .containsExactly(a);
        for (Task<String> t : Asyncio.asCompleted(List.of(Asyncio.createTask(() -> "b")), forever)) {
            assertThat(t.await()).isEqualTo("b");
        }
        try (var t = Asyncio.timeout(Duration.ofDays(-1_000_000))) {
            assertThat(t.when()).isNegative();
        }
    }

    @AsyncTest
    void outsideATaskIsRefused() throws Exception {
        Future<Object> seen = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> {
            try {
                Asyncio.timeout(1.0);
                seen.setResult("no error");
            } catch (Throwable e) {
                seen.setResult(e);
            }
        });
        assertThat(seen.await()).isInstanceOf(IllegalStateException.class);
    }

    @AsyncTest
    void outsideATaskEachEntryPointIsNamedWithTheRule() throws Exception {
        Future<List<Throwable>> seen = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> {
            List<Throwable> errors = new ArrayList<>();
            for (Runnable entry : List.<Runnable>of(
                    () -> Asyncio.timeout(1.0),
                    () -> Asyncio.timeout(Duration.ofSeconds(1)),
                    () -> Asyncio.timeoutAt(5.0))) {
                try {
                    entry.run();
                } catch (Throwable e) {
                    errors.add(e);
                }
            }
            seen.setResult(errors);
        });
        String rule =
                " cancels the task that runs its block when the deadline passes, so it must be called inside a task";
        assertThat(seen.await())
                .extracting(Throwable::getMessage)
                .satisfiesExactly(
                        m -> assertThat(m)
                                .startsWith("Asyncio.timeout(double)" + rule)
                                .contains("in a callback of <EventLoop-"),
                        m -> assertThat(m).startsWith("Asyncio.timeout(Duration)" + rule),
                        m -> assertThat(m).startsWith("Asyncio.timeoutAt(double)" + rule));
        Throwable[] noLoop = new Throwable[1];
        Thread t = Thread.ofPlatform().name("no-loop-here").start(() -> {
            try {
                Asyncio.timeoutAt(5.0);
            } catch (Throwable e) {
                noLoop[0] = e;
            }
        });
        t.join();
        assertThat(noLoop[0])
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Asyncio.timeoutAt(double)" + rule)
                .hasMessageEndingWith("it was called on thread no-loop-here, which runs no event loop");
    }

    @AsyncTest
    void aNanDeadlineIsRefusedByNameAndLeavesTheTimeoutAsItWas() {
        assertThatThrownBy(() -> Asyncio.timeout(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Asyncio.timeout(double) got NaN: a deadline must be a number of seconds, or +Infinity for none");
        assertThatThrownBy(() -> Asyncio.timeoutAt(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Asyncio.timeoutAt(double) got NaN: a deadline must be a number of seconds, or +Infinity for none");
        try (var t = Asyncio.timeout(5.0)) {
            assertThatThrownBy(() -> t.reschedule(Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "<Timeout entered when=5.000>: reschedule(NaN): a deadline must be a loop time in seconds,"
                                    + " or +Infinity for none");
            assertThat(t.when()).isEqualTo(5.0);
            assertThat(t).hasToString("<Timeout entered when=5.000>");
        }
    }
}
