package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jasyncio.Fixtures.now;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import org.jasyncio.Fixtures.LogCapture;
import org.jasyncio.sync.Lock;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * What jasyncio says when something goes wrong (issue 13's shortfalls): each message names the task,
 * the user's own line and the fix.
 */
class DiagnosticsTest {
    private static boolean continuationEngine() {
        return !"virtual".equals(System.getProperty("jasyncio.strand"));
    }

    // ---- debug mode: the slow step names the task, not the wake-up callback ----

    @AsyncTest(debug = true)
    void aSlowStepIsReportedWithItsTaskAndWhereItsCoroutineWaits() {
        EventLoop loop = Asyncio.getRunningLoop();
        try (LogCapture log = new LogCapture()) {
            loop.setSlowCallbackDuration(Duration.ZERO);
            Task<Void> t = Asyncio.createTask(
                    () -> {
                        Asyncio.sleep(1.0);
                        Asyncio.sleep(1.0); // the step that ends here began with a timer's wake-up
                    },
                    "sleepy");
            Asyncio.sleep(1.5);
            assertThat(log.messages(Level.WARNING))
                    .anySatisfy(m -> assertThat(m)
                            .startsWith("Executing <Task pending name=sleepy sleeping until 2.0> took ")
                            .contains(
                                    "seconds; its coroutine is now waiting:\n    at org.jasyncio.DiagnosticsTest.lambda$")
                            .doesNotContain("CallbackRunner")
                            .doesNotContain("Lambda"));
            loop.setSlowCallbackDuration(Duration.ofHours(1));
            t.cancel();
        }
    }

    @AsyncTest(debug = true)
    void aSlowLastStepShowsWhereTheTaskWasCreated() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        try (LogCapture log = new LogCapture()) {
            loop.setSlowCallbackDuration(Duration.ZERO);
            Asyncio.createTask(() -> "done", "quick").await();
            loop.setSlowCallbackDuration(Duration.ofHours(1));
            assertThat(log.messages(Level.WARNING))
                    .anySatisfy(m -> assertThat(m)
                            .startsWith("Executing <Task finished result=done name=quick> took ")
                            .contains("; the task was created:\n    at org.jasyncio.DiagnosticsTest."));
        }
    }

    // ---- the virtual clock's deadlock report: the user's frames first ----

    @Test
    void theDeadlockReportShowsWhereTheUsersCodeWaits() {
        EventLoop loop = EventLoop.newEventLoop(new VirtualClock());
        try {
            Throwable e = catchThrowable(() -> loop.runUntilComplete(() -> {
                Task<Void> stuck = loop.createTask(() -> waitForever(loop), "stuck");
                stuck.await();
            }));
            assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("deadlock on <EventLoop-");
            String m = e.getMessage();
            String stuckPart = m.substring(m.indexOf("name=stuck"));
            assertThat(stuckPart.lines().skip(1).findFirst().orElseThrow())
                    .as("the first frame shown is where the user's code waits")
                    .startsWith("      at org.jasyncio.DiagnosticsTest.waitForever(DiagnosticsTest.java:");
            assertThat(m)
                    .contains("frames of jasyncio and the JDK not shown")
                    .doesNotContain("at org.jasyncio.Task.")
                    .doesNotContain("at java.base/");
        } finally {
            loop.close();
        }
    }

    private static void waitForever(EventLoop loop) throws Exception {
        loop.createFuture().await();
    }

    // ---- TaskGroupError: printed once, with the counts after the block ----

    @AsyncTest
    void anUncaughtTaskGroupErrorPrintsOnceWithTheFinalCounts() {
        IOException boom = new IOException("boom");
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                tg.createTask(() -> Asyncio.sleep(10.0));
                tg.createTask(() -> Asyncio.sleep(10.0));
                Asyncio.sleep(100.0);
            }
        });
        assertThat(e)
                .isInstanceOf(TaskGroupError.class)
                .hasMessage(
                        "1 of 3 child tasks of <TaskGroup tasks=0 state=closed aborting> failed: [java.io.IOException: boom]");
        assertThat(e.getSuppressed())
                .as("close()'s copy of the same failures is not added to it")
                .isEmpty();
        StringWriter printed = new StringWriter();
        e.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain("CIRCULAR REFERENCE").doesNotContain("Suppressed:");
        assertThat(printed.toString().split("java.io.IOException: boom", -1))
                .as("the failure, in the message and as the cause")
                .hasSize(3);
    }

    // ---- createTask outside a loop names createTask ----

    @Test
    void createTaskOutsideALoopNamesCreateTask() {
        assertThatThrownBy(() -> Asyncio.createTask(() -> "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Asyncio.createTask() needs a running event loop")
                .hasMessageContaining("Asyncio.run")
                .hasMessageNotContaining("getRunningLoop");
    }

    // ---- a lock held across a suspension ----

    @AsyncTest(debug = true)
    void debugModeFailsATaskThatSuspendsInsideSynchronized() throws Exception {
        assumeTrue(continuationEngine(), "the JVM shows a task's monitors only on the continuation engine");
        Object monitor = new Object();
        Task<Void> t = Asyncio.createTask(
                () -> {
                    synchronized (monitor) {
                        Asyncio.sleep(1.0);
                    }
                },
                "holder");
        assertThatThrownBy(t::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("name=holder> cannot suspend while it holds java.lang.Object@")
                .hasMessageContaining("Use org.jasyncio.sync.Lock");
        assertThat(Thread.holdsLock(monitor))
                .as("the block let go of it as the error left")
                .isFalse();
    }

    @AsyncTest(debug = true)
    void debugModeFailsATaskThatSuspendsHoldingAReentrantLock() throws Exception {
        assumeTrue(continuationEngine(), "the JVM shows a task's locks only on the continuation engine");
        ReentrantLock lock = new ReentrantLock();
        Task<Void> t = Asyncio.createTask(
                () -> {
                    lock.lock();
                    try {
                        Asyncio.sleep(1.0);
                    } finally {
                        lock.unlock();
                    }
                },
                "holder");
        assertThatThrownBy(t::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot suspend while it holds java.util.concurrent.locks.ReentrantLock$")
                .hasMessageContaining("Use org.jasyncio.sync.Lock");
        assertThat(lock.isLocked()).isFalse();
    }

    @AsyncTest(debug = true)
    void aSuspensionRefusedInDebugModeLeavesNoTimerBehind() throws Exception {
        assumeTrue(continuationEngine(), "the JVM shows a task's monitors only on the continuation engine");
        Object monitor = new Object();
        Future<String> later = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callLater(5.0, () -> later.setResult("at 5"));
        List<String> seen = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(
                () -> {
                    synchronized (monitor) {
                        try {
                            Asyncio.sleep(1.0);
                        } catch (IllegalStateException refused) {
                            seen.add("refused");
                        }
                    }
                    seen.add("timers " + Asyncio.getRunningLoop().timerCount()); // the callLater only
                    seen.add(later.await() + ", resumed at " + now()); // not woken at 1 by the refused sleep
                    Asyncio.sleep(1.0);
                    seen.add("slept to " + now());
                },
                "holder");
        t.await();
        assertThat(seen).containsExactly("refused", "timers 1", "at 5, resumed at 5.0", "slept to 6.0");
        assertThat(Asyncio.getRunningLoop().timerCount()).isZero();
    }

    @AsyncTest(debug = true)
    void debugModeLetsATaskSuspendHoldingAJasyncioLock() throws Exception {
        Lock lock = new Lock();
        Task<String> t = Asyncio.createTask(() -> {
            try (var held = lock.hold()) {
                Asyncio.sleep(1.0);
                return "fine";
            }
        });
        assertThat(t.await()).isEqualTo("fine");
    }

    @AsyncTest(debug = true, virtualTime = false)
    void debugModesWatchdogReportsATaskBlockingTheLoopOnAJavaUtilConcurrentLock() throws Exception {
        // A JUC semaphore the watchdog's report can release from outside, so that the loop goes on.
        java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0);
        EventLoop loop = Asyncio.getRunningLoop();
        loop.setSlowCallbackDuration(Duration.ofMillis(100));
        java.util.logging.Handler releaser = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel() == Level.SEVERE) {
                    semaphore.release();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.jasyncio");
        try (LogCapture log = new LogCapture()) {
            logger.addHandler(releaser);
            Task<Void> t = Asyncio.createTask(() -> semaphore.acquireUninterruptibly(), "blocker");
            t.await();
            assertThat(log.messages(Level.SEVERE))
                    .singleElement()
                    .satisfies(m -> assertThat(m)
                            .startsWith("<Task pending")
                            .contains("name=blocker> has blocked the loop for ")
                            .contains("waiting for a java.util.concurrent lock (java.util.concurrent.Semaphore")
                            .contains("Use org.jasyncio.sync.Lock")
                            .contains("It waits at:\n    at org.jasyncio.DiagnosticsTest.lambda$"));
        } finally {
            logger.removeHandler(releaser);
        }
    }
}
