package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/** The loop's scheduling API: callSoon, callLater, callAt, handles, stop and close. */
class EventLoopApiTest {
    @AsyncTest
    void callSoonRunsCallbacksInFifoOrderInTheNextIteration() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Integer> log = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.callSoon(() -> log.add(n));
        }
        assertThat(log).isEmpty();
        Asyncio.sleep(0);
        assertThat(log).containsExactly(0, 1, 2, 3, 4);
    }

    @AsyncTest
    void aCallbackScheduledByACallbackRunsInTheFollowingIteration() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("outer");
            loop.callSoon(() -> log.add("inner"));
        });
        loop.callSoon(() -> log.add("sibling"));
        Asyncio.sleep(0);
        assertThat(log).containsExactly("outer", "sibling");
        Asyncio.sleep(0);
        assertThat(log).containsExactly("outer", "sibling", "inner");
    }

    @AsyncTest
    void timersRunByDeadlineThenByScheduleOrder() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        loop.callLater(2.0, () -> log.add("2a"));
        loop.callLater(Duration.ofSeconds(1), () -> log.add("1"));
        loop.callAt(2.0, () -> log.add("2b"));
        TimerHandle h = loop.callLater(1.5, () -> log.add("1.5"));
        assertThat(h.when()).isEqualTo(1.5);
        Asyncio.sleep(3.0);
        assertThat(log).containsExactly("1", "1.5", "2a", "2b");
    }

    @AsyncTest
    void cancelledHandlesDoNotRun() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        Handle soon = loop.callSoon(() -> log.add("soon"));
        TimerHandle later = loop.callLater(1.0, () -> log.add("later"));
        soon.cancel();
        later.cancel();
        assertThat(soon.cancelled()).isTrue();
        assertThat(later.cancelled()).isTrue();
        assertThat(later.toString()).contains("cancelled");
        Asyncio.sleep(2.0);
        assertThat(log).isEmpty();
    }

    @AsyncTest
    void manyCancelledTimersAreCompactedAndTheRestStillFireInOrder() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Integer> fired = new ArrayList<>();
        List<TimerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            handles.add(loop.callLater(1.0 + (i * 7919 % 1000) / 1000.0, () -> fired.add(n)));
        }
        for (int i = 0; i < 1000; i++) {
            if (i % 10 != 0) {
                handles.get(i).cancel();
            }
        }
        assertThat(loop.timerCount()).isEqualTo(100);
        Asyncio.sleep(3.0);
        assertThat(fired).hasSize(100).allMatch(n -> n % 10 == 0);
        List<Double> whens = new ArrayList<>();
        for (int n : fired) {
            whens.add(handles.get(n).when());
        }
        assertThat(whens).isSorted();
    }

    @AsyncTest
    void sleepArguments() {
        EventLoop loop = Asyncio.getRunningLoop();
        Asyncio.sleep(-5.0);
        Asyncio.sleep(Duration.ofSeconds(-5));
        assertThat(loop.time()).as("a negative delay is sleep(0)").isZero();
        assertThatThrownBy(() -> Asyncio.sleep(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sleep(NaN): a delay must be a number of seconds (or +Infinity)");
        assertThatThrownBy(() -> loop.callLater(Double.NaN, () -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callLater(NaN): a delay must be a number of seconds (or +Infinity)");
        assertThatThrownBy(() -> Asyncio.waitFor(loop.createFuture(), Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("waitFor(NaN): a delay must be a number of seconds (or +Infinity)");
        assertThatThrownBy(() -> loop.callAt(Double.NaN, () -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callAt(NaN) on " + loop + ": the time must be a number of loop seconds (as time() returns)");
        Task<Void> forever = Asyncio.createTask(() -> Asyncio.sleep(Double.POSITIVE_INFINITY));
        Asyncio.sleep(1.0);
        forever.cancel();
        assertThatThrownBy(forever::await).isInstanceOf(CancelledError.class);
    }

    @AsyncTest
    void aPastTimeRunsSoonAndTimeIsExactOnTheVirtualClock() {
        EventLoop loop = Asyncio.getRunningLoop();
        Asyncio.sleep(5.0);
        List<Double> log = new ArrayList<>();
        loop.callAt(1.0, () -> log.add(loop.time()));
        Asyncio.sleep(0); // as in asyncio, due timers run after the callbacks already ready (this step)
        Asyncio.sleep(0);
        assertThat(log).containsExactly(5.0);
        assertThat(loop.clock().isVirtual()).isTrue();
    }

    @AsyncTest
    void aFailingCallbackIsReportedAndTheLoopGoesOn() {
        EventLoop loop = Asyncio.getRunningLoop();
        ExceptionHandler previous = loop.getExceptionHandler();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        try {
            loop.callSoon(() -> { throw new IllegalStateException("callback failed"); });
            Asyncio.sleep(0);
            assertThat(reports).singleElement().satisfies(ctx -> assertThat(ctx.exception()).hasMessage("callback failed"));
        } finally {
            loop.setExceptionHandler(previous);
        }
    }

    @AsyncTest
    void aFailingExceptionHandlerFallsBackToTheDefault() {
        EventLoop loop = Asyncio.getRunningLoop();
        ExceptionHandler previous = loop.getExceptionHandler();
        loop.setExceptionHandler((l, ctx) -> { throw new IllegalStateException("handler broken"); });
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("org.jasyncio");
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean parents = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
        jul.addHandler(capture);
        try {
            loop.callExceptionHandler(new ExceptionContext("the original report", new RuntimeException("x")));
        } finally {
            jul.removeHandler(capture);
            jul.setUseParentHandlers(parents);
            loop.setExceptionHandler(previous);
        }
        assertThat(logged).as("the handler's failure and the original report are both logged")
                .anyMatch(m -> m.startsWith("Unhandled error in exception handler"))
                .anyMatch(m -> m.equals("the original report"));
    }

    @Test
    void runUntilCompleteStopAndClose() throws Exception {
        EventLoop loop = EventLoop.newEventLoop(new VirtualClock());
        try {
            assertThat(loop.isRunning()).isFalse();
            assertThat(loop.runUntilComplete(() -> {
                Asyncio.sleep(10.0);
                return Asyncio.getRunningLoop().isRunning();
            })).isTrue();
            assertThat(loop.time()).isEqualTo(10.0);
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> log.add("a"));
            loop.callSoon(loop::stop);
            loop.callSoon(() -> log.add("b"));
            loop.runForever();
            assertThat(log).as("stop() lets the current iteration finish").containsExactly("a", "b");
        } finally {
            loop.close();
        }
        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(() -> loop.callSoon(() -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        loop.close(); // idempotent
    }

    @AsyncTest
    void closingOrRerunningARunningLoopIsRefused() {
        EventLoop loop = Asyncio.getRunningLoop();
        assertThatThrownBy(loop::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("running");
        assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class);
    }

    @AsyncTest
    void toStringAndStatistics() {
        EventLoop loop = Asyncio.getRunningLoop();
        assertThat(loop.toString()).contains("running").contains("virtual-clock").contains("engine=" + loop.strandEngine());
        assertThat(loop.statistics()).anyMatch(s -> s.startsWith("tasks="));
    }

    @AsyncTest
    void callLaterWithAHugeDurationDoesNotOverflow() {
        TimerHandle h = Asyncio.getRunningLoop().callLater(Duration.ofDays(1_000_000), () -> { });
        assertThat(h.when()).isGreaterThan(1e9);
        h.cancel();
    }
}
