package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jasyncio.Fixtures.now;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a task that awaits another task or future passes the cancellation on to what it awaits
 * (asyncio's {@code Task.cancel()} cancelling {@code _fut_waiter}), and that one decides: if it ends
 * cancelled, the waiting task gets the cancellation; if it absorbs it (returns a value, or fails
 * with another exception), the waiting task gets that outcome. Issue 16, part A.
 */
class AbsorbedCancellationTest {
    /** A task that sleeps {@code seconds}; cancelled, it returns {@code absorbed} instead. */
    private static Task<Integer> absorbing(double seconds, int absorbed) {
        return Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(seconds);
            } catch (CancelledError e) {
                return absorbed;
            }
            return 0;
        });
    }

    @Test
    void theIssueSampleReturnsTheValueTheAwaitedTaskReturnedWhenCancelled() throws Exception {
        int[] cancelling = {-1};
        int r = Asyncio.run(
                () -> {
                    var inner = absorbing(10.0, 42);
                    var outer = Asyncio.createTask(() -> inner.await());
                    Asyncio.sleep(0.0);
                    outer.cancel();
                    int v = outer.await();
                    cancelling[0] = outer.cancelling();
                    return v;
                },
                RunOptions.defaults().withVirtualClock());
        assertThat(r).isEqualTo(42);
        assertThat(cancelling[0]).as("the request stays counted, as in asyncio").isEqualTo(1);
    }

    @AsyncTest
    void theAwaitedTaskIsCancelledWithTheMessageAndTheWaiterEndsNormally() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<String> inner = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "slept";
            } catch (CancelledError e) {
                seen.add(e.getMessage());
                Asyncio.sleep(1.0); // a cleanup that suspends before it settles on a value
                return "absorbed";
            }
        });
        Task<String> outer = Asyncio.createTask(() -> inner.await());
        Asyncio.sleep(2.0);
        outer.cancel("stop");
        assertThat(outer.await()).isEqualTo("absorbed");
        assertThat(seen).containsExactly("stop");
        assertThat(now()).isEqualTo(3.0);
        assertThat(outer.cancelled()).isFalse();
        assertThat(inner.cancelling()).isEqualTo(1);
        assertThat(outer.cancelling()).isEqualTo(1);
    }

    @AsyncTest
    void anotherExceptionRaisedByTheAwaitedTaskWhileCancelledReachesTheWaiter() {
        IOException own = new IOException("failed in its cleanup");
        Task<String> inner = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "slept";
            } catch (CancelledError e) {
                throw own;
            }
        });
        Task<String> outer = Asyncio.createTask(() -> inner.await());
        Asyncio.getRunningLoop().callLater(1.0, () -> outer.cancel());
        assertThatThrownBy(outer::await).isSameAs(own);
        assertThat(outer.cancelled()).isFalse();
        assertThat(outer.exception()).isSameAs(own);
        assertThat(inner.exception())
                .as("retrieved by the waiter, so not reported as lost")
                .isSameAs(own);
    }

    @AsyncTest
    void theWaiterCanCatchTheAwaitedTasksOwnException() throws Exception {
        Task<String> inner = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "slept";
            } catch (CancelledError e) {
                throw new IllegalStateException("refused to stop");
            }
        });
        Task<String> outer = Asyncio.createTask(() -> {
            try {
                return inner.await();
            } catch (IllegalStateException e) {
                Asyncio.sleep(1.0); // no cancellation is left pending for the next suspension point
                return "caught " + e.getMessage();
            }
        });
        Asyncio.sleep(1.0);
        outer.cancel();
        assertThat(outer.await()).isEqualTo("caught refused to stop");
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void aSecondCancelIsPassedOnTooAndEndsBothCancelled() {
        List<String> log = new ArrayList<>();
        Task<String> inner = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "slept";
            } catch (CancelledError e) {
                log.add("first absorbed");
                Asyncio.sleep(5.0); // cut short by the second cancel
                return "absorbed";
            }
        });
        Task<String> outer = Asyncio.createTask(() -> inner.await());
        Asyncio.sleep(1.0);
        outer.cancel("first");
        Asyncio.sleep(1.0);
        outer.cancel("second");
        Throwable e = catchThrowable(outer::await);
        assertThat(e).isInstanceOf(CancelledError.class).hasMessage("first");
        assertThat(log).containsExactly("first absorbed");
        assertThat(inner.cancelled()).isTrue();
        assertThat(outer.cancelled()).isTrue();
        assertThat(outer.cancelling()).isEqualTo(2);
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void aCancelAfterTheAwaitedTaskFinishedButBeforeTheWaiterWokeWins() throws Exception {
        Task<String> inner = Asyncio.createTask(() -> {
            Asyncio.sleep(1.0);
            return "v";
        });
        Task<String> outer = Asyncio.createTask(() -> inner.await());
        Asyncio.sleep(0); // both started: inner's timer is due before the cancel below
        Asyncio.getRunningLoop().callAt(1.0, () -> {
            assertThat(inner.done()).isTrue();
            outer.cancel("late");
        });
        assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class).hasMessage("late");
        assertThat(outer.cancelled())
                .as("the awaited task could not take it: the waiter gets it")
                .isTrue();
        assertThat(inner.result()).isEqualTo("v");
    }

    @AsyncTest
    void aTaskThatCancelledItselfPassesItOnToTheTaskItThenAwaits() throws Exception {
        Task<Integer> inner = absorbing(10.0, 7);
        Task<Integer> outer = Asyncio.createTask(() -> {
            Asyncio.currentTask().cancel();
            return inner.await(); // asyncio: a pending cancel meets the awaited future and cancels it
        });
        assertThat(outer.await()).isEqualTo(7);
        assertThat(outer.cancelling()).isEqualTo(1);
    }

    @AsyncTest
    void aSelfCancelledTaskAwaitingANestedTaskCancelsItAndWhatItAwaits() {
        // cpython test_cancel_awaited_task (bpo-34872): the cancel requested while running reaches
        // the task it then awaits, and the future that one awaits.
        Future<Void> fut = Asyncio.getRunningLoop().createFuture();
        Task<?>[] nested = {null};
        Task<Void> task = Asyncio.createTask(() -> {
            nested[0] = Asyncio.createTask(() -> fut.await());
            Asyncio.sleep(0);
            Asyncio.currentTask().cancel();
            nested[0].await();
        });
        assertThatThrownBy(task::await).isInstanceOf(CancelledError.class);
        assertThat(task.cancelled()).isTrue();
        assertThat(nested[0].cancelled()).isTrue();
        assertThat(fut.cancelled()).isTrue();
    }

    @AsyncTest
    void aPlainFutureCancelledOnTheWaitersBehalfEndsTheWaiterCancelled() {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        Task<String> outer = Asyncio.createTask(f::await);
        Asyncio.getRunningLoop().callLater(1.0, () -> outer.cancel("m"));
        assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class).hasMessage("m");
        assertThat(f.cancelled()).isTrue();
        assertThat(outer.cancelled()).isTrue();
    }

    @AsyncTest
    void uncancelAfterThePassOnLeavesTheAwaitedFuturesCancellation() {
        Task<Integer> inner = Asyncio.createTask(() -> {
            Asyncio.sleep(10.0);
            return 1;
        });
        Task<Integer> outer = Asyncio.createTask(() -> inner.await());
        Asyncio.getRunningLoop().callLater(1.0, () -> {
            outer.cancel("outer");
            assertThat(outer.uncancel()).isZero();
        });
        assertThatThrownBy(outer::await)
                .as("inner could not be un-cancelled: its own CancelledError arrives, as in asyncio")
                .isInstanceOf(CancelledError.class);
        assertThat(inner.cancelled()).isTrue();
    }

    @AsyncTest
    void aTimeoutAroundAnAwaitedTaskThatAbsorbsItEndsTheBlockNormallyWithTheValue() throws Exception {
        Task<Integer> inner = absorbing(10.0, 5);
        Timeout seen;
        int v;
        try (var t = Asyncio.timeout(1.0)) {
            seen = t;
            v = inner.await();
            Asyncio.sleep(1.0); // the expired deadline does not strike again
        }
        assertThat(v).isEqualTo(5);
        assertThat(seen.expired()).isTrue();
        assertThat(now()).isEqualTo(2.0);
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void aGroupsErrorPassedOnToAnAwaitedTaskThatAbsorbsItIsThrownByClose() throws Exception {
        IOException boom = new IOException("child failed");
        Task<Integer> other = absorbing(10.0, 9);
        List<String> log = new ArrayList<>();
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                log.add("got " + other.await());
            }
        });
        assertThat(log)
                .as("the awaited task absorbed the interruption: the block got its value")
                .containsExactly("got 9");
        assertThat(e).isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(boom);
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }
}
