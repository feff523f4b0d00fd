package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jasyncio.testing.AsyncTest;

/** {@link Asyncio#toThread} and {@link EventLoop#runInExecutor}: blocking code off the loop thread. */
class ToThreadTest {
    @AsyncTest
    void returnsTheValueComputedOnAnotherThread() throws Exception {
        Thread[] loopThread = {null};
        Asyncio.getRunningLoop().callSoon(() -> loopThread[0] = Thread.currentThread());
        Asyncio.sleep(0);
        Thread worker = Asyncio.toThread(Thread::currentThread);
        assertThat(worker).isNotSameAs(loopThread[0]).isNotSameAs(Thread.currentThread());
        assertThat(worker.getName()).startsWith("jasyncio-executor-");
        assertThat(Asyncio.toThread(() -> 6 * 7)).isEqualTo(42);
    }

    @AsyncTest
    void theBlockingCallsExceptionPropagatesUnchanged() {
        IOException boom = new IOException("boom");
        assertThatThrownBy(() -> Asyncio.toThread(() -> {
                    throw boom;
                }))
                .isSameAs(boom);
        assertThatThrownBy(() -> Asyncio.toThread((Asyncio.BlockingCall) () -> {
                    throw boom;
                }))
                .isSameAs(boom);
    }

    @AsyncTest
    void theLoopKeepsRunningWhileTheThreadBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Task<String> blocking = Asyncio.createTask(() -> Asyncio.toThread(() -> {
            release.await(10, TimeUnit.SECONDS);
            return "unblocked";
        }));
        int[] ticks = {0};
        for (int i = 0; i < 100; i++) {
            Asyncio.sleep(0);
            ticks[0]++;
        }
        assertThat(blocking.done()).isFalse();
        assertThat(ticks[0]).as("other tasks run while a thread blocks").isEqualTo(100);
        release.countDown();
        assertThat(blocking.await()).isEqualTo("unblocked");
    }

    @AsyncTest
    void cancellingTheWaiterDoesNotInterruptTheThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> threadOutcome = new CompletableFuture<>();
        Future<String> outcome = Asyncio.wrapFuture(threadOutcome);
        Task<String> waiter = Asyncio.createTask(() -> Asyncio.toThread(() -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
                threadOutcome.complete(
                        "finished, interrupted=" + Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                threadOutcome.complete("interrupted");
            }
            return "value nobody reads";
        }));
        Asyncio.toThread(() -> started.await(10, TimeUnit.SECONDS));
        waiter.cancel("no longer needed");
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class).hasMessage("no longer needed");
        release.countDown();
        assertThat(outcome.await()).isEqualTo("finished, interrupted=false");
    }

    @AsyncTest
    void runInExecutorUsesTheGivenExecutor() throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-executor"));
        try {
            Future<String> f = Asyncio.getRunningLoop()
                    .runInExecutor(ex, () -> Thread.currentThread().getName());
            assertThat(f.await()).isEqualTo("my-executor");
            Future<String> g = Asyncio.getRunningLoop()
                    .runInExecutor(null, () -> Thread.currentThread().getName());
            assertThat(g.await()).startsWith("jasyncio-executor-");
        } finally {
            ex.shutdown();
        }
    }

    @AsyncTest
    void runInExecutorFailureAndARejectingExecutor() {
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        Future<Object> f = Asyncio.getRunningLoop().runInExecutor(null, () -> {
            throw bad;
        });
        assertThatThrownBy(f::await).isSameAs(bad);
        ExecutorService dead = Executors.newSingleThreadExecutor();
        dead.shutdown();
        assertThatThrownBy(() -> Asyncio.getRunningLoop().runInExecutor(dead, () -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rejected");
    }

    @AsyncTest
    void manyBlockingCallsInParallel() throws Exception {
        List<Integer> r = Asyncio.gather(
                () -> Asyncio.toThread(() -> 1),
                () -> Asyncio.toThread(() -> 2),
                () -> Asyncio.toThread(() -> 3),
                () -> Asyncio.toThread(() -> 4),
                () -> Asyncio.toThread(() -> 5),
                () -> Asyncio.toThread(() -> 6));
        assertThat(r).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @AsyncTest
    void outsideATaskIsRefused() throws Exception {
        Future<Object> seen = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> {
            try {
                Asyncio.toThread(() -> 1);
                seen.setResult("no error");
            } catch (Throwable e) {
                seen.setResult(e);
            }
        });
        assertThat(seen.await()).isInstanceOf(IllegalStateException.class);
    }

    @AsyncTest
    void theDefaultExecutorAfterItsShutdownIsRefusedWithTheRule() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        loop.shutdownDefaultExecutor();
        assertThatThrownBy(() -> Asyncio.toThread(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "the default executor of " + loop + " was shut down by shutdownDefaultExecutor() (Asyncio.run"
                                + " and Runner do so at the end): runInExecutor(null, ...) and toThread() cannot use it any more;"
                                + " pass an executor of your own");
    }

    // On a virtual clock, an executor job the loop awaits is progress that needs no time to pass: the
    // clock stands still until its result is back. The jobs below block for 50 ms of real time on purpose
    // (a slow getaddrinfo, say): their real duration, far longer than the virtual delays around them, is
    // the subject, not a wait for something.

    @AsyncTest
    void aVirtualTimeoutDoesNotFireWhileTheLoopAwaitsAThread() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        double t0 = loop.time();
        String r;
        try (var t = Asyncio.timeout(0.001)) {
            r = Asyncio.toThread(() -> {
                Thread.sleep(50);
                return "done";
            });
        }
        assertThat(r).isEqualTo("done");
        assertThat(loop.time())
                .as("no virtual time passed while the thread worked")
                .isEqualTo(t0);
    }

    @AsyncTest
    void aTimerDueWhileAJobRunsFiresAfterItAtItsExactVirtualTime() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        double t0 = loop.time();
        Future<String> job = loop.runInExecutor(null, () -> {
            Thread.sleep(50);
            return "done";
        });
        Task<Boolean> timer = Asyncio.createTask(() -> {
            Asyncio.sleep(0.001);
            return job.done();
        });
        assertThat(job.await()).isEqualTo("done");
        assertThat(timer.done()).as("the timer waits for the job").isFalse();
        assertThat(timer.await()).as("the job was back when the timer fired").isTrue();
        assertThat(loop.time() - t0).isCloseTo(0.001, within(1e-9));
    }

    @AsyncTest
    void aJobWhoseFutureIsCancelledNoLongerHoldsTheClock() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        double t0 = loop.time();
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> job = loop.runInExecutor(null, () -> release.await(10, TimeUnit.SECONDS));
        job.cancel();
        try {
            // Its thread still blocks, but nobody awaits its result any more: time may pass.
            Asyncio.sleep(0.001);
            assertThat(loop.time() - t0).isCloseTo(0.001, within(1e-9));
            assertThat(release.getCount()).as("the thread was still blocked").isEqualTo(1);
        } finally {
            release.countDown();
        }
    }
}
