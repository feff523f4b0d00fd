package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/** {@link Asyncio#run} and {@link Runner}: asyncio's {@code run} and {@code Runner}. */
class RunTest {
    private static final RunOptions VIRTUAL = RunOptions.defaults().withVirtualClock();

    @Test
    void returnsTheValueOfMainAndRethrowsItsExceptionUnchanged() {
        IOException boom = new IOException("boom");
        assertThatThrownBy(() -> Asyncio.run(() -> {
            Asyncio.sleep(1.0);
            throw boom;
        }, VIRTUAL)).isSameAs(boom);
    }

    @Test
    void leftoverTasksAreCancelledAndAwaitedBeforeRunReturns() throws Exception {
        List<String> log = new ArrayList<>();
        String r = Asyncio.run(() -> {
            Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(1e6);
                } catch (CancelledError e) {
                    Asyncio.sleep(2.0); // a cleanup that suspends still runs to the end
                    log.add("leftover cleaned up at " + Asyncio.getRunningLoop().time());
                    throw e;
                }
            }, "leftover");
            Asyncio.sleep(1.0);
            return "main done";
        }, VIRTUAL);
        assertThat(r).isEqualTo("main done");
        assertThat(log).containsExactly("leftover cleaned up at 3.0");
    }

    @Test
    void aLeftoverTaskFailingDuringShutdownIsReportedToTheExceptionHandler() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        EventLoop[] made = {null};
        RunOptions options = RunOptions.defaults().withLoopFactory(() -> {
            EventLoop loop = EventLoop.newEventLoop(new VirtualClock());
            loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
            made[0] = loop;
            return loop;
        });
        Asyncio.run(() -> {
            Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(1e6);
                } catch (CancelledError e) {
                    throw new IllegalStateException("failed while cancelled");
                }
            });
            Asyncio.sleep(0);
        }, options);
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).contains("shutdown");
            assertThat(ctx.exception()).hasMessage("failed while cancelled");
        });
        assertThat(made[0].isClosed()).as("run() closes its loop").isTrue();
    }

    @Test
    void mainCancellingItselfMakesRunThrowCancelledError() {
        assertThatThrownBy(() -> Asyncio.run(() -> {
            Asyncio.currentTask().cancel("self");
            Asyncio.sleep(0);
        }, VIRTUAL)).isInstanceOf(CancelledError.class).hasMessage("self");
    }

    @AsyncTest
    void runInsideARunningLoopIsRefused() {
        assertThatThrownBy(() -> Asyncio.run(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be called from a running event loop");
    }

    @Test
    void aRunnerRunsSeveralCoroutinesOnOneLoop() throws Exception {
        EventLoop first;
        try (var runner = new Runner(VIRTUAL)) {
            first = runner.run(Asyncio::getRunningLoop);
            assertThat(runner.run(Asyncio::getRunningLoop)).isSameAs(first);
            assertThat(runner.getLoop()).isSameAs(first);
            runner.run(() -> Asyncio.sleep(5.0));
            assertThat(runner.run(() -> Asyncio.getRunningLoop().time())).as("virtual time carries over").isEqualTo(5.0);
        }
        assertThat(first.isClosed()).isTrue();
        Runner closed = new Runner();
        closed.close();
        assertThatThrownBy(() -> closed.run(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aVirtualClockMakesLongSleepsInstant() throws Exception {
        double t = Asyncio.run(() -> {
            Asyncio.sleep(3600.0);
            return Asyncio.getRunningLoop().time();
        }, VIRTUAL);
        assertThat(t).isEqualTo(3600.0);
    }

    @Test
    void runShutsTheDefaultExecutorDownAndWaitsForItsThreads() throws Exception {
        Thread worker = Asyncio.run(() -> Asyncio.toThread(Thread::currentThread), VIRTUAL);
        worker.join(10_000); // bounded; run() has already waited for the executor's termination
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void sigintCancelsTheMainTaskWhoseFinallyRunsThenRunThrowsKeyboardInterrupt() {
        List<String> log = new ArrayList<>();
        Throwable e;
        try (var runner = new Runner(VIRTUAL)) {
            e = catchThrowable(() -> runner.run(() -> {
                java.util.concurrent.CompletableFuture<Boolean> sent = new java.util.concurrent.CompletableFuture<>();
                Future<Boolean> signalled = Asyncio.wrapFuture(sent);
                new Thread(() -> sent.complete(runner.onSigint()), "fake-sigint").start();
                try {
                    signalled.await();
                    Asyncio.getRunningLoop().createFuture().await(); // waits until cancelled
                } finally {
                    log.add("main's finally ran");
                }
            }));
        }
        assertThat(e).isInstanceOf(KeyboardInterrupt.class);
        assertThat(log).containsExactly("main's finally ran");
    }

    @Test
    void aTaskAwaitingItselfFailsAtOnce() {
        Throwable e = catchThrowable(() -> Asyncio.run(() -> {
            Task<?>[] self = {null};
            Task<Object> t = Asyncio.createTask(() -> self[0].await());
            self[0] = t;
            return t.await();
        }, VIRTUAL));
        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("itself")
                .hasMessageNotContaining("deadlock");
    }
}
