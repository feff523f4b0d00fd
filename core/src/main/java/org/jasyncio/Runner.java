package org.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs coroutines on one loop that it makes and closes (asyncio's {@code Runner}); several
 * {@code run} calls share the loop and one {@link Context}, so a {@link ContextVar} set by one run is
 * seen by the next (tasks created inside each run still start from copies, as always).
 *
 * <pre>{@code
 * try (var runner = new Runner()) {
 *     runner.run(() -> setUp());
 *     runner.run(() -> main());
 * }
 * }</pre>
 *
 * <p>While {@link #run} runs on the JVM's main thread, Ctrl-C (SIGINT) cancels the main task first
 * (so its {@code finally} blocks run); if it then ends cancelled, {@code run} throws
 * {@link KeyboardInterrupt}. Left uncaught on the main thread, it ends the JVM with exit status 130
 * (128 + SIGINT) after printing it, as a shell sees of Python killed by Ctrl-C. A second Ctrl-C falls back to the JVM's default (exit).
 *
 * <p>{@link #close()} ends the way asyncio's does: cancels the tasks still pending and waits for them,
 * closes async generators, shuts the default executor down, closes the loop.
 */
public final class Runner implements AutoCloseable {
    /**
     * <pre>
     * CREATED --first run()--> INITIALIZED --close()--> CLOSED
     * CREATED --close()--> CLOSED
     * </pre>
     */
    enum State {
        CREATED,
        INITIALIZED,
        CLOSED
    }

    private final RunOptions options;
    private final Context context = new Context();
    /** Transitions as drawn on {@link State}. Thread that calls run() and close() only. */
    private State state = State.CREATED;
    /** Made on the first run() or getLoop(); kept (closed) after close(), for toString(). */
    private EventLoop loop;
    /** The task of the run() in progress, for Ctrl-C. */
    private volatile Task<?> mainTask;

    private volatile boolean interrupted;
    /** The monitor page {@link RunOptions#monitor(int)} started with the loop, closed with it; or null. */
    private AutoCloseable monitor;

    /** A runner with default options. */
    public Runner() {
        this(RunOptions.defaults());
    }

    /** A runner with the given options. */
    public Runner(RunOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Runs {@code coroutine} as the main task until it is done and returns its value, rethrowing its
     * exception unchanged.
     *
     * @throws IllegalStateException if called from a running loop, or after close
     */
    public <T> T run(Coroutine<T> coroutine) throws Exception {
        Objects.requireNonNull(coroutine, "coroutine");
        if (EventLoop.runningOrNull() != null) {
            throw new IllegalStateException("run() on " + this + " cannot be called from a running event loop ("
                    + EventLoop.runningOrNull() + "); inside a task, call the coroutine directly or use createTask");
        }
        EventLoop l = loop("run()");
        Task<T> task = l.createTaskBeforeRun(coroutine, null, context);
        mainTask = task;
        interrupted = false;
        SigintHandler sigint = SigintHandler.installIfMainThread(this::onSigint);
        try {
            return l.runUntilComplete(task);
        } catch (CancelledError e) {
            if (interrupted && task.cancelled()) {
                if (sigint != null) {
                    SigintHandler.exitWith130IfUncaught(Thread.currentThread());
                }
                throw new KeyboardInterrupt("interrupted by SIGINT (Ctrl-C)", e);
            }
            throw e;
        } finally {
            mainTask = null;
            if (sigint != null) {
                sigint.restore();
            }
        }
    }

    /** Runs a block that returns nothing as the main task. */
    public void run(VoidCoroutine coroutine) throws Exception {
        run(coroutine.asCoroutine());
    }

    /**
     * The runner's loop, made on first use.
     *
     * @throws IllegalStateException after close
     */
    public EventLoop getLoop() {
        return loop("getLoop()");
    }

    private EventLoop loop(String what) {
        if (state == State.CLOSED) {
            throw new IllegalStateException(what + " on " + this + ": a Runner cannot be reused after close()");
        }
        if (state == State.CREATED) {
            loop = options.newLoop();
            state = State.INITIALIZED;
            try {
                monitor = options.startMonitor(new LoopRegistry());
            } catch (RuntimeException | Error e) {
                loop.close();
                state = State.CLOSED;
                throw e;
            } catch (Exception e) {
                loop.close();
                state = State.CLOSED;
                throw new IllegalStateException("the monitor page of " + loop + " could not start: " + e, e);
            }
        }
        return loop;
    }

    /** What Ctrl-C does: cancels the main task on its loop (from the signal thread). Second one: false. */
    boolean onSigint() {
        Task<?> t = mainTask;
        if (t == null || interrupted) {
            return false;
        }
        interrupted = true;
        loop.callSoonThreadsafe(() -> t.cancel("interrupted by SIGINT (Ctrl-C)"));
        return true;
    }

    /** Cancels leftover tasks and waits for them, closes generators, shuts the executor down, closes the loop. */
    @Override
    public void close() {
        if (state != State.INITIALIZED) {
            state = State.CLOSED;
            return;
        }
        try {
            cancelAllTasks(loop);
            loop.runUntilComplete(loop.createTaskBeforeRun(
                    () -> {
                        loop.shutdownAsyncgens();
                        loop.shutdownDefaultExecutor();
                        return null;
                    },
                    "runner-shutdown",
                    null));
        } catch (Exception e) {
            loop.callExceptionHandler(new ExceptionContext("error while shutting down " + loop, e));
        } finally {
            loop.close();
            state = State.CLOSED;
            closeMonitor();
        }
    }

    private void closeMonitor() {
        if (monitor != null) {
            try {
                monitor.close();
            } catch (Exception e) {
                System.getLogger("org.jasyncio")
                        .log(System.Logger.Level.WARNING, "the monitor page of " + this + " did not close cleanly", e);
            }
            monitor = null;
        }
    }

    /** {@code <Runner created>}, {@code <Runner initialized loop=<EventLoop-1 ...> main=<Task ...>>}, {@code <Runner closed>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Runner ").append(state.name().toLowerCase());
        if (state == State.INITIALIZED) {
            sb.append(" loop=").append(loop);
            Task<?> t = mainTask;
            if (t != null) {
                sb.append(" main=").append(t);
            }
        }
        return sb.append('>').toString();
    }

    /** asyncio's {@code _cancel_all_tasks}: cancel every pending task, wait for all, report failures. */
    static void cancelAllTasks(EventLoop loop) throws Exception {
        List<Task<?>> left = new ArrayList<>(loop.allTasks());
        if (left.isEmpty()) {
            return;
        }
        for (Task<?> t : left) {
            t.cancel();
        }
        Future<Void> all = loop.createFuture();
        int[] remaining = {left.size()};
        for (Task<?> t : left) {
            t.addCallbackInternal(f -> {
                if (--remaining[0] == 0) {
                    all.complete(null);
                }
            });
        }
        loop.runUntilComplete(all);
        for (Task<?> t : left) {
            if (!t.cancelled() && t.peekException() != null) {
                loop.callExceptionHandler(new ExceptionContext(
                        "unhandled exception during Asyncio.run() shutdown", t.rawException(), t, null, Map.of()));
            }
        }
    }
}
