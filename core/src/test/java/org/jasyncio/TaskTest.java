package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.Fixtures.now;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * {@link Task}: asyncio's Task API, introspection, how a body's outcome becomes the task's, the loop
 * keeping tasks alive, unretrieved failures at loop close, and creation sites in debug mode.
 * Cancellation has its own class, {@link CancellationTest}.
 */
class TaskTest {
    // ---- names and introspection ----

    @AsyncTest
    void aTaskHoldsAStrandOnlyFromItsFirstStepUntilItsBodyEnds() throws Exception {
        // A done task often stays reachable (a list being gathered): it must not keep its strand, whose
        // finished continuation still holds a stack chunk (issue 14); nor does a task waiting for its
        // first step have one yet (many are, between a spawn and its gather).
        Task<Void> sleeper = Asyncio.createTask(() -> Asyncio.sleep(1.0));
        assertThat(sleeper.hasStrand())
                .as("a task waiting for its first step has no strand yet")
                .isFalse();
        assertThat(sleeper.diagnosticState()).isEqualTo("scheduled");
        assertThat(sleeper.getStack()).isEmpty();
        Asyncio.sleep(0);
        assertThat(sleeper.hasStrand()).as("a parked task keeps its strand").isTrue();
        assertThat(sleeper.getStack()).as("where it is parked").isNotEmpty();
        sleeper.await();
        assertThat(sleeper.hasStrand()).as("an ended task keeps no strand").isFalse();
        assertThat(sleeper.strandThread()).isNull();
        assertThat(sleeper.getStack()).isEmpty();

        Task<Void> neverRun = Asyncio.createTask(() -> {});
        neverRun.cancel();
        assertThatThrownBy(neverRun::await).isInstanceOf(CancelledError.class);
        assertThat(neverRun.hasStrand())
                .as("a task cancelled before its first step keeps none")
                .isFalse();
        assertThat(neverRun.diagnosticState()).isEqualTo("done");
    }

    @AsyncTest
    void namesDefaultToTaskNAndCanBeChanged() throws Exception {
        Task<String> unnamed = Asyncio.createTask(() -> "x");
        Task<String> named = Asyncio.createTask(() -> "y", "worker");
        assertThat(unnamed.getName()).matches("Task-\\d+");
        assertThat(named.getName()).isEqualTo("worker");
        named.setName("renamed");
        assertThat(named.getName()).isEqualTo("renamed");
        assertThat(named.toString()).contains("name=renamed");
        assertThatThrownBy(() -> named.setName(null)).isInstanceOf(NullPointerException.class);
        Asyncio.gather(unnamed, named);
    }

