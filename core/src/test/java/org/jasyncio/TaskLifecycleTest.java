package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

/** Task's own API and life cycle (the composite functions have their own tests). */
class TaskLifecycleTest {
    @AsyncTest
    void namesDefaultToTaskNAndCanBeChanged() throws Exception {
        Task<Integer> t = Asyncio.createTask(() -> 1);
        assertThat(t.getName()).matches("Task-\\d+");
        t.setName("renamed");
        assertThat(t.getName()).isEqualTo("renamed");
        assertThat(Asyncio.createTask(() -> 2, "given").getName()).isEqualTo("given");
        assertThat(t.await()).isEqualTo(1);
    }

    @AsyncTest
    void aTaskRefusesSetResultAndSetException() {
        Task<Integer> t = Asyncio.createTask(() -> 1);
        assertThatThrownBy(() -> t.setResult(2)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("does not support setResult");
        assertThatThrownBy(() -> t.setException(new RuntimeException())).isInstanceOf(UnsupportedOperationException.class);
    }

    @AsyncTest
    void cancelBeforeTheFirstStepNeverRunsTheBody() {
        List<String> ran = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(() -> {
            ran.add("body");
        });
        assertThat(t.cancel("not needed")).isTrue();
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("not needed");
        assertThat(ran).isEmpty();
        assertThat(t.cancelled()).isTrue();
        assertThat(t.cancel()).as("cancel() of a done task").isFalse();
    }

    @AsyncTest
    void cancelMessageReachesTheBodyAndTheAwaiter() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(100.0);
            } catch (CancelledError e) {
                seen.add(e.getMessage());
                throw e;
            }
        });
        Asyncio.sleep(1.0);
        t.cancel("shutting down");
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("shutting down");
        assertThat(seen).containsExactly("shutting down");
        assertThat(Asyncio.getRunningLoop().time()).as("cancelled sleep ends at once").isEqualTo(1.0);
    }

    @AsyncTest
    void aTaskThatCatchesCancellationAndReturnsCompletesNormally() throws Exception {
        Task<String> t = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(100.0);
                return "slept";
            } catch (CancelledError e) {
                return "cancelled but fine";
            }
        });
        Asyncio.sleep(0);
        t.cancel();
        assertThat(t.await()).isEqualTo("cancelled but fine");
        assertThat(t.cancelled()).isFalse();
        assertThat(t.cancelling()).as("the request stays counted, as in asyncio").isEqualTo(1);
    }

    @AsyncTest
    void uncancelToZeroDropsACancellationNotYetDelivered() throws Exception {
        Task<?> me = Asyncio.currentTask();
        me.cancel();
        assertThat(me.cancelling()).isEqualTo(1);
        assertThat(me.uncancel()).isZero();
        Asyncio.sleep(1.0); // would throw if the cancellation were still pending
        assertThat(me.cancelling()).isZero();
    }

    @AsyncTest
    void aTaskCancellingItselfGetsCancelledErrorAtItsNextSuspension() {
        List<String> log = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(() -> {
            Asyncio.currentTask().cancel("self");
            log.add("still running until it suspends");
            Asyncio.sleep(0);
            log.add("never");
        });
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("self");
        assertThat(log).containsExactly("still running until it suspends");
    }

    @AsyncTest
    void aTimeoutErrorThatEscapesATaskIsAFailureNotACancellation() {
        Task<Void> t = Asyncio.createTask(() -> {
            try (var timeout = Asyncio.timeout(1.0)) {
                Asyncio.sleep(5.0);
            }
        });
        assertThatThrownBy(t::await).isInstanceOf(TimeoutError.class);
        assertThat(t.cancelled()).isFalse();
        assertThat(t.exception()).isInstanceOf(TimeoutError.class);
    }

    @AsyncTest
    void getStackShowsWhereASuspendedTaskWaits() throws Exception {
        Task<Void> t = Asyncio.createTask(TaskLifecycleTest::waitHereForAWhile, "waiter");
        Asyncio.sleep(1.0);
        List<StackTraceElement> stack = t.getStack();
        assertThat(stack).as("stack of a task parked in sleep()")
                .anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("waitHereForAWhile"));
        var out = new java.io.ByteArrayOutputStream();
        t.printStack(new java.io.PrintStream(out, true));
        assertThat(out.toString()).contains("Stack for <Task pending name=waiter").contains("waitHereForAWhile");
        assertThat(t.toString()).contains("sleeping until 99.0");
        t.cancel();
        assertThat(t.getStack()).as("a task that has not been stepped since cancel still shows its stack").isNotNull();
        assertThat(Asyncio.gatherSettled(t)).singleElement().matches(o -> !o.isSuccess());
        assertThat(t.getStack()).as("stack of a done task").isEmpty();
        assertThat(t.toString()).contains("cancelled").contains("name=waiter");
    }

    private static void waitHereForAWhile() {
        Asyncio.sleep(99.0);
    }

    @AsyncTest
    void awaitingADoneFutureDoesNotSuspend() throws Exception {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        f.setResult("ready");
        List<String> order = new ArrayList<>();
        Asyncio.createTask(() -> {
            order.add("other task");
        });
        order.add(f.await());
        Asyncio.sleep(0);
        assertThat(order).containsExactly("ready", "other task");
    }

    @AsyncTest
    void aTaskMaySuspendWhileHoldingAMonitorOnBothEngines() throws Exception {
        // JDK 24+ (JEP 491) lets a continuation yield while it holds a monitor. The loop runs one
        // body at a time, so this is safe, though a jasyncio Lock is what tasks should share.
        Object monitor = new Object();
        Task<String> t = Asyncio.createTask(() -> {
            synchronized (monitor) {
                Asyncio.sleep(1.0);
            }
            return "slept holding a monitor";
        });
        assertThat(t.await()).isEqualTo("slept holding a monitor");
    }

    @Test
    void anExceptionNobodyRetrievedIsReportedWhenTheTaskIsCollected() throws Exception {
        CompletableFuture<ExceptionContext> report = new CompletableFuture<>();
        try (Runner r = new Runner(RunOptions.defaults())) {
            r.getLoop().setExceptionHandler((l, ctx) -> report.complete(ctx));
            r.run(() -> {
                Asyncio.createTask(() -> {
                    throw new IllegalStateException("nobody looks at me");
                }, "forgotten");
                Asyncio.sleep(0); // the task runs and fails
                Asyncio.sleep(0);
                for (int i = 0; i < 50 && !report.isDone(); i++) {
                    System.gc();
                    Asyncio.toThread(() -> { // wait for the cleaner thread's report, bounded
                        try {
                            report.get(100, TimeUnit.MILLISECONDS);
                        } catch (java.util.concurrent.TimeoutException notYet) {
                            // collect again
                        }
                    });
                    Asyncio.sleep(0);
                }
            });
        }
        assertThat(report).as("report of the forgotten task's exception").isDone();
        ExceptionContext ctx = report.get();
        assertThat(ctx.message()).contains("Task exception was never retrieved").contains("forgotten");
        assertThat(ctx.exception()).hasMessage("nobody looks at me");
    }

    @Test
    void anExceptionNobodyRetrievedIsReportedAtCloseIfTheTaskIsStillAlive() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        List<Task<?>> keepAlive = new ArrayList<>(); // so the collector cannot report it first
        try (Runner r = new Runner(RunOptions.defaults().withVirtualClock().withDebug(true))) {
            r.getLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            r.run(() -> {
                keepAlive.add(Asyncio.createTask(() -> {
                    throw new IllegalStateException("lost failure");
                }, "fire-and-forget"));
                Asyncio.sleep(0.1);
            });
            assertThat(reports).as("nothing reported while the program runs").isEmpty();
        }
        assertThat(reports).as("reports when the loop closed").singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).isEqualTo("Task exception was never retrieved: <Task name=fire-and-forget>");
            assertThat(ctx.exception()).hasMessage("lost failure");
            assertThat(ctx.extra()).containsKey("source_traceback");
        });
        assertThat(keepAlive).hasSize(1);
    }

    @AsyncTest
    void aRetrievedExceptionIsNeverReported() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        Asyncio.getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
        Task<Void> t = Asyncio.createTask(() -> {
            throw new IllegalStateException("seen");
        });
        assertThat(Asyncio.gatherSettled(t).get(0).exceptionOrNull()).hasMessage("seen");
        Asyncio.getRunningLoop().setExceptionHandler(null);
        assertThat(reports).isEmpty();
    }

    @AsyncTest
    void allTasksHoldsRunningTasksStronglyUntilDone() throws Exception {
        int before = Asyncio.allTasks().size();
        for (int i = 0; i < 10; i++) {
            Asyncio.createTask(() -> {
                Asyncio.sleep(1.0);
            }); // no reference kept: the loop keeps them alive
        }
        System.gc();
        assertThat(Asyncio.allTasks()).hasSize(before + 10);
        Asyncio.sleep(2.0);
        assertThat(Asyncio.allTasks()).hasSize(before);
    }
}
