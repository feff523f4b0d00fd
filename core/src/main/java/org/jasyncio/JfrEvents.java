package org.jasyncio;

import java.util.List;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import org.jasyncio.internal.StackFrames;

/**
 * jasyncio's JDK Flight Recorder events (category "jasyncio"): {@code jasyncio.TaskCreated},
 * {@code jasyncio.TaskDone} and {@code jasyncio.SlowStep} (off by default: per task or per step),
 * {@code jasyncio.LoopBlocked} (checked from JFR's periodic thread), {@code jasyncio.UnretrievedException}
 * and the periodic {@code jasyncio.LoopStatistics}. See docs/debugging.md for a {@code jfr print} recipe.
 *
 * <p>Zero cost when not recording: every site first asks {@link FlightRecorder#isInitialized()} (a
 * static field read; loading the first event class initializes JFR's metadata, which takes about a
 * second of CPU, so no event class is touched in a JVM where JFR never started), then
 * {@code isEnabled()} of an event object (the object does not escape, so the JIT removes its
 * allocation, and the check is a read of a flag that JFR flips when a recording starts), and the
 * loop's per-callback timing is only switched on for an iteration in which {@link SlowStep} is enabled. Events carry no JFR stack trace
 * (the interesting frames are the task's, not the loop thread's): where a task waits is a field.
 */
final class JfrEvents {
    private JfrEvents() {}

    @Name("jasyncio.TaskCreated")
    @Label("Task Created")
    @Category("jasyncio")
    @Description("A task was created on an event loop")
    @StackTrace(false)
    @Enabled(false)
    static final class TaskCreated extends Event {
        @Label("Loop")
        int loop;

        @Label("Task Id")
        long taskId;

        @Label("Task Name")
        String taskName;
    }

    @Name("jasyncio.TaskDone")
    @Label("Task Done")
    @Category("jasyncio")
    @Description("A task ended: with a result, an exception, or cancelled")
    @StackTrace(false)
    @Enabled(false)
    static final class TaskDone extends Event {
        @Label("Loop")
        int loop;

        @Label("Task Id")
        long taskId;

        @Label("Task Name")
        String taskName;

        @Label("Outcome")
        @Description("result, cancelled, or the exception's class and message")
        String outcome;

        @Label("Lifetime")
        @Description("From creation to end; 0 if it was created before the recording started")
        @Timespan(Timespan.NANOSECONDS)
        long lifetime;
    }

    @Name("jasyncio.SlowStep")
    @Label("Slow Step")
    @Category("jasyncio")
    @Description("A callback or task step that ran longer than the threshold, blocking its loop meanwhile")
    @StackTrace(false)
    @Threshold("100 ms")
    @Enabled(false)
    static final class SlowStep extends Event {
        @Label("Loop")
        int loop;

        @Label("Task Id")
        @Description("0 for a plain callback")
        long taskId;

        @Label("Task Name")
        String taskName;

        @Label("Callback")
        String callback;

        @Label("Task Stack")
        @Description("Where the task waits now, or where it was created; the user's frames")
        String frames;
    }

    @Name("jasyncio.LoopBlocked")
    @Label("Loop Blocked")
    @Category("jasyncio")
    @Description("A loop has not looked at I/O or timers for longer than the threshold: a callback or task step"
            + " blocks it (checked every period from JFR's thread, while the loop is blocked)")
    @StackTrace(false)
    @Period("100 ms")
    static final class LoopBlocked extends Event {
        @Label("Loop")
        int loop;

        @Label("Blocked For")
        @Description("At least this long, when the check saw it")
        @Timespan(Timespan.NANOSECONDS)
        long blockedFor;

        @Label("Task Name")
        @Description("The task whose step blocks it, if one")
        String taskName;

        @Label("Stack")
        @Description("Where the blocking code is now; the user's frames")
        String frames;
    }

    @Name("jasyncio.UnretrievedException")
    @Label("Exception Never Retrieved")
    @Category("jasyncio")
    @Description("A failed future or task was collected or its loop closed and nobody looked at its exception")
    @StackTrace(false)
    static final class UnretrievedException extends Event {
        @Label("What")
        String what;

        @Label("Exception")
        String exception;
    }

    @Name("jasyncio.LoopStatistics")
    @Label("Loop Statistics")
    @Category("jasyncio")
    @Description("A running loop's queues, sampled on its thread")
    @StackTrace(false)
    @Period("1 s")
    static final class LoopStatistics extends Event {
        @Label("Loop")
        int loop;

        @Label("Ready Callbacks")
        int ready;

        @Label("Timers")
        int timers;

        @Label("Tasks")
        int tasks;

        @Label("I/O Registrations")
        int ioRegistrations;

        @Label("Outside Work")
        int outsideWork;
    }

    // ---- the sites ----

    /** Whether JFR has started in this JVM; until then no event class is loaded. */
    static boolean recorderStarted() {
        return FlightRecorder.isInitialized();
    }

    static void taskCreated(EventLoop loop, Task<?> t) {
        if (!recorderStarted()) {
            return;
        }
        TaskCreated e = new TaskCreated();
        if (e.isEnabled()) {
            e.loop = loop.id();
            e.taskId = t.taskId();
            e.taskName = t.getName();
            e.commit();
        }
    }

    /** Whether task lifetimes are wanted: then a new task notes its creation time. */
    static boolean taskDoneEnabled() {
        return recorderStarted() && new TaskDone().isEnabled();
    }

