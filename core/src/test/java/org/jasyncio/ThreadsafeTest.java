package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * The thread-safe entry points (docs/design.md rule 1): {@link EventLoop#callSoonThreadsafe},
 * {@link Asyncio#runCoroutineThreadsafe}, {@link Asyncio#wrapFuture}. Threads hand results back through
 * futures; nothing here sleeps.
 */
class ThreadsafeTest {
    /** Runs {@code body} on a new platform thread; the returned loop future completes when it ends. */
    private static <T> Future<T> onPlainThread(java.util.concurrent.Callable<T> body) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        Future<T> f = Asyncio.wrapFuture(cf); // before the thread starts: the loop knows work is outside
        Thread t = new Thread(
                () -> {
                    try {
                        cf.complete(body.call());
                    } catch (Throwable e) {
                        cf.completeExceptionally(e);
                    }
                },
                "plain-thread");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static Thread loopThread() throws Exception {
        Future<Thread> f = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> f.setResult(Thread.currentThread()));
        return f.await();
    }

    @AsyncTest
    void callSoonThreadsafeRunsTheCallbackOnTheLoopThread() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Thread> ranOn = loop.createFuture();
        Future<Void> thread = onPlainThread(() -> {
            loop.callSoonThreadsafe(() -> ranOn.setResult(Thread.currentThread()));
            return null;
        });
        thread.await();
        assertThat(ranOn.await()).isSameAs(loopThread());
    }

    @AsyncTest(virtualTime = false)
    void callSoonThreadsafeWakesALoopBlockedWithNothingToDo() throws Exception {
        // Real clock and no timers: the loop blocks in select() until the thread wakes it.
        EventLoop loop = Asyncio.getRunningLoop();
        Future<String> f = loop.createFuture();
        Thread t = new Thread(() -> loop.callSoonThreadsafe(() -> f.setResult("woken")));
        t.start();
        assertThat(f.await()).isEqualTo("woken");
    }

    @AsyncTest(virtualTime = false)
    void callbacksFromManyThreadsAllRunExactlyOnceOnTheLoop() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        int threads = 4;
        int each = 2_000;
        int[] count = {0};
        Future<Integer> all = loop.createFuture();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                for (int k = 0; k < each; k++) {
                    loop.callSoonThreadsafe(() -> {
                        if (++count[0] == threads * each) {
                            all.setResult(count[0]);
                        }
                    });
                }
            });
            started.add(t);
            t.start();
        }
        assertThat(all.await()).isEqualTo(threads * each);
        Asyncio.sleep(0);
        assertThat(count[0]).isEqualTo(threads * each);
    }

    @AsyncTest
    void loopMethodsFromAnotherThreadAreRefused() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Throwable> error = onPlainThread(() -> {
            try {
                loop.callSoon(() -> {});
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertThat(error.await()).isInstanceOf(IllegalStateException.class).hasMessageContaining("callSoonThreadsafe");
    }

    @AsyncTest
    void removeDoneCallbackFromAnotherThreadIsRefusedLikeAddDoneCallback() throws Exception {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        java.util.function.Consumer<Future<String>> callback = x -> {};
        f.addDoneCallback(callback);
        Future<Throwable> error = onPlainThread(() -> {
            try {
                f.removeDoneCallback(callback);
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertThat(error.await())
                .as("removeDoneCallback() off the loop thread")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("removeDoneCallback()")
                .hasMessageContaining("callSoonThreadsafe");
        assertThat(f.removeDoneCallback(callback))
                .as("the registration is still there")
                .isEqualTo(1);
    }

    @AsyncTest
    void runCoroutineThreadsafeFromAPlainThread() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<String> r = onPlainThread(() -> Asyncio.runCoroutineThreadsafe(
                        () -> {
                            Asyncio.sleep(0);
                            return "ran on " + (Asyncio.getRunningLoop() == loop ? "the loop" : "another loop") + " in "
                                    + Asyncio.currentTask().getName().startsWith("Task-");
                        },
                        loop)
                .get(10, TimeUnit.SECONDS));
        assertThat(r.await()).isEqualTo("ran on the loop in true");
    }

    @AsyncTest
    void runCoroutineThreadsafeReportsTheExceptionUnchanged() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        IOException boom = new IOException("boom");
        Future<Throwable> seen = onPlainThread(() -> {
            try {
                Asyncio.runCoroutineThreadsafe(
                                () -> {
                                    throw boom;
                                },
                                loop)
                        .get(10, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            }
        });
        assertThat(seen.await()).isSameAs(boom);
    }

    @AsyncTest
    void cancellingTheCompletableFutureCancelsTheTask() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<String> bodySaw = loop.createFuture();
        Future<Void> never = loop.createFuture();
        CompletableFuture<Void> bodyStarted = new CompletableFuture<>();
        Future<Boolean> cancelled = onPlainThread(() -> {
            CompletableFuture<Void> cf = Asyncio.runCoroutineThreadsafe(
                    () -> {
                        try {
                            bodyStarted.complete(null);
                            never.await();
                        } catch (CancelledError e) {
                            bodySaw.setResult("cancelled");
                            throw e;
                        }
                        return null;
                    },
                    loop);
            bodyStarted.get(10, TimeUnit.SECONDS);
            return cf.cancel(true);
        });
        assertThat(cancelled.await()).isTrue();
        assertThat(bodySaw.await()).isEqualTo("cancelled");
    }

    @AsyncTest
    void aCancelledTaskCancelsTheCompletableFuture() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Throwable> seen = onPlainThread(() -> {
            try {
                Asyncio.runCoroutineThreadsafe(
                                () -> {
                                    Asyncio.currentTask().cancel("from inside");
                                    Asyncio.sleep(0);
                                    return "x";
                                },
                                loop)
                        .get(10, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            }
        });
        assertThat(seen.await()).isInstanceOf(CancelledError.class).hasMessage("from inside");
    }

    @AsyncTest
    void wrapFutureCompletedByAnotherThread() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Asyncio.wrapFuture(cf);
        assertThat(f.done()).isFalse();
        new Thread(() -> cf.complete("from thread")).start();
        assertThat(f.await()).isEqualTo("from thread");
    }

    @AsyncTest
    void wrapFutureFailuresAreUnwrapped() {
        IOException boom = new IOException("boom");
        CompletableFuture<String> direct = new CompletableFuture<>();
        direct.completeExceptionally(boom);
        assertThatThrownBy(() -> Asyncio.wrapFuture(direct).await()).isSameAs(boom);
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> derived = source.thenApply(s -> s + "!");
        source.completeExceptionally(boom);
        assertThatThrownBy(() -> Asyncio.wrapFuture(derived).await())
                .as("CompletionException is unwrapped")
                .isSameAs(boom);
    }

    @AsyncTest
    void wrapFutureOfAnAlreadyCompletedStage() throws Exception {
        assertThat(Asyncio.wrapFuture(CompletableFuture.completedFuture(5)).await())
                .isEqualTo(5);
    }

    @AsyncTest
    void aCancelledCompletableFutureCancelsTheLoopFuture() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Asyncio.wrapFuture(cf);
        new Thread(() -> cf.cancel(true)).start();
        assertThatThrownBy(f::await).isInstanceOf(CancelledError.class);
        assertThat(f.cancelled()).isTrue();
    }

    @AsyncTest
    void cancellingTheLoopFutureCancelsTheCompletableFuture() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Asyncio.wrapFuture(cf);
        assertThat(f.cancel()).isTrue();
        Asyncio.sleep(0); // the done callbacks run soon
        assertThat(cf.isCancelled()).isTrue();
        assertThatThrownBy(cf::join).isInstanceOf(CancellationException.class);
    }

    @AsyncTest
    void cancellingTheWaiterOfAWrappedFutureCancelsIt() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Asyncio.wrapFuture(cf);
        Task<String> waiter = Asyncio.createTask(f::await);
        Asyncio.sleep(0);
        waiter.cancel();
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
        assertThat(cf.isCancelled()).isTrue();
    }

    @Test
    void aSubmissionStillQueuedWhenTheLoopClosesFailsItsFutureInsteadOfHanging() {
        EventLoop loop = EventLoop.newEventLoop(new VirtualClock());
        CompletableFuture<String> cf = Asyncio.runCoroutineThreadsafe(() -> "never ran", loop);
        loop.close();
        assertThat(cf).as("a get() on it must not hang").isCompletedExceptionally();
        assertThatThrownBy(() -> cf.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was closed before the coroutine could start");
    }

    @Test
    void aSubmissionMadeJustBeforeTheLoopStopsAndClosesFailsItsFuture() {
        EventLoop loop = EventLoop.newEventLoop(new VirtualClock());
        List<CompletableFuture<String>> submitted = new ArrayList<>();
        loop.callSoon(() -> {
            submitted.add(Asyncio.runCoroutineThreadsafe(() -> "never ran", loop));
            loop.stop();
        });
        loop.runForever();
        loop.close();
        assertThat(submitted).singleElement().satisfies(cf -> assertThat(cf).isCompletedExceptionally());
    }

    @Test
    void aTaskThatCannotBeCreatedFailsTheFutureWithTheError() {
        // The loop callback itself, run when createTask() fails (here: the loop is closed).
        EventLoop loop = EventLoop.newEventLoop(new VirtualClock());
        loop.close();
        CompletableFuture<String> cf = new CompletableFuture<>();
        new ThreadsafeSubmission<>(loop, () -> "never ran", cf).run();
        assertThat(cf).as("the callback's failure reaches the waiting thread").isCompletedExceptionally();
        assertThatThrownBy(cf::join)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void submittingToAClosedLoopFailsAtOnce() {
        EventLoop loop = EventLoop.newEventLoop(new VirtualClock());
        loop.close();
        assertThatThrownBy(() -> Asyncio.runCoroutineThreadsafe(() -> "x", loop))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
