package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.Fixtures.now;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#run} and {@link Runner}, asyncio's {@code run} and {@code Runner}: what they return
 * and rethrow, how they shut down, and Ctrl-C. (Leftover generators: {@link GeneratorTest}.)
 */
class RunnerTest {
    private static final RunOptions VIRTUAL = RunOptions.defaults().withVirtualClock();

    // ---- Asyncio.run: the main coroutine's outcome ----

    @Test
    void runRethrowsTheExceptionOfMainUnchanged() {
        IOException boom = new IOException("boom");
        assertThatThrownBy(() -> Asyncio.run(
                        () -> {
                            Asyncio.sleep(1.0);
                            throw boom;
                        },
                        VIRTUAL))
                .isSameAs(boom);
    }

    @Test
    void mainCancellingItselfMakesRunThrowCancelledError() {
        assertThatThrownBy(() -> Asyncio.run(
                        () -> {
                            Asyncio.currentTask().cancel("self");
                            Asyncio.sleep(0);
                        },
                        VIRTUAL))
                .isInstanceOf(CancelledError.class)
                .hasMessage("self");
    }

    @AsyncTest
    void runInsideARunningLoopIsRefused() {
        assertThatThrownBy(() -> Asyncio.run(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be called from a running event loop");
    }

    @Test
    void onAVirtualClockLongSleepsTakeNoTime() throws Exception {
        double t = Asyncio.run(
                () -> {
                    Asyncio.sleep(3600.0);
                    return now();
                },
                VIRTUAL);
        assertThat(t).isEqualTo(3600.0);
    }

    // ---- Asyncio.run: shutdown ----

    @Test
    void leftoverTasksAreCancelledAndAwaitedBeforeRunReturns() throws Exception {
        List<String> log = new ArrayList<>();
        String r = Asyncio.run(
                () -> {
                    Asyncio.createTask(
                            () -> {
                                try {
                                    Asyncio.sleep(1e6);
                                } catch (CancelledError e) {
                                    Asyncio.sleep(2.0); // a cleanup that suspends still runs to the end
                                    log.add("leftover cleaned up at " + now());
                                    throw e;
                                }
                            },
                            "leftover");
                    Asyncio.sleep(1.0);
                    return "main done";
                },
                VIRTUAL);
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
        Asyncio.run(
                () -> {
                    Asyncio.createTask(() -> {
                        try {
                            Asyncio.sleep(1e6);
                        } catch (CancelledError e) {
                            throw new IllegalStateException("failed while cancelled");
                        }
                    });
                    Asyncio.sleep(0);
                },
                options);
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).contains("shutdown");
            assertThat(ctx.exception()).hasMessage("failed while cancelled");
        });
        assertThat(made[0].isClosed()).as("run() closes its loop").isTrue();
    }

    @Test
    void runShutsTheDefaultExecutorDownAndWaitsForItsThreads() throws Exception {
        Thread worker = Asyncio.run(() -> Asyncio.toThread(Thread::currentThread), VIRTUAL);
        worker.join(10_000); // bounded; run() has already waited for the executor's termination
        assertThat(worker.isAlive()).isFalse();
    }

    // ---- Runner ----

    @Test
    void aRunnerRunsSeveralCoroutinesOnOneLoopAndClosesItAtTheEnd() throws Exception {
        EventLoop first;
        try (var runner = new Runner(VIRTUAL)) {
            first = runner.run(Asyncio::getRunningLoop);
            assertThat(runner.run(Asyncio::getRunningLoop)).isSameAs(first);
            assertThat(runner.getLoop()).isSameAs(first);
            runner.run(() -> Asyncio.sleep(5.0));
            assertThat(runner.run(Fixtures::now))
                    .as("virtual time carries over")
                    .isEqualTo(5.0);
        }
        assertThat(first.isClosed()).isTrue();
    }

    @Test
    void aClosedRunnerRefusesToRun() {
        Runner r = new Runner(VIRTUAL);
        r.close();
        assertThatThrownBy(() -> r.run(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("run() on <Runner closed>: a Runner cannot be reused after close()");
        assertThatThrownBy(r::getLoop)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("getLoop() on <Runner closed>: a Runner cannot be reused after close()");
    }

    @Test
    void runnerShowsItsStateAndLoop() throws Exception {
        Runner r = new Runner(VIRTUAL);
        assertThat(r).hasToString("<Runner created>");
        String during = r.run(() -> r.toString());
        EventLoop loop = r.getLoop();
        assertThat(during).matches("<Runner initialized loop=<EventLoop-\\d+ running .*> main=<Task pending .*>>");
        assertThat(r).hasToString("<Runner initialized loop=" + loop + ">");
        r.close();
        assertThat(r).hasToString("<Runner closed>");
        r.close(); // a second close() is harmless
        assertThat(r).hasToString("<Runner closed>");
    }

    @Test
    void aRunnerClosedBeforeUseNeverMakesALoop() {
        Runner r = new Runner(VIRTUAL);
        r.close();
        assertThat(r).hasToString("<Runner closed>");
    }

    // ---- Ctrl-C ----

    @Test
    void sigintCancelsTheMainTaskOnceThenRunThrowsKeyboardInterrupt() {
        List<String> log = new ArrayList<>();
        try (Runner r = new Runner(VIRTUAL)) {
            assertThatThrownBy(() -> r.run(() -> {
                        // What the SIGINT handler does, from the signal thread:
                        Thread signal = new Thread(() -> log.add("first ctrl-c handled=" + r.onSigint()));
                        signal.start();
                        signal.join();
                        log.add("second ctrl-c handled=" + r.onSigint());
                        try {
                            Asyncio.sleep(3600);
                        } finally {
                            log.add("main task cleaned up");
                        }
                    }))
                    .isInstanceOf(KeyboardInterrupt.class)
                    .hasCauseInstanceOf(CancelledError.class);
        }
        assertThat(log)
                .containsExactly("first ctrl-c handled=true", "second ctrl-c handled=false", "main task cleaned up");
    }
}
