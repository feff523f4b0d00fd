package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.Fixtures.named;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.jasyncio.Fixtures.LogCapture;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop}: callSoon, callLater, callAt and their handles, sleep's arguments, running,
 * stopping and closing, errors in callbacks, debug mode, and the virtual clock's deadlock and I/O rules.
 * Most tests run inside the loop ({@link AsyncTest}); those about running and closing it drive a
 * loop of their own by hand ({@link #newLoop()}).
 */
class EventLoopTest {
    /** The loop a hand-driven test made with {@link #newLoop()}, or null; closed after the test. */
    private EventLoop handDriven;

    /** A new loop on a virtual clock, not running: the test drives it. */
    private EventLoop newLoop() {
        handDriven = EventLoop.newEventLoop(new VirtualClock());
        return handDriven;
    }

    @AfterEach
    void closeTheHandDrivenLoop() {
        if (handDriven != null) {
            handDriven.close();
        }
    }

    /** Runs a hand-driven {@code loop} until every timer of these tests is past. */
    private static void runUntilIdle(EventLoop loop) throws Exception {
        Future<Void> done = loop.createFuture();
        loop.callLater(1e6, () -> done.setResult(null));
        loop.runUntilComplete(done);
    }

    // ---- callSoon: first in, first out, one iteration at a time ----

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

    // ---- timers: callLater, callAt, sleep ----

    @AsyncTest
    void timersRunByDeadlineAndTiesInSchedulingOrder() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        loop.callLater(2.0, () -> log.add("2s"));
        loop.callLater(1.0, () -> log.add("1s-first"));
        loop.callLater(Duration.ofSeconds(1), () -> log.add("1s-second"));
        loop.callAt(2.0, () -> log.add("at 2.0"));
        loop.callAt(0.5, () -> log.add("at 0.5"));
        loop.callAt(-10, () -> log.add("past"));
        Asyncio.sleep(3.0);
        assertThat(log).containsExactly("past", "at 0.5", "1s-first", "1s-second", "2s", "at 2.0");
    }

    @AsyncTest
    void aTimeOrDelayFarInThePastEvenMinusInfinityRunsSoon() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        loop.callAt(-10, () -> log.add("at -10"));
        loop.callAt(Double.NEGATIVE_INFINITY, () -> log.add("at -Infinity"));
        loop.callAt(-1e10, () -> log.add("at -1e10"));
        loop.callAt(-Double.MAX_VALUE, () -> log.add("at -MAX_VALUE"));
        loop.callLater(Double.NEGATIVE_INFINITY, () -> log.add("in -Infinity"));
        Asyncio.sleep(Double.NEGATIVE_INFINITY);
        Asyncio.sleep(0);
        assertThat(log)
                .as("callAt with a time below about -9.2e9 s once saturated to 292 years ahead;"
                        + " every past time must run soon, the farthest first")
                .containsExactly("at -Infinity", "at -1e10", "at -MAX_VALUE", "at -10", "in -Infinity");
        assertThat(loop.time()).as("nothing waited for loop time").isZero();
    }

    @AsyncTest
    void onTheVirtualClockATimerSeesExactlyTheTimeItWasDueAt() {
        EventLoop loop = Asyncio.getRunningLoop();
        assertThat(loop.clock().isVirtual()).isTrue();
        List<Double> seen = new ArrayList<>();
        loop.callLater(3600.0, () -> seen.add(loop.time()));
        Asyncio.sleep(3601.0);
        assertThat(seen).containsExactly(3600.0);
    }

    @AsyncTest
    void aTimerDueInThePastRunsAfterTheCallbacksAlreadyReady() {
        EventLoop loop = Asyncio.getRunningLoop();
        Asyncio.sleep(5.0);
        List<Double> log = new ArrayList<>();
        loop.callAt(1.0, () -> log.add(loop.time()));
        Asyncio.sleep(0); // as in asyncio, due timers run after the callbacks already ready (this step)
        assertThat(log).isEmpty();
        Asyncio.sleep(0);
        assertThat(log).containsExactly(5.0);
    }

    @AsyncTest
    void callLaterWithAHugeDurationDoesNotOverflow() {
        TimerHandle h = Asyncio.getRunningLoop().callLater(Duration.ofDays(1_000_000), () -> {});
        assertThat(h.when()).isGreaterThan(1e9);
        h.cancel();
    }

    @AsyncTest
    void aNegativeSleepIsSleepZero() {
        Asyncio.sleep(-5.0);
        Asyncio.sleep(Duration.ofSeconds(-5));
        assertThat(Asyncio.getRunningLoop().time()).isZero();
    }

    @AsyncTest
    void delaysAndTimesRefuseNaNNamingTheCall() {
        EventLoop loop = Asyncio.getRunningLoop();
        assertThatThrownBy(() -> Asyncio.sleep(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sleep(NaN): a delay must be a number of seconds (or +Infinity)");
        assertThatThrownBy(() -> loop.callLater(Double.NaN, () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callLater(NaN): a delay must be a number of seconds (or +Infinity)");
        assertThatThrownBy(() -> Asyncio.waitFor(loop.createFuture(), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("waitFor(NaN): a delay must be a number of seconds (or +Infinity)");
        assertThatThrownBy(() -> loop.callAt(Double.NaN, () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "callAt(NaN) on " + loop + ": the time must be a number of loop seconds (as time() returns)");
    }

    @AsyncTest
    void anInfiniteSleepLastsUntilCancelled() {
        Task<Void> forever = Asyncio.createTask(() -> Asyncio.sleep(Double.POSITIVE_INFINITY));
        Asyncio.sleep(1.0);
        forever.cancel();
        assertThatThrownBy(forever::await).isInstanceOf(CancelledError.class);
    }

    // ---- handles ----

    @AsyncTest
    void cancelledHandlesAndTimersDoNotRun() {
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
        assertThat(loop.timerCount())
                .as("live timers after cancelling 900 of 1000")
                .isEqualTo(100);
        assertThat(loop.statistics()).contains("timers=100");
        Asyncio.sleep(3.0);
        assertThat(fired).hasSize(100).allMatch(n -> n % 10 == 0);
        List<Double> whens = new ArrayList<>();
        for (int n : fired) {
            whens.add(handles.get(n).when());
        }
        assertThat(whens).isSorted();
    }

    @AsyncTest
    void aTimerHandleKnowsItsDueTimeAndItsLoop() {
        EventLoop loop = Asyncio.getRunningLoop();
        TimerHandle t = loop.callLater(2.5, () -> {});
        assertThat(t.when()).isEqualTo(2.5);
        assertThat(t.getLoop()).isSameAs(loop);
        t.cancel();
    }

    // ---- running, stopping, closing (a loop driven by hand) ----

    @Test
    void runUntilCompleteRunsTheLoopAndReturnsTheResultOrRethrows() throws Exception {
        EventLoop loop = newLoop();
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.runUntilComplete(() -> {
                    Asyncio.sleep(5.0);
                    return Asyncio.getRunningLoop().isRunning() ? "five, running" : "five, not running?";
                }))
                .isEqualTo("five, running");
        assertThat(loop.time()).isEqualTo(5.0);
        assertThat(loop.isRunning()).isFalse();
        assertThatThrownBy(() -> loop.runUntilComplete(() -> {
                    throw new java.io.IOException("disk");
                }))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("disk");
    }

    @Test
    void runUntilCompleteFailsIfTheLoopStopsBeforeTheFutureIsDone() {
        EventLoop loop = newLoop();
        Future<String> never = loop.createFuture();
        loop.callSoon(loop::stop);
        assertThatThrownBy(() -> loop.runUntilComplete(never))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped before");
    }

    @Test
    void stopEndsRunForeverAfterTheCurrentIteration() {
        EventLoop loop = newLoop();
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> {
            ran.add("first");
            loop.stop();
        });
        loop.callSoon(() -> ran.add("same iteration"));
        loop.runForever();
        assertThat(ran).as("stop() lets the current iteration finish").containsExactly("first", "same iteration");
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void aClosedLoopRefusesWorkAndCloseIsIdempotent() {
        EventLoop loop = newLoop();
        loop.close();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(() -> loop.callSoon(() -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class);
    }

    @AsyncTest
    void closingOrRerunningARunningLoopIsRefused() {
        EventLoop loop = Asyncio.getRunningLoop();
        assertThatThrownBy(loop::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("while it is running");
        assertThatThrownBy(loop::runForever)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
    }

    // ---- errors in callbacks ----

    @Test
    void callbackExceptionsGoToTheExceptionHandlerAndTheLoopGoesOn() throws Exception {
        EventLoop loop = newLoop();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> {
            throw new IllegalArgumentException("bad callback");
        });
        loop.callSoon(() -> ran.add("next"));
        runUntilIdle(loop);
        assertThat(ran).containsExactly("next");
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.exception()).hasMessage("bad callback");
            assertThat(ctx.message()).startsWith("Exception in callback");
            assertThat(ctx.handle()).isNotNull();
        });
    }

    /** Recurses until the stack overflows. */
    static int overflow(int depth) {
        return overflow(depth + 1) + 1;
    }

    @Test
    void aStackOverflowInACallbackIsReportedLikeAnyFailureAndTheLoopGoesOn() throws Exception {
        EventLoop loop = newLoop();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        List<String> ran = new ArrayList<>();
        loop.callSoon(named("the-deep-callback", () -> overflow(0)));
        loop.callSoon(() -> ran.add("next"));
        runUntilIdle(loop);
        assertThat(ran)
                .as("asyncio reports a RecursionError in a callback and goes on; so must the loop")
                .containsExactly("next");
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.exception()).isInstanceOf(StackOverflowError.class);
            assertThat(ctx.message()).isEqualTo("Exception in callback the-deep-callback");
        });
    }

    @Test
    void aStackOverflowInAnIoCallbackIsReportedAndTheLoopGoesOn() throws Exception {
        EventLoop loop = newLoop();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try {
            pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            String after = loop.runUntilComplete(() -> {
                EventLoop l = Asyncio.getRunningLoop();
                l.addReader(pipe.source(), () -> {
                    l.removeReader(pipe.source());
                    overflow(0);
                });
                Asyncio.sleep(1.0);
                return "the loop went on";
            });
            assertThat(after).isEqualTo("the loop went on");
            assertThat(reports)
                    .singleElement()
                    .satisfies(ctx -> assertThat(ctx.exception())
                            .as("the I/O callback's overflow, reported")
                            .isInstanceOf(StackOverflowError.class));
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void otherVirtualMachineErrorsInACallbackStillStopTheLoop() {
        EventLoop loop = newLoop();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        loop.callSoon(() -> {
            throw oom;
        });
        assertThatThrownBy(() -> runUntilIdle(loop))
                .as("an OutOfMemoryError is not the callback's alone: it propagates")
                .isSameAs(oom);
        assertThat(reports).isEmpty();
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void aFailingExceptionHandlerFallsBackToTheDefaultAndTheLoopGoesOn() throws Exception {
        EventLoop loop = newLoop();
        loop.setExceptionHandler((l, ctx) -> {
            throw new IllegalStateException("handler broke");
        });
        loop.callSoon(() -> {
            throw new IllegalArgumentException("bad callback");
        });
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> ran.add("still running"));
        try (LogCapture log = new LogCapture()) {
            runUntilIdle(loop);
            assertThat(log.messages(Level.SEVERE))
                    .as("the handler's failure and the original report are both logged")
                    .anyMatch(m -> m.startsWith("Unhandled error in exception handler"))
                    .anyMatch(m -> m.startsWith("Exception in callback"));
        }
        assertThat(ran).containsExactly("still running");
    }

    // ---- debug mode: slow callbacks ----

    @AsyncTest(debug = true)
    void debugModeLogsCallbacksSlowerThanTheThresholdAndStillRunsThem() {
        EventLoop loop = Asyncio.getRunningLoop();
        assertThat(loop.getDebug()).isTrue();
        assertThat(loop.getSlowCallbackDuration()).isEqualTo(Duration.ofMillis(100));
        List<String> ran = new ArrayList<>();
        try (LogCapture log = new LogCapture()) {
            loop.setSlowCallbackDuration(Duration.ZERO); // every callback is "slow": no real time needed
            assertThat(loop.getSlowCallbackDuration()).isEqualTo(Duration.ZERO);
            loop.callSoon(named("the-slow-callback", () -> ran.add("slow but run")));
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            assertThat(ran).containsExactly("slow but run");
            assertThat(log.messages(Level.WARNING))
                    .anySatisfy(m -> assertThat(m)
                            .startsWith("Executing <Handle the-slow-callback>")
                            .contains("took")
                            .contains("seconds"));
            loop.setSlowCallbackDuration(Duration.ofHours(1));
            log.records.clear();
            loop.callSoon(named("a-fast-callback", () -> {}));
            Asyncio.sleep(0);
            assertThat(log.messages(Level.WARNING)).noneMatch(m -> m.contains("a-fast-callback"));
        }
    }

    @AsyncTest
    void slowCallbacksAreNotTimedOutsideDebugMode() {
        EventLoop loop = Asyncio.getRunningLoop();
        try (LogCapture log = new LogCapture()) {
            loop.setSlowCallbackDuration(Duration.ZERO);
            loop.callSoon(named("not-timed", () -> {}));
            Asyncio.sleep(0);
            assertThat(log.messages(Level.WARNING)).noneMatch(m -> m.contains("not-timed"));
        }
    }

    @AsyncTest
    void aNegativeSlowCallbackDurationIsRefused() {
        assertThatThrownBy(() -> Asyncio.getRunningLoop().setSlowCallbackDuration(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @AsyncTest
    void aNullSlowCallbackDurationIsRefusedNamingTheParameter() {
        EventLoop loop = Asyncio.getRunningLoop();
        Duration before = loop.getSlowCallbackDuration();
        assertThatThrownBy(() -> loop.setSlowCallbackDuration(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("duration");
        assertThat(loop.getSlowCallbackDuration())
                .as("the threshold is unchanged")
                .isEqualTo(before);
    }

    // ---- the virtual clock: deadlocks and I/O ----

    @Test
    void aDeadlockOnTheVirtualClockFailsAndSaysWhatTheTasksWaitFor() {
        EventLoop loop = newLoop();
        assertThatThrownBy(() -> loop.runUntilComplete(() -> {
                    Future<Void> never = Asyncio.getRunningLoop().createFuture();
                    never.await();
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deadlock")
                .hasMessageContaining("waiting for <Future pending");
    }

    @Test
    void aChannelClosedWhileWatchedDoesNotKeepTheVirtualClockWaitingForIo() throws Exception {
        EventLoop loop = newLoop();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try {
            // With the interest stuck, awaiting a future nobody completes would wait for I/O forever
            // instead of being reported as a deadlock.
            assertThatThrownBy(() -> loop.runUntilComplete(() -> {
                        EventLoop l = Asyncio.getRunningLoop();
                        l.addReader(pipe.source(), () -> {});
                        pipe.source().close(); // cancels the key behind the loop's back
                        assertThat(l.removeReader(pipe.source())).isFalse();
                        Future<Void> never = l.createFuture();
                        never.await();
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("deadlock");
        } finally {
            pipe.sink().close();
        }
    }

    @Test
    void aListeningServerDoesNotStopVirtualTimeButCountsAgainstDeadlock() throws Exception {
        EventLoop loop = newLoop();
        try (var server = java.nio.channels.ServerSocketChannel.open()) {
            server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            double slept = loop.runUntilComplete(() -> {
                EventLoop l = Asyncio.getRunningLoop();
                l.addReader(server, () -> {});
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

    // ---- the running loop, seen from a task's body and from a thread it starts ----

    @AsyncTest
    void aTaskSeesItsLoopButAThreadItStartsSeesNone() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Task<EventLoop> child = Asyncio.createTask(EventLoop::runningOrNull, "child");
        assertThat(child.await()).isSameAs(loop);
        // A virtual thread a task starts is not one of the loop's strands, whichever the engine.
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(loop.runInExecutor(threads, () -> Optional.ofNullable(EventLoop.runningOrNull()))
                            .await())
                    .isEmpty();
        }
    }

    /**
     * On the virtual engine a task's thread was known as its loop's by its uncaught-exception handler
     * alone: a task that set a handler of its own lost its loop, and every Asyncio call then failed.
     */
    @AsyncTest
    void aTaskThatReplacesItsThreadsUncaughtExceptionHandlerStillRunsOnItsLoop() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> seen = new ArrayList<>();
        Task<EventLoop> child = Asyncio.createTask(
                () -> {
                    Thread me = Thread.currentThread();
                    Thread.UncaughtExceptionHandler before = me.getUncaughtExceptionHandler();
                    me.setUncaughtExceptionHandler((t, e) -> {});
                    try {
                        assertThat(Asyncio.getRunningLoop()).isSameAs(loop);
                        loop.callSoon(() -> seen.add("callback"));
                        Asyncio.sleep(0);
                        Asyncio.createTask(() -> seen.add("grandchild")).await();
                        Asyncio.sleep(0.001);
                        seen.add("after sleeps");
                        return Asyncio.getRunningLoop();
                    } finally {
                        me.setUncaughtExceptionHandler(before); // on the continuation engine: the loop's thread
                    }
                },
                "child");
        assertThat(child.await()).isSameAs(loop);
        assertThat(seen).containsExactly("callback", "grandchild", "after sleeps");
    }

    @AsyncTest
    void aPlainVirtualThreadBesideARunningLoopRunsNoLoop() throws Exception {
        // A virtual thread that is neither a task's nor a loop's (a toThread job's, say) asks the baton
        // holders of the loops that pass one, and none is it.
        Task<Void> sleeper = Asyncio.createTask(() -> Asyncio.sleep(60.0), "sleeper");
        Asyncio.sleep(0); // a strand parked beside this task's
        List<String> seen = new ArrayList<>();
        Thread plain = Thread.ofVirtual().start(() -> {
            EventLoop found = EventLoop.runningOrNull();
            synchronized (seen) {
                seen.add(found == null ? "no loop" : "found " + found);
            }
        });
        assertThat(plain.join(Duration.ofSeconds(60))).as("the thread ended").isTrue();
        synchronized (seen) {
            assertThat(seen).containsExactly("no loop");
        }
        sleeper.cancel();
    }

    @AsyncTest
    void aStrandThreadCarriesItsTasksNameWhenDiagnosticsAskForIt() {
        EventLoop loop = Asyncio.getRunningLoop();
        Task<Void> sleeper = Asyncio.createTask(() -> Asyncio.sleep(60.0), "sleeper");
        Asyncio.sleep(0);
        if (loop.strandEngine().equals("virtual")) {
            assertThat(sleeper.strandThread().getName()).isEqualTo("sleeper");
        } else {
            assertThat(sleeper.strandThread()).isNull(); // a continuation has no thread of its own
        }
        sleeper.cancel();
    }

    // ---- toString and statistics ----

    @Test
    void toStringShowsStateEngineAndClockAndStatisticsCountTasks() throws Exception {
        EventLoop loop = newLoop();
        assertThat(loop.strandEngine()).isIn("continuation", "virtual");
        assertThat(loop.toString())
                .contains("idle")
                .contains("virtual-clock")
                .contains("engine=" + loop.strandEngine());
        assertThat(loop.runUntilComplete(() -> Asyncio.getRunningLoop().toString()))
                .contains("running");
        assertThat(loop.statistics()).anyMatch(s -> s.startsWith("tasks="));
    }

    /**
     * Each thread finds the loop that runs on it, whichever loop started last (runningOrNull keeps the
     * last started loop as a hint, trusted only on that loop's own thread), and a thread whose loop
     * stopped finds none.
     */
    @Test
    void eachThreadFindsItsOwnLoopWhicheverStartedLast() throws Exception {
        // Real clocks: each loop waits for the other thread's hand-over, which a virtual clock calls a deadlock.
        EventLoop first = EventLoop.newEventLoop();
        EventLoop second = EventLoop.newEventLoop();
        CompletableFuture<Future<String>> firstsGate = new CompletableFuture<>();
        CompletableFuture<Future<String>> secondsGate = new CompletableFuture<>();
        CompletableFuture<String> firstsView = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("first-loop").start(() -> {
            try {
                firstsView.complete(first.runUntilComplete(() -> {
                    String before = Asyncio.getRunningLoop() == first ? "first" : "other";
                    Future<String> gate = Asyncio.getRunningLoop().createFuture();
                    firstsGate.complete(gate);
                    String secondsView = gate.await(); // set by the second loop's task, while that loop runs
                    String after = Asyncio.getRunningLoop() == first ? "first" : "other";
                    Future<String> back = secondsGate.get(60, TimeUnit.SECONDS); // already there
                    second.callSoonThreadsafe(() -> back.setResult(after));
                    return before + "/" + secondsView + "/" + after;
                }));
            } catch (Throwable e) {
                firstsView.completeExceptionally(e);
            } finally {
                first.close();
            }
        });
        Future<String> gate = firstsGate.get(60, TimeUnit.SECONDS);
        String firstsViewFromTheSecond;
        try {
            firstsViewFromTheSecond = second.runUntilComplete(() -> {
                String view = Asyncio.getRunningLoop() == second ? "second" : "other";
                Future<String> back = Asyncio.getRunningLoop().createFuture();
                secondsGate.complete(back);
                first.callSoonThreadsafe(() -> gate.setResult(view));
                return back.await(); // the first loop's view, taken while this one (started last) runs
            });
        } finally {
            second.close();
        }
        assertThat(firstsViewFromTheSecond).isEqualTo("first");
        assertThat(firstsView.get(60, TimeUnit.SECONDS)).isEqualTo("first/second/first");
        t.join(60_000);
        assertThat(EventLoop.runningOrNull())
                .as("no loop runs on this thread any more")
                .isNull();
        assertThatThrownBy(Asyncio::getRunningLoop).isInstanceOf(IllegalStateException.class);
    }
}
