package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop itself, driven by hand: scheduling order, timers, running, stopping, closing, errors. */
class EventLoopTest {
    private final VirtualClock clock = new VirtualClock();
    private final EventLoop loop = EventLoop.newEventLoop(clock);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private void runUntilIdle() throws Exception {
        Future<Void> done = loop.createFuture();
        loop.callLater(1e6, () -> done.setResult(null)); // after every timer of these tests
        loop.runUntilComplete(done);
    }

    @Test
    void callSoonRunsCallbacksInFifoOrder() throws Exception {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int k = i;
            loop.callSoon(() -> order.add(k));
        }
        runUntilIdle();
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void callbacksScheduledByACallbackRunInTheNextIteration() throws Exception {
        List<String> order = new ArrayList<>();
        loop.callSoon(() -> {
            order.add("a");
            loop.callSoon(() -> order.add("c"));
        });
        loop.callSoon(() -> order.add("b"));
        runUntilIdle();
        assertThat(order).containsExactly("a", "b", "c");
    }

    @Test
    void timersRunInDueOrderAndTiesInSchedulingOrder() throws Exception {
        List<String> order = new ArrayList<>();
        loop.callLater(2.0, () -> order.add("2s"));
        loop.callLater(1.0, () -> order.add("1s-first"));
        loop.callLater(Duration.ofSeconds(1), () -> order.add("1s-second"));
        loop.callAt(0.5, () -> order.add("at 0.5"));
        loop.callAt(-10, () -> order.add("past"));
        runUntilIdle();
        assertThat(order).containsExactly("past", "at 0.5", "1s-first", "1s-second", "2s");
    }

    @Test
    void timerSeesTheLoopTimeItWasDueAtOnTheVirtualClock() throws Exception {
        List<Double> seen = new ArrayList<>();
        loop.callLater(3600.0, () -> seen.add(loop.time()));
        runUntilIdle();
        assertThat(seen).containsExactly(3600.0);
    }

    @Test
    void cancelledHandlesAndTimersDoNotRun() throws Exception {
        List<String> ran = new ArrayList<>();
        Handle h = loop.callSoon(() -> ran.add("soon"));
        TimerHandle t = loop.callLater(1.0, () -> ran.add("later"));
        h.cancel();
        t.cancel();
        assertThat(h.cancelled()).isTrue();
        assertThat(t.cancelled()).isTrue();
        runUntilIdle();
        assertThat(ran).isEmpty();
    }

