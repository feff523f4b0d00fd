package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jasyncio.testing.AsyncTest;

/** {@link Task}: asyncio's Task API, introspection, and debug mode. */
class TaskTest {
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
    void currentTaskAndAllTasks() throws Exception {
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
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no running event loop")
                .hasMessageContaining("currentTask()");
        assertThat(Fixtures.thrownInALoopCallback(Asyncio::currentTask)).as("in a loop callback it returns null").isNull();
    }

    @AsyncTest
    void getCoroAndGetContext() {
        Coroutine<String> body = () -> "x";
        Task<String> t = Asyncio.createTask(body);
        assertThat(t.getCoro()).isSameAs(body);
        assertThat(t.getContext()).isNotNull().isNotSameAs(Asyncio.currentTask().getContext());
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
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Stack for <Task pending name=stacked")
                .contains("parkedInHere");
        assertThat(Asyncio.currentTask().getStack()).as("a running task has no suspended stack").isEmpty();
        gate.setResult("go");
        assertThat(t.await()).isEqualTo("go");
        assertThat(t.getStack()).as("a done task has no stack").isEmpty();
    }

    @AsyncTest
    void toStringShowsStateAndWhatTheTaskWaitsFor() throws Exception {
        Future<String> gate = Asyncio.getRunningLoop().createFuture();
        Task<String> waiting = Asyncio.createTask(gate::await, "waiter");
        Task<Void> sleeping = Asyncio.createTask(() -> Asyncio.sleep(5.0), "sleeper");
        Task<String> failing = Asyncio.createTask(() -> { throw new IllegalStateException("bad"); }, "failer");
        Task<String> cancelled = Asyncio.createTask(() -> "never", "cancelled");
        cancelled.cancel();
        Asyncio.sleep(0);
        assertThat(waiting.toString()).isEqualTo("<Task pending name=waiter waiting for <Future pending callbacks=1>>");
        assertThat(sleeping.toString()).isEqualTo("<Task pending name=sleeper sleeping until 5.0>");
        assertThat(failing.toString()).isEqualTo("<Task finished exception=java.lang.IllegalStateException: bad name=failer>");
        assertThat(cancelled.toString()).isEqualTo("<Task cancelled name=cancelled cancelling=1>");
        gate.setResult("ok");
        waiting.await();
        assertThat(waiting.toString()).isEqualTo("<Task finished result=ok name=waiter>");
        failing.exception();
        sleeping.cancel();
    }

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
    void awaitingAFailedTaskRethrowsItsExceptionUnchanged() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Task<String> t = Asyncio.createTask(() -> { Asyncio.sleep(1.0); throw boom; });
        assertThatThrownBy(t::await).isSameAs(boom);
        assertThatThrownBy(t::result).isSameAs(boom);
        assertThat(t.exception()).isSameAs(boom);
    }

    @AsyncTest
    void anErrorThrownByTheBodyFailsTheTask() {
        StackOverflowError soe = new StackOverflowError("deep");
        Task<String> t = Asyncio.createTask(() -> { throw soe; });
        assertThatThrownBy(t::await).isSameAs(soe);
        assertThat(t.cancelled()).isFalse();
    }

    @AsyncTest
    void suspendingWhilePinnedFailsClearlyAndTheTaskStaysConsistent() throws Exception {
        Object monitor = new Object();
        Throwable[] pinned = {null};
        Future<String> gate = Asyncio.getRunningLoop().createFuture();
        Task<String> t = Asyncio.createTask(() -> {
            try {
                synchronized (monitor) {
                    Asyncio.sleep(1.0);
                }
            } catch (IllegalStateException e) {
                pinned[0] = e;
            }
            return gate.await(); // the failed sleep must not wake this later wait
        });
        Asyncio.getRunningLoop().callLater(3.0, () -> gate.setResult("gate opened"));
        assertThat(t.await()).isEqualTo("gate opened");
        assertThat(Asyncio.getRunningLoop().time()).isEqualTo(3.0);
        if (pinned[0] != null) {
            // Where the engine cannot yield inside synchronized, it must say so (JDK 25's continuations can).
            assertThat(pinned[0]).hasMessageContaining("pinned").hasMessageContaining("synchronized");
        }
    }

    // ---- debug mode ----

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
        assertThat(t.creationSite().getStackTrace()).extracting(StackTraceElement::getMethodName)
                .contains("debugModeRecordsWhereATaskWasCreated");
    }

    private static final class Capture extends Handler implements AutoCloseable {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Logger logger = Logger.getLogger("org.jasyncio");
        private final boolean parents;

        Capture() {
            parents = logger.getUseParentHandlers();
            logger.setUseParentHandlers(false); // keep the test output quiet
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(parents);
        }

        List<String> warnings() {
            List<String> w = new ArrayList<>();
            for (LogRecord r : records) {
                if (r.getLevel() == Level.WARNING) {
                    w.add(r.getMessage());
                }
            }
            return w;
        }
    }

    private static Runnable named(String name) {
        return new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @AsyncTest(debug = true)
    void debugModeLogsCallbacksSlowerThanTheThreshold() {
        EventLoop loop = Asyncio.getRunningLoop();
        assertThat(loop.getSlowCallbackDuration()).isEqualTo(Duration.ofMillis(100));
        try (Capture log = new Capture()) {
            loop.setSlowCallbackDuration(Duration.ZERO); // every callback is "slow": no real time needed
            loop.callSoon(named("the-slow-callback"));
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            assertThat(log.warnings()).anySatisfy(m -> assertThat(m).startsWith("Executing <Handle the-slow-callback>")
                    .contains("took").contains("seconds"));
            loop.setSlowCallbackDuration(Duration.ofHours(1));
            log.records.clear();
            loop.callSoon(named("a-fast-callback"));
            Asyncio.sleep(0);
            assertThat(log.warnings()).noneMatch(m -> m.contains("a-fast-callback"));
        } finally {
            loop.setSlowCallbackDuration(Duration.ofMillis(100));
        }
    }

    @AsyncTest
    void slowCallbacksAreNotTimedOutsideDebugMode() {
        EventLoop loop = Asyncio.getRunningLoop();
        try (Capture log = new Capture()) {
            loop.setSlowCallbackDuration(Duration.ZERO);
            loop.callSoon(named("not-timed"));
            Asyncio.sleep(0);
            assertThat(log.warnings()).noneMatch(m -> m.contains("not-timed"));
        } finally {
            loop.setSlowCallbackDuration(Duration.ofMillis(100));
        }
        assertThatThrownBy(() -> loop.setSlowCallbackDuration(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @AsyncTest
    void setDebugTogglesDebugMode() {
        EventLoop loop = Asyncio.getRunningLoop();
        loop.setDebug(true);
        try {
            assertThat(Asyncio.createTask(() -> "x").creationSite()).isNotNull();
        } finally {
            loop.setDebug(false);
        }
    }
}