    static void taskDone(Task<?> t, long createdNanos) {
        if (!recorderStarted()) {
            return;
        }
        TaskDone e = new TaskDone();
        if (e.isEnabled()) {
            e.loop = t.getLoop().id();
            e.taskId = t.taskId();
            e.taskName = t.getName();
            Throwable x = t.cancelled() ? null : t.peekException();
            e.outcome = t.cancelled() ? "cancelled" : x == null ? "result" : String.valueOf(x);
            e.lifetime = createdNanos == 0 ? 0 : System.nanoTime() - createdNanos;
            e.commit();
        }
    }

    /** A started slow-step event if the event is enabled, else {@code null} (nothing to time). */
    static SlowStep beginSlowStep() {
        if (!recorderStarted()) {
            return null;
        }
        SlowStep e = new SlowStep();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    static boolean slowStepEnabled() {
        return recorderStarted() && new SlowStep().isEnabled();
    }

    static void endSlowStep(SlowStep e, EventLoop loop, Handle h, Task<?> stepped) {
        e.end();
        if (!e.shouldCommit()) {
            return;
        }
        e.loop = loop.id();
        if (stepped != null) {
            e.taskId = stepped.taskId();
            e.taskName = stepped.getName();
            List<StackTraceElement> stack = stepped.getStack();
            StackTraceElement[] frames = !stack.isEmpty()
                    ? stack.toArray(StackTraceElement[]::new)
                    : stepped.creationSite() != null
                            ? stepped.creationSite().getStackTrace()
                            : new StackTraceElement[0];
            StringBuilder sb = new StringBuilder();
            for (StackTraceElement f : StackFrames.userFrames(frames)) {
                sb.append(sb.isEmpty() ? "" : "\n").append(f);
            }
            e.frames = sb.toString();
        } else {
            e.callback = h.describe(false);
        }
        e.commit();
    }

    static void unretrieved(String what, Throwable exception) {
        if (!recorderStarted()) {
            return;
        }
        UnretrievedException e = new UnretrievedException();
        if (e.isEnabled()) {
            e.what = what;
            e.exception = String.valueOf(exception);
            e.commit();
        }
    }

    /**
     * Registers the periodic statistics event once JFR starts in this JVM (now, if it has): a listener,
     * added once per JVM from {@link LoopRegistry}'s daemon thread, so that a JVM where JFR never starts
     * never loads the event's class. Each period, every running loop is asked
     * to commit its statistics from its own thread (its queues are loop-thread only); a loop that is
     * blocked then commits nothing, which {@link LoopBlocked} explains.
     */
    static void registerPeriodicWhenJfrStarts() {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                registerPeriodic();
            }
        });
    }

    /** How long a loop must make no progress before {@link LoopBlocked} reports it. */
    static final long BLOCKED_THRESHOLD_NANOS = 500_000_000L;

    private static void registerPeriodic() {
        FlightRecorder.addPeriodicEvent(LoopBlocked.class, JfrEvents::checkBlocked);
        FlightRecorder.addPeriodicEvent(LoopStatistics.class, () -> {
            for (EventLoop loop : LoopRegistry.liveLoops()) {
                if (loop.isRunning()) {
                    try {
                        loop.callSoonThreadsafe(() -> commitStatistics(loop));
                    } catch (IllegalStateException closed) {
                        // closed meanwhile: nothing to sample
                    }
                }
            }
        });
    }

    /**
     * The loop-blocked check (Vert.x's blocked-thread checker, on JFR's periodic thread): a running loop
     * whose progress counter has not moved since the last check, and which is not waiting for I/O or a
     * timer, is blocked by the callback or step it runs; past the threshold it is reported once, with
     * where the blocking code is. The loop's side is two plain stores per iteration.
     */
    private static void checkBlocked() {
        long now = System.nanoTime();
        for (EventLoop loop : LoopRegistry.liveLoops()) {
            long progress = loop.progressOpaque();
            if (!loop.isRunning()
                    || loop.pollingOpaque()
                    || progress != loop.checkedProgress
                    || loop.progressSeenNanos == 0) {
                loop.checkedProgress = progress;
                loop.progressSeenNanos = now;
                loop.blockedReported = false;
                continue;
            }
            long blockedFor = now - loop.progressSeenNanos;
            if (loop.blockedReported || blockedFor < BLOCKED_THRESHOLD_NANOS) {
                continue;
            }
            loop.blockedReported = true;
            LoopBlocked e = new LoopBlocked();
            e.loop = loop.id();
            e.blockedFor = blockedFor;
            Task<?> task = loop.currentTask(); // a racy read of a loop-thread field: diagnostics only
            Thread strandThread = task == null ? null : task.strandThread(); // read once: null once the task ends
            Thread stuck = strandThread != null ? strandThread : loop.loopThread();
            e.taskName = task == null ? null : task.getName();
            if (stuck != null) {
                StringBuilder sb = new StringBuilder();
                for (StackTraceElement f : StackFrames.userFrames(stuck.getStackTrace())) {
                    sb.append(sb.isEmpty() ? "" : "\n").append(f);
                }
                e.frames = sb.toString();
            }
            e.commit();
        }
    }

    private static void commitStatistics(EventLoop loop) {
        LoopStatistics e = new LoopStatistics();
        if (e.isEnabled()) {
            e.loop = loop.id();
            e.ready = loop.readyCount();
            e.timers = loop.timerCount();
            e.tasks = loop.taskCountForStatistics();
            e.ioRegistrations = loop.ioRegistrations();
            e.outsideWork = loop.outsideWorkCount();
            e.commit();
        }
    }
}
