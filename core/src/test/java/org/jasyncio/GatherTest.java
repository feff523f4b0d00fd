package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.Fixtures.after;
import static org.jasyncio.Fixtures.now;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;

/** {@link Asyncio#gather} and {@link Asyncio#gatherSettled}: asyncio's {@code gather}. */
class GatherTest {
    @AsyncTest
    void varargsOfTasksReturnsResultsInArgumentOrderNotCompletionOrder() throws Exception {
        var slow = after(3.0, "slow");
        var fast = after(1.0, "fast");
        var mid = after(2.0, "mid");
        assertThat(Asyncio.gather(slow, fast, mid)).containsExactly("slow", "fast", "mid");
        assertThat(now()).as("gather waits for the slowest child only").isEqualTo(3.0);
    }

    @AsyncTest
    void collectionOfTasks() throws Exception {
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 5; i > 0; i--) {
            tasks.add(after(i, "t" + i));
        }
        assertThat(Asyncio.gather(tasks)).containsExactly("t5", "t4", "t3", "t2", "t1");
        assertThat(now()).isEqualTo(5.0);
    }

    @AsyncTest
    void coroutinesRunConcurrentlyAsTasks() throws Exception {
        List<String> started = new ArrayList<>();
        List<Integer> r = Asyncio.gather(
                () -> {
                    started.add("a");
                    Asyncio.sleep(2.0);
                    return 1;
                },
                () -> {
                    started.add("b");
                    Asyncio.sleep(1.0);
                    return 2;
                });
        assertThat(r).containsExactly(1, 2);
        assertThat(started).containsExactly("a", "b");
        assertThat(now())
                .as("the coroutines ran concurrently, not one after the other")
                .isEqualTo(2.0);
    }

    @AsyncTest
    void voidBlocksAreGatheredToo() throws Exception {
        List<String> log = new ArrayList<>();
        Asyncio.gather(
                () -> {
                    Asyncio.sleep(1.0);
                    log.add("x");
                },
                () -> {
                    Asyncio.sleep(0.5);
                    log.add("y");
                });
        assertThat(log).containsExactly("y", "x");
    }

    @AsyncTest
    void gatheringVoidBlocksReturnsOneNullPerBlockInArgumentOrder() throws Exception {
        List<Void> r = Asyncio.gather(() -> Asyncio.sleep(1.0), () -> Asyncio.sleep(0.5), () -> {});
        assertThat(r)
                .as("docs/api.md: gather -> List<T>, here one null per void block")
                .hasSize(3)
                .containsOnlyNulls();
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void emptyGatherReturnsAnEmptyListAtOnce() throws Exception {
        assertThat(Asyncio.gather(List.<Future<String>>of())).isEmpty();
        assertThat(now()).isZero();
    }

    @AsyncTest
    void alreadyDoneFuturesAndDuplicates() throws Exception {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        f.setResult("done");
        var t = after(1.0, "t");
        assertThat(Asyncio.gather(f, t, f, t)).containsExactly("done", "t", "done", "t");
    }

    @AsyncTest
    void firstErrorPropagatesUnchangedAndTheOthersKeepRunning() throws Exception {
        IOException boom = new IOException("boom");
        var failing = Asyncio.createTask(() -> {
            Asyncio.sleep(1.0);
            throw boom;
        });
        var survivor = after(5.0, "survivor");
        assertThatThrownBy(() -> Asyncio.gather(survivor, failing)).isSameAs(boom);
        assertThat(now())
                .as("gather throws at the first failure, not after every child")
                .isEqualTo(1.0);
        assertThat(survivor.done()).isFalse();
        assertThat(survivor.cancelled()).isFalse();
        assertThat(survivor.await()).as("the other children keep running").isEqualTo("survivor");
        assertThat(now()).isEqualTo(5.0);
    }

    @AsyncTest
    void aCancelledChildMakesGatherThrowCancelledError() throws Exception {
        var victim = after(10.0, "never");
        var other = after(2.0, "other");
        Asyncio.getRunningLoop().callLater(1.0, () -> victim.cancel("child cancelled"));
        assertThatThrownBy(() -> Asyncio.gather(victim, other))
                .isInstanceOf(CancelledError.class)
                .hasMessage("child cancelled");
        assertThat(Asyncio.currentTask().cancelling())
                .as("the waiter itself was not cancelled")
                .isZero();
        assertThat(other.await()).isEqualTo("other");
    }

    @AsyncTest
    void cancellingTheWaiterCancelsTheChildrenAndWaitsUntilTheyFinished() throws Exception {
        List<String> log = new ArrayList<>();
        Task<String> a = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "a";
            } finally {
                log.add("a cleaned up at " + now());
            }
        });
        Task<String> b = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
                return "b";
            } catch (CancelledError e) {
                Asyncio.sleep(2.0); // slow cleanup, as a real one may be
                log.add("b cleaned up at " + now());
                throw e;
            }
        });
        Task<List<String>> waiter = Asyncio.createTask(() -> {
            try {
                return Asyncio.gather(a, b);
            } catch (CancelledError e) {
                log.add("waiter cancelled at " + now() + ", a done=" + a.done() + ", b done=" + b.done());
                throw e;
            }
        });
        Asyncio.sleep(1.0);
        assertThat(waiter.cancel("stop")).isTrue();
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class).hasMessage("stop");
        assertThat(a.cancelled()).isTrue();
        assertThat(b.cancelled()).isTrue();
        assertThat(log)
                .as("the waiter gets CancelledError only after every child has finished")
                .containsExactly(
                        "a cleaned up at 1.0",
                        "b cleaned up at 3.0",
                        "waiter cancelled at 3.0, a done=true, b done=true");
        assertThat(waiter.cancelled()).isTrue();
    }

    @AsyncTest
    void cancellingTheWaiterOfCoroutinesLeavesNoTaskBehind() throws Exception {
        Task<List<Integer>> waiter = Asyncio.createTask(() -> Asyncio.gather(
                () -> {
                    Asyncio.sleep(5.0);
                    return 1;
                },
                () -> {
                    Asyncio.sleep(6.0);
                    return 2;
                }));
        Asyncio.sleep(1.0);
        assertThat(Asyncio.allTasks()).hasSize(4);
        waiter.cancel();
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
        assertThat(Asyncio.allTasks()).containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void gatherSettledReportsEveryOutcomeInArgumentOrderAndNeverThrows() throws Exception {
        IOException boom = new IOException("boom");
        var ok = after(3.0, "ok");
        var failing = Asyncio.createTask(() -> {
            Asyncio.sleep(1.0);
            throw boom;
        });
        var cancelled = after(10.0, "never");
        Asyncio.getRunningLoop().callLater(2.0, () -> cancelled.cancel("gone"));
        List<Outcome<Object>> outcomes = Asyncio.gatherSettled(ok, failing, cancelled);
        assertThat(now()).as("gatherSettled waits for all, failures included").isEqualTo(3.0);
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0).isSuccess()).isTrue();
        assertThat(outcomes.get(0).getOrThrow()).isEqualTo("ok");
        assertThat(outcomes.get(1).isSuccess()).isFalse();
        assertThat(outcomes.get(1).exceptionOrNull()).isSameAs(boom);
        assertThatThrownBy(outcomes.get(1)::getOrThrow).isSameAs(boom);
        assertThat(outcomes.get(2).exceptionOrNull())
                .isInstanceOf(CancelledError.class)
                .hasMessage("gone");
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Success.class);
        assertThat(outcomes.get(1)).isInstanceOf(Outcome.Failure.class);
    }

    @AsyncTest
    void gatherSettledOfCoroutines() throws Exception {
        List<Outcome<Integer>> outcomes = Asyncio.gatherSettled(
                () -> 1,
                () -> {
                    throw new ArithmeticException("x");
                },
                () -> {
                    Asyncio.sleep(1.0);
                    return 3;
                });
        assertThat(outcomes).extracting(Outcome::isSuccess).containsExactly(true, false, true);
        assertThat(outcomes.get(1).exceptionOrNull()).isInstanceOf(ArithmeticException.class);
        assertThat(outcomes.get(2).getOrThrow()).isEqualTo(3);
    }

    @AsyncTest
    void cancellingTheWaiterOfGatherSettledStillCancels() throws Exception {
        var a = after(10.0, "a");
        Task<List<Outcome<String>>> waiter = Asyncio.createTask(() -> Asyncio.gatherSettled(a));
        Asyncio.sleep(1.0);
        waiter.cancel();
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
        assertThat(a.cancelled()).isTrue();
    }

    @AsyncTest
    void gatherOutsideATaskFailsClearly() throws Exception {
        var t = after(1.0, "x");
        var error = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> {
            try {
                Asyncio.gather(t);
                error.setResult("no error");
            } catch (Throwable e) {
                error.setResult(e);
            }
        });
        assertThat(error.await())
                .isInstanceOf(IllegalStateException.class)
                .asString()
                .contains("must be called inside a task");
    }
}