    @AsyncTest
    void currentTaskIsTheRunningTaskAndAllTasksTheUnfinishedOnes() throws Exception {
        Task<?> me = Asyncio.currentTask();
        assertThat(me).isNotNull();
        assertThat(Asyncio.allTasks()).containsExactly(me);
        Task<Task<?>> child = Asyncio.createTask(Asyncio::currentTask);
        assertThat(Asyncio.allTasks()).containsExactlyInAnyOrder(me, child);
        assertThat(child.await()).isSameAs(child);
        assertThat(Asyncio.allTasks()).as("done tasks leave allTasks()").containsExactly(me);
        Future<Object> inCallback = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> inCallback.setResult(String.valueOf(Asyncio.currentTask())));
        assertThat(inCallback.await()).as("no current task in a plain callback").isEqualTo("null");
    }

    @AsyncTest
    void currentTaskWithNoLoopRunningOnTheThreadThrowsSayingSo() throws Exception {
        assertThat(Fixtures.thrownOnAThreadWithoutALoop(Asyncio::currentTask))
                .as("asyncio's current_task() raises RuntimeError with no running loop")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running event loop")
                .hasMessageContaining("currentTask()");
        assertThat(Fixtures.thrownInALoopCallback(Asyncio::currentTask))
                .as("in a loop callback it returns null")
                .isNull();
    }

    @AsyncTest
    void getCoroIsTheBodyAndGetContextTheTasksOwnCopy() {
        Coroutine<String> body = () -> "x";
        Task<String> t = Asyncio.createTask(body);
        assertThat(t.getCoro()).isSameAs(body);
        assertThat(t.getContext()).isNotNull().isNotSameAs(Asyncio.currentTask().getContext());
    }

    /**
     * A task of a block that returns nothing keeps the block itself (issue 14, round 6: no adapter per
     * task); getCoro() makes one adapter when first asked, which runs the same block once and returns
     * null, whether it was asked for before the body started or not at all.
     */
    @AsyncTest
    void aVoidBlocksTaskRunsItOnceAndGetCoroIsOneAdapterForIt() throws Exception {
        List<String> ran = new ArrayList<>();
        Task<Void> asked = Asyncio.createTask(() -> {
            Asyncio.sleep(0);
            ran.add("asked");
        });
        Coroutine<? extends Void> coro = asked.getCoro();
        assertThat(asked.getCoro()).isSameAs(coro);
        Task<Void> notAsked = Asyncio.createTask(() -> {
            ran.add("not asked");
        });
        assertThat(asked.await()).isNull();
        assertThat(notAsked.await()).isNull();
        assertThat(ran).containsExactlyInAnyOrder("asked", "not asked");
        assertThat(coro.call()).as("the adapter runs the block").isNull();
        assertThat(ran).containsExactlyInAnyOrder("asked", "not asked", "asked");
    }

    private static String parkedInHere(Future<String> gate) throws Exception {
        return gate.await();
    }

    @AsyncTest
    void getStackShowsWhereTheTaskIsSuspended() throws Exception {
        Future<String> gate = Asyncio.getRunningLoop().createFuture();
        Task<String> t = Asyncio.createTask(() -> parkedInHere(gate), "stacked");
        assertThat(t.getStack()).as("a task that has not started has no stack").isEmpty();
        Asyncio.sleep(0);
        List<StackTraceElement> stack = t.getStack();
        assertThat(stack).extracting(StackTraceElement::getMethodName).contains("parkedInHere");
        assertThat(stack).anySatisfy(e -> assertThat(e.getClassName()).isEqualTo(TaskTest.class.getName()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.printStack(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Stack for <Task pending name=stacked")
                .contains("parkedInHere");
        assertThat(Asyncio.currentTask().getStack())
                .as("a running task has no suspended stack")
                .isEmpty();
        gate.setResult("go");
        assertThat(t.await()).isEqualTo("go");
        assertThat(t.getStack()).as("a done task has no stack").isEmpty();
    }

    @AsyncTest
    void aCancelledTaskKeepsItsStackUntilItRunsAgain() throws Exception {
        Task<Void> t = Asyncio.createTask(TaskTest::sleepHereForAWhile, "sleeper");
        Asyncio.sleep(1.0);
        t.cancel();
        assertThat(t.getStack())
                .as("stack of a task cancelled but not yet stepped")
                .extracting(StackTraceElement::getMethodName)
                .contains("sleepHereForAWhile");
        assertThat(Asyncio.gatherSettled(t)).singleElement().matches(o -> !o.isSuccess());
        assertThat(t.getStack()).as("stack of the task once it ended cancelled").isEmpty();
    }

    private static void sleepHereForAWhile() {
        Asyncio.sleep(99.0);
    }

    @AsyncTest
    void toStringShowsStateAndWhatTheTaskWaitsFor() throws Exception {
        Future<String> gate = Asyncio.getRunningLoop().createFuture();
        Task<String> waiting = Asyncio.createTask(gate::await, "waiter");
        Task<Void> sleeping = Asyncio.createTask(() -> Asyncio.sleep(5.0), "sleeper");
        Task<String> failing = Asyncio.createTask(
                () -> {
                    throw new IllegalStateException("bad");
                },
                "failer");
        Task<String> cancelled = Asyncio.createTask(() -> "never", "cancelled");
        cancelled.cancel();
        Asyncio.sleep(0);
        assertThat(waiting.toString()).isEqualTo("<Task pending name=waiter waiting for <Future pending callbacks=1>>");
        assertThat(sleeping.toString()).isEqualTo("<Task pending name=sleeper sleeping until 5.0>");
        assertThat(failing.toString())
                .isEqualTo("<Task finished exception=java.lang.IllegalStateException: bad name=failer>");
        assertThat(cancelled.toString()).isEqualTo("<Task cancelled name=cancelled cancelling=1>");
        gate.setResult("ok");
        waiting.await();
        assertThat(waiting.toString()).isEqualTo("<Task finished result=ok name=waiter>");
        failing.exception();
        sleeping.cancel();
    }

    // ---- the outcome: the body's result or exception ----

    @AsyncTest
    void aTaskRefusesSetResultAndSetException() {
        Task<Integer> t = Asyncio.createTask(() -> 1);
        assertThatThrownBy(() -> t.setResult(2))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("does not support setResult");
        assertThatThrownBy(() -> t.setException(new RuntimeException()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @AsyncTest
    void awaitingAFailedTaskRethrowsItsExceptionUnchanged() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Task<String> t = Asyncio.createTask(() -> {
            Asyncio.sleep(1.0);
            throw boom;
        });
        assertThatThrownBy(t::await).isSameAs(boom);
        assertThatThrownBy(t::result).isSameAs(boom);
        assertThat(t.exception()).isSameAs(boom);
    }

    @AsyncTest
    void anErrorThrownByTheBodyFailsTheTask() {
        StackOverflowError soe = new StackOverflowError("deep");
        Task<String> t = Asyncio.createTask(() -> {
            throw soe;
        });
        assertThatThrownBy(t::await).isSameAs(soe);
        assertThat(t.cancelled()).isFalse();
    }

    @AsyncTest
    void aTaskAwaitingItselfFailsAtOnce() {
        Task<?>[] self = {null};
        Task<Object> t = Asyncio.createTask(() -> self[0].await());
        self[0] = t;
        assertThatThrownBy(t::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("itself")
                .hasMessageNotContaining("deadlock");
    }

    @AsyncTest
    void aBodyThatOverflowsItsStackFailsItsTaskAndTheLoopGoesOn() throws Exception {
        Task<Integer> deep = Asyncio.createTask(() -> EventLoopTest.overflow(0), "deep");
        assertThatThrownBy(deep::await)
                .as("the task fails with its body's StackOverflowError, on either engine")
                .isInstanceOf(StackOverflowError.class);
        Asyncio.sleep(1.0);
        assertThat(Asyncio.createTask(() -> "after").await())
                .as("the loop and new tasks run on")
                .isEqualTo("after");
        assertThat(now()).isEqualTo(1.0);
    }

    // ---- suspension ----

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
    void aTaskMaySuspendWhileHoldingAMonitor() throws Exception {
        // JDK 24+ (JEP 491) lets a continuation yield while it holds a monitor, so both engines can. The
        // loop runs one body at a time, so this is safe, though a jasyncio Lock is what tasks should share.
        Object monitor = new Object();
        Future<String> gate = Asyncio.getRunningLoop().createFuture();
        Task<String> t = Asyncio.createTask(() -> {
            synchronized (monitor) {
                Asyncio.sleep(1.0);
            }
            assertThat(now()).as("time after the sleep inside synchronized").isEqualTo(1.0);
            return gate.await(); // the sleep's wake-up must not wake this later wait
        });
        Asyncio.getRunningLoop().callLater(3.0, () -> gate.setResult("gate opened"));
        assertThat(t.await()).isEqualTo("gate opened");
        assertThat(now()).isEqualTo(3.0);
    }

    // ---- the loop keeps running tasks alive ----

    @AsyncTest
    void aTaskNobodyReferencesStillRunsToTheEnd() throws Exception {
        Future<String> finished = Asyncio.getRunningLoop().createFuture();
        Asyncio.createTask(() -> {
            Asyncio.sleep(10.0);
            finished.setResult("ran to the end");
        });
        for (int i = 0; i < 3; i++) {
            System.gc();
            Asyncio.sleep(1.0);
        }
        assertThat(finished.await()).isEqualTo("ran to the end");
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

    @Test
    void aFinishedTaskIsCollectableWhileTheLoopRunsOn() throws Exception {
        // Checked from a callback of the same run: the loop (its last stepped task) and, on the virtual
        // engine, the task's ended thread (which a carrier's frame may keep) must not keep the task, its
        // body's captures or its outcome. One task that never suspended, one that slept.
        EventLoop loop = EventLoop.newEventLoop(new VirtualClock());
        try {
            for (boolean sleeps : new boolean[] {false, true}) {
                Future<Void> done = loop.createFuture();
                List<WeakReference<Task<Void>>> task = new ArrayList<>();
                List<String> seen = new ArrayList<>();
                loop.callSoon(() -> task.add(startAndDrop(loop, sleeps)));
                loop.callLater(1.0, () -> {
                    for (int i = 0; i < 20 && task.get(0).get() != null; i++) {
                        System.gc();
                    }
                    Task<Void> t = task.get(0).get();
                    seen.add(t == null ? "collected" : "still reachable: " + t);
                    done.setResult(null);
                });
                loop.runUntilComplete(done);
                assertThat(seen).as("sleeps " + sleeps).containsExactly("collected");
            }
        } finally {
            loop.close();
        }
    }

    private static WeakReference<Task<Void>> startAndDrop(EventLoop loop, boolean sleeps) {
        byte[] captured = new byte[1 << 20]; // what a body's lambda may hold on to
        Task<Void> t = loop.createTask(
                () -> {
                    if (sleeps) {
                        Asyncio.sleep(0.5 + captured.length * 0.0);
                    }
                },
                "quick");
        return new WeakReference<>(t);
    }

    // ---- unretrieved exceptions (the report on collection is in FutureTest) ----

    @Test
    void atCloseTheLiveTasksWhoseExceptionNobodyRetrievedAreReported() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        List<Task<?>> keepAlive = new ArrayList<>(); // so the collector cannot report them first
        try (Runner r = new Runner(RunOptions.defaults().withVirtualClock().withDebug(true))) {
            r.getLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            r.run(() -> {
                keepAlive.add(Asyncio.createTask(
                        () -> {
                            throw new IllegalStateException("lost failure");
                        },
                        "fire-and-forget"));
                Task<Void> retrieved = Asyncio.createTask(
                        () -> {
                            throw new IllegalStateException("seen");
                        },
                        "retrieved");
                keepAlive.add(retrieved);
                assertThat(Asyncio.gatherSettled(retrieved).get(0).exceptionOrNull())
                        .hasMessage("seen");
                Asyncio.sleep(0.1);
            });
            assertThat(reports).as("nothing reported while the program runs").isEmpty();
        }
        assertThat(reports)
                .as("reports when the loop closed (not of the retrieved failure)")
                .singleElement()
                .satisfies(ctx -> {
                    assertThat(ctx.message())
                            .isEqualTo("Task exception was never retrieved: <Task name=fire-and-forget>");
                    assertThat(ctx.exception()).hasMessage("lost failure");
                    assertThat(ctx.extra()).containsKey("source_traceback");
                });
        assertThat(keepAlive).hasSize(2);
    }

    // ---- debug mode: where a task was created ----

    @AsyncTest
    void creationSitesAreRecordedOnlyInDebugMode() {
        assertThat(Asyncio.getRunningLoop().getDebug()).isFalse();
        assertThat(Asyncio.createTask(() -> "x").creationSite()).isNull();
    }

    @AsyncTest(debug = true)
    void debugModeRecordsWhereATaskWasCreated() {
        Task<String> t = Asyncio.createTask(() -> "x", "traced");
        assertThat(Asyncio.getRunningLoop().getDebug()).isTrue();
        assertThat(t.creationSite()).isNotNull().hasMessageContaining("task traced was created here");
        assertThat(t.creationSite().getStackTrace())
                .extracting(StackTraceElement::getMethodName)
                .contains("debugModeRecordsWhereATaskWasCreated");
    }

    @AsyncTest
    void setDebugOnARunningLoopStartsRecordingCreationSites() {
        EventLoop loop = Asyncio.getRunningLoop();
        loop.setDebug(true);
        try {
            Task<String> t = Asyncio.createTask(() -> "x");
            assertThat(t.creationSite()).isNotNull();
            assertThat(t.creationSite().getStackTrace()[0].getClassName())
                    .as("the site's top frame")
                    .isEqualTo(Task.class.getName());
        } finally {
            loop.setDebug(false);
        }
    }
}
