package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Asyncio.run and Runner: how they start, what they return, and how they end. */
class RunnerTest {
    private static final RunOptions VIRTUAL = RunOptions.defaults().withVirtualClock();

    @Test
    void runCancelsLeftoverTasksAndWaitsForTheirCleanup() throws Exception {
        List<String> log = new ArrayList<>();
        Asyncio.run(() -> {
            Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(3600);
                } catch (CancelledError e) {
                    log.add("leftover cancelled");
                    throw e;
                } finally {
                    Asyncio.sleep(1.0); // cleanup may suspend too
                    log.add("leftover cleaned up");
                }
            });
            Asyncio.sleep(0);
            log.add("main done");
        }, VIRTUAL);
        assertThat(log).containsExactly("main done", "leftover cancelled", "leftover cleaned up");
    }

    @Test
    void leftoverTaskFailingDuringShutdownIsReported() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        try (Runner r = new Runner(VIRTUAL)) {
            r.getLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            r.run(() -> {
                Asyncio.createTask(() -> {
                    try {
                        Asyncio.sleep(3600);
                    } finally {
                        throw new IllegalStateException("cleanup failed");
                    }
                });
                Asyncio.sleep(0);
            });
        }
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).contains("shutdown");
            assertThat(ctx.exception()).hasMessage("cleanup failed");
        });
    }

    @Test
    void runnerRunsSeveralCoroutinesOnOneLoop() throws Exception {
        try (Runner r = new Runner(VIRTUAL)) {
            EventLoop first = r.run(Asyncio::getRunningLoop);
            EventLoop second = r.run(Asyncio::getRunningLoop);
            assertThat(first).isSameAs(second).isSameAs(r.getLoop());
            assertThat(r.run(() -> {
                Asyncio.sleep(10.0);
                return Asyncio.getRunningLoop().time();
            })).isEqualTo(10.0);
        }
    }

    @Test
    void runnerRefusesUseAfterClose() {
        Runner r = new Runner(VIRTUAL);
        r.close();
        assertThatThrownBy(() -> r.run(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("run() on <Runner closed>: a Runner cannot be reused after close()");
        assertThatThrownBy(r::getLoop).isInstanceOf(IllegalStateException.class)
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

    @Test
    void runInsideARunningLoopIsRefused() throws Exception {
        Throwable e = Asyncio.run(() -> {
            try {
                Asyncio.run(() -> 1);
                return null;
            } catch (IllegalStateException ex) {
                return ex;
            }
        }, VIRTUAL);
        assertThat(e).hasMessageContaining("cannot be called from a running event loop");
    }

    @Test
    void mainTaskExceptionPropagatesUnchanged() {
        assertThatThrownBy(() -> Asyncio.run(() -> {
            Asyncio.sleep(1.0);
            throw new java.io.FileNotFoundException("nope.txt");
        }, VIRTUAL)).isInstanceOf(java.io.FileNotFoundException.class).hasMessage("nope.txt");
    }

    @Test
    void sigintCancelsTheMainTaskThenRunThrowsKeyboardInterrupt() {
        List<String> log = new ArrayList<>();
        Runner r = new Runner(VIRTUAL);
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
        })).isInstanceOf(KeyboardInterrupt.class).hasCauseInstanceOf(CancelledError.class);
        r.close();
        assertThat(log).containsExactly("first ctrl-c handled=true", "second ctrl-c handled=false", "main task cleaned up");
    }

    @Test
    void runShutsTheDefaultExecutorDown() throws Exception {
        EventLoop[] loop = {null};
        String name = Asyncio.run(() -> {
            loop[0] = Asyncio.getRunningLoop();
            return Asyncio.toThread(() -> Thread.currentThread().getName());
        });
        assertThat(name).startsWith("jasyncio-executor-");
        assertThat(loop[0].isClosed()).isTrue();
    }

    @Test
    void runClosesGeneratorsLeftOpen() throws Exception {
        List<String> log = new ArrayList<>();
        Asyncio.run(() -> {
            Generator<Integer> g = Asyncio.generator(emit -> {
                try {
                    for (int i = 0; ; i++) {
                        emit.yield(i);
                    }
                } finally {
                    log.add("generator finally ran");
                }
            });
            var it = g.iterator();
            log.add("got " + it.next());
        }, VIRTUAL);
        assertThat(log).containsExactly("got 0", "generator finally ran");
    }
}