    @Test
    void manyCancelledTimersAreCompactedAway() {
        List<TimerHandle> hs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            hs.add(loop.callLater(10.0 + i, () -> { }));
        }
        for (int i = 0; i < 900; i++) {
            hs.get(i).cancel();
        }
        assertThat(loop.timerCount()).as("live timers after cancelling 900 of 1000").isEqualTo(100);
        assertThat(loop.statistics()).contains("timers=100");
    }

    @Test
    void timerHandleReportsWhenInLoopSeconds() {
        TimerHandle t = loop.callLater(2.5, () -> { });
        assertThat(t.when()).isEqualTo(2.5);
        assertThat(t.getLoop()).isSameAs(loop);
    }

    @Test
    void stopEndsRunForeverAfterTheCurrentIteration() {
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> {
            ran.add("first");
            loop.stop();
        });
        loop.callSoon(() -> ran.add("same iteration"));
        loop.runForever();
        assertThat(ran).containsExactly("first", "same iteration");
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void runUntilCompleteReturnsTheResultAndRethrows() throws Exception {
        assertThat(loop.runUntilComplete(() -> {
            Asyncio.sleep(5.0);
            return "five";
        })).isEqualTo("five");
        assertThat(loop.time()).isEqualTo(5.0);
        assertThatThrownBy(() -> loop.runUntilComplete(() -> {
            throw new java.io.IOException("disk");
        })).isInstanceOf(java.io.IOException.class).hasMessage("disk");
    }

    @Test
    void runUntilCompleteFailsWhenStoppedEarly() {
        Future<String> never = loop.createFuture();
        loop.callSoon(loop::stop);
        assertThatThrownBy(() -> loop.runUntilComplete(never))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped before");
    }

    @Test
    void closedLoopRefusesWorkAndCloseIsIdempotent() {
        loop.close();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(() -> loop.callSoon(() -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeWhileRunningIsRefused() throws Exception {
        List<Throwable> errors = new ArrayList<>();
        loop.callSoon(() -> {
            try {
                loop.close();
            } catch (IllegalStateException e) {
                errors.add(e);
            }
        });
        runUntilIdle();
        assertThat(errors).singleElement().extracting(Throwable::getMessage).asString().contains("while it is running");
    }

    @Test
    void callbackExceptionsGoToTheExceptionHandlerAndTheLoopGoesOn() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> {
            throw new IllegalArgumentException("bad callback");
        });
        loop.callSoon(() -> ran.add("next"));
        runUntilIdle();
        assertThat(ran).containsExactly("next");
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.exception()).hasMessage("bad callback");
            assertThat(ctx.message()).startsWith("Exception in callback");
            assertThat(ctx.handle()).isNotNull();
        });
    }

    @Test
    void aFailingExceptionHandlerFallsBackToTheDefault() throws Exception {
        loop.setExceptionHandler((l, ctx) -> {
            throw new IllegalStateException("handler broke");
        });
        loop.callSoon(() -> {
            throw new IllegalArgumentException("bad callback");
        });
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> ran.add("still running"));
        runUntilIdle();
        assertThat(ran).containsExactly("still running");
    }

    @Test
    void callSoonThreadsafeWakesALoopBlockedOnRealTime() throws Exception {
        try (EventLoop real = EventLoop.newEventLoop()) {
            Future<String> f = real.createFuture();
            Thread other = new Thread(() -> {
                String sender = Thread.currentThread().getName();
                real.callSoonThreadsafe(() -> f.setResult("from " + sender));
            }, "other-thread");
            real.callSoon(other::start);
            assertThat(real.runUntilComplete(f)).isEqualTo("from other-thread");
            other.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void loopMethodsFromAForeignThreadWhileRunningThrow() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Future<Void> done = loop.createFuture();
        loop.callSoon(() -> {
            loop.runInExecutor(null, () -> {
                try {
                    loop.callSoon(() -> { });
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
                return null;
            }).addDoneCallback(f -> done.setResult(null));
        });
        loop.runUntilComplete(done);
        assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("callSoonThreadsafe");
    }

    @Test
    void debugModeLogsSlowCallbacksWithoutStoppingThem() throws Exception {
        loop.setDebug(true);
        loop.setSlowCallbackDuration(Duration.ZERO);
        assertThat(loop.getDebug()).isTrue();
        assertThat(loop.getSlowCallbackDuration()).isEqualTo(Duration.ZERO);
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> ran.add("slow but fine"));
        runUntilIdle();
        assertThat(ran).containsExactly("slow but fine");
        assertThatThrownBy(() -> loop.setSlowCallbackDuration(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNullSlowCallbackDurationIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> loop.setSlowCallbackDuration(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("duration");
        assertThat(loop.getSlowCallbackDuration()).as("the threshold is unchanged").isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void debugModeRecordsWhereTasksWereCreated() throws Exception {
        loop.setDebug(true);
        Task<Integer> t = loop.createTask(() -> 1, "recorded");
        assertThat(t.creationSite()).isNotNull();
        assertThat(t.creationSite().getStackTrace()[0].getClassName()).isEqualTo(Task.class.getName());
        assertThat(loop.runUntilComplete(t)).isEqualTo(1);
    }

    @Test
    void virtualClockDeadlockFailsWithWhereTasksWait() {
        assertThatThrownBy(() -> loop.runUntilComplete(() -> {
            Future<Void> never = Asyncio.getRunningLoop().createFuture();
            never.await();
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock")
                .hasMessageContaining("waiting for <Future pending");
    }

    @Test
    void aChannelClosedWhileWatchedDoesNotKeepTheVirtualClockWaitingForIo() throws Exception {
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try {
            // With the interest stuck, awaiting a future nobody completes would wait for I/O forever
            // instead of being reported as a deadlock.
            assertThatThrownBy(() -> loop.runUntilComplete(() -> {
                EventLoop l = Asyncio.getRunningLoop();
                l.addReader(pipe.source(), () -> { });
                pipe.source().close(); // cancels the key behind the loop's back
                assertThat(l.removeReader(pipe.source())).isFalse();
                Future<Void> never = l.createFuture();
                never.await();
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock");
        } finally {
            pipe.sink().close();
        }
    }

    @Test
    void aListeningServerDoesNotStopVirtualTimeButCountsAgainstDeadlock() throws Exception {
        try (var server = java.nio.channels.ServerSocketChannel.open()) {
            server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            double slept = loop.runUntilComplete(() -> {
                EventLoop l = Asyncio.getRunningLoop();
                l.addReader(server, () -> { });
                double t0 = l.time();
                Asyncio.sleep(3600.0);
                return l.time() - t0;
            });
            assertThat(slept).isEqualTo(3600.0);
            assertThat(loop.statistics()).contains("io=waiting");
            assertThat(loop.removeReader(server)).isTrue();
            assertThat(loop.statistics()).contains("io=idle");
        }
    }

    @Test
    void toStringShowsStateEngineAndClock() {
        assertThat(loop.toString()).contains("idle").contains("virtual-clock").contains("engine=");
        assertThat(loop.strandEngine()).isIn("continuation", "virtual");
    }
}
