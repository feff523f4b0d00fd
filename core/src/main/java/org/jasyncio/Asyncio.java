package org.jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * asyncio's module-level functions: the one place to find every concept by its asyncio name.
 *
 * <pre>{@code
 * import static org.jasyncio.Asyncio.*;
 *
 * public static void main(String[] args) throws Exception {
 *     run(() -> {
 *         var a = createTask(() -> { sleep(1.0); return "a"; });
 *         var b = createTask(() -> { sleep(2.0); return "b"; });
 *         System.out.println(gather(a, b));     // [a, b], after 2 seconds
 *     });
 * }
 * }</pre>
 *
 * <p>Every method that waits ({@code sleep}, {@code gather}, {@code wait}, ...) must be called inside
 * a task on a running loop, and fails at once with a message saying so otherwise (docs/design.md rule 2).
 */
public final class Asyncio {
    private Asyncio() {}

    // ---- running ----

    /**
     * Runs {@code main} on a new event loop and returns its value (asyncio's {@code asyncio.run}): makes
     * the loop, runs the coroutine as the main task, then cancels leftover tasks and waits for them,
     * closes async generators, shuts the default executor down and closes the loop.
     */
    public static <T> T run(Coroutine<T> main) throws Exception {
        return run(main, RunOptions.defaults());
    }

    /** {@link #run(Coroutine)} for a block that returns nothing. */
    public static void run(VoidCoroutine main) throws Exception {
        run(main.asCoroutine(), RunOptions.defaults());
    }

    /** {@link #run(Coroutine)} with options: debug mode, a virtual clock, a loop factory. */
    public static <T> T run(Coroutine<T> main, RunOptions options) throws Exception {
        try (Runner runner = new Runner(options)) {
            return runner.run(main);
        }
    }

    /** {@link #run(Coroutine, RunOptions)} for a block that returns nothing. */
    public static void run(VoidCoroutine main, RunOptions options) throws Exception {
        run(main.asCoroutine(), options);
    }

    /**
     * The loop running this code.
     *
     * @throws IllegalStateException outside a running loop (asyncio's {@code RuntimeError: no running event loop})
     */
    public static EventLoop getRunningLoop() {
        EventLoop loop = EventLoop.runningOrNull();
        if (loop == null) {
            throw new IllegalStateException(
                    "no running event loop on thread " + Thread.currentThread().getName()
                            + ": getRunningLoop() must be called from a task or callback of a running loop");
        }
        return loop;
    }

    /**
     * The running loop, for {@code what} (the call the user made), which needs one: outside a loop the
     * error names that call, not this lookup.
     */
    static EventLoop runningLoopFor(String what) {
        EventLoop loop = EventLoop.runningOrNull();
        if (loop == null) {
            throw new IllegalStateException(what + " needs a running event loop, so it must be called inside a task"
                    + " or a callback of one (start one with Asyncio.run); it was called on thread "
                    + Thread.currentThread().getName() + ", which runs no event loop");
        }
        return loop;
    }

    /**
     * The task running this code (asyncio's {@code current_task()}), or {@code null} in a callback of
     * the running loop, outside any task.
     *
     * @throws IllegalStateException if no event loop runs on this thread (asyncio's
     *     {@code RuntimeError: no running event loop})
     */
    public static Task<?> currentTask() {
        EventLoop loop = EventLoop.runningOrNull();
        if (loop == null) {
            throw new IllegalStateException(
                    "no running event loop on thread " + Thread.currentThread().getName()
                            + ": currentTask() must be called from a task or callback of a running loop");
        }
        return loop.currentTask();
    }

    /** The tasks of the running loop not done yet (asyncio's {@code all_tasks()}). */
    public static Set<Task<?>> allTasks() {
        return runningLoopFor("Asyncio.allTasks()").allTasks();
    }

    // ---- tasks ----

    /** Runs {@code coroutine} concurrently as a new task on the running loop (asyncio's {@code create_task}). */
    public static <T> Task<T> createTask(Coroutine<T> coroutine) {
        return runningLoopFor("Asyncio.createTask()").createTask(coroutine);
    }

    /** {@link #createTask(Coroutine)} with a name. */
    public static <T> Task<T> createTask(Coroutine<T> coroutine, String name) {
        return runningLoopFor("Asyncio.createTask()").createTask(coroutine, name);
    }

    /** {@link #createTask(Coroutine)} with a name and a context ({@code null}: a copy of the current). */
    public static <T> Task<T> createTask(Coroutine<T> coroutine, String name, Context context) {
        return runningLoopFor("Asyncio.createTask()").createTask(coroutine, name, context);
    }

    /** {@link #createTask(Coroutine)} for a block that returns nothing. */
    public static Task<Void> createTask(VoidCoroutine coroutine) {
        return runningLoopFor("Asyncio.createTask()").createTask(coroutine);
    }

    /** {@link #createTask(Coroutine, String)} for a block that returns nothing. */
    public static Task<Void> createTask(VoidCoroutine coroutine, String name) {
        return runningLoopFor("Asyncio.createTask()").createTask(coroutine, name);
    }

    /** {@link #createTask(Coroutine, String, Context)} for a block that returns nothing. */
    public static Task<Void> createTask(VoidCoroutine coroutine, String name, Context context) {
        return runningLoopFor("Asyncio.createTask()").createTask(coroutine, name, context);
    }

    // ---- sleeping ----

    /**
     * Suspends the current task for {@code delay} of loop time; {@link Duration#ZERO} yields exactly
     * once, letting every other ready task run a step (asyncio's {@code sleep(0)}).
     */
    public static void sleep(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        Task.requireCurrent(null, "sleep()").sleepNanos(delay.isNegative() ? 0 : nanos(delay));
    }

    /** The longest delay the loop schedules (as {@code EventLoop} caps seconds): about 73 years. */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    /**
     * {@code d} in nanoseconds, capped at ±{@link #MAX_DELAY_NANOS}: {@link Duration#toNanos()} overflows
     * past 292 years, and "practically forever" ({@code Duration.ofDays(1_000_000)}) is a fair delay.
     */
    static long nanos(Duration d) {
        if (d.compareTo(MAX_DELAY) >= 0) {
            return MAX_DELAY_NANOS;
        }
        return d.compareTo(MIN_DELAY) <= 0 ? -MAX_DELAY_NANOS : d.toNanos();
    }

    /** The bounds of {@link #nanos}, made once (they were two Durations made per call, per sleep). */
    private static final Duration MAX_DELAY = Duration.ofNanos(MAX_DELAY_NANOS);

    private static final Duration MIN_DELAY = Duration.ofNanos(-MAX_DELAY_NANOS);

    /** {@link #sleep(Duration)} in seconds, as asyncio users write it: {@code sleep(0.5)}. */
    public static void sleep(double seconds) {
        Task.requireCurrent(null, "sleep()").sleepNanos(EventLoop.secondsToNanos("sleep", seconds));
    }

    // ---- gather ----

    /**
     * Waits for all futures and returns their results in argument order (asyncio's {@code gather}).
     * The first failure is rethrown unchanged at once; the others keep running. Cancelling the
     * waiting task cancels every child.
     */
    @SafeVarargs
    public static <T> List<T> gather(Future<? extends T>... futures) throws Exception {
        return Gather.all(Arrays.asList(futures));
    }

    /** {@link #gather(Future[])} for a collection, e.g. a list of tasks. */
    public static <T> List<T> gather(Collection<? extends Future<? extends T>> futures) throws Exception {
        return Gather.all(new ArrayList<>(futures));
    }

    /** Runs the coroutines concurrently, each as a task, and returns their values in argument order. */
    @SafeVarargs
    public static <T> List<T> gather(Coroutine<? extends T>... coroutines) throws Exception {
        return Gather.all(Gather.spawn(coroutines));
    }

    /**
     * Runs the blocks concurrently, each as a task, and waits for all of them: a list of one
     * {@code null} per block, in argument order (the shape of asyncio's {@code gather}, so code that
     * ignores the value and code that counts it both read naturally).
     */
    public static List<Void> gather(VoidCoroutine... coroutines) throws Exception {
        return Gather.all(Gather.spawn(Gather.asCoroutines(coroutines)));
    }

    /**
     * Waits for all futures and returns how each ended, in argument order, never throwing a child's
     * exception (asyncio's {@code gather(..., return_exceptions=True)}).
     */
    @SafeVarargs
    public static <T> List<Outcome<T>> gatherSettled(Future<? extends T>... futures) throws Exception {
        return Gather.settled(Arrays.asList(futures));
    }

    /** {@link #gatherSettled(Future[])} for a collection. */
    public static <T> List<Outcome<T>> gatherSettled(Collection<? extends Future<? extends T>> futures)
            throws Exception {
        return Gather.settled(new ArrayList<>(futures));
    }

    /** Runs the coroutines concurrently and returns how each ended, in argument order. */
    @SafeVarargs
    public static <T> List<Outcome<T>> gatherSettled(Coroutine<? extends T>... coroutines) throws Exception {
        return Gather.settled(Gather.spawn(coroutines));
    }

    /**
     * Runs the blocks concurrently and returns how each ended, in argument order: an
     * {@link Outcome#success} of {@code null}, or the exception it threw.
     */
    public static List<Outcome<Void>> gatherSettled(VoidCoroutine... coroutines) throws Exception {
        return Gather.settled(Gather.spawn(Gather.asCoroutines(coroutines)));
    }

    // ---- wait, wait_for, as_completed, shield ----

    /** Waits until all futures are done (asyncio's {@code wait} with {@code ALL_COMPLETED}). */
    public static <F extends Future<?>> Done<F> wait(Collection<F> futures) {
        return wait(futures, null, ReturnWhen.ALL_COMPLETED);
    }

    /** Waits until {@code when} holds (asyncio's {@code wait}); never raises the futures' exceptions. */
    public static <F extends Future<?>> Done<F> wait(Collection<F> futures, ReturnWhen when) {
        return wait(futures, null, when);
    }

    /**
     * Waits until {@code when} holds or {@code timeout} ({@code null}: none) passes, and returns the
     * done and pending futures. Does not cancel anything on timeout, and does not raise the futures'
     * exceptions.
     *
     * @throws IllegalArgumentException if {@code futures} is empty
     */
    public static <F extends Future<?>> Done<F> wait(Collection<F> futures, Duration timeout, ReturnWhen when) {
        return Wait.wait(futures, timeout, when);
    }

    /**
     * Waits for {@code future} at most {@code timeout} (asyncio's {@code wait_for}): on expiry it is
     * cancelled, awaited, and {@link TimeoutError} is thrown. If it absorbs that cancellation (a task
     * that catches it and returns a value, or throws another exception), that outcome is what this
     * returns or throws, as in asyncio 3.12+ (cpython gh-86296). A {@code null} timeout waits as long
     * as it takes; zero or less does not wait (a pending future times out at once).
     *
     * @throws IllegalStateException outside a task, even for a done future or a zero timeout
     */
    public static <T> T waitFor(Future<T> future, Duration timeout) throws Exception {
        Objects.requireNonNull(future, "future");
        Task.requireCurrent(null, "waitFor()");
        if (timeout == null) {
            return future.await();
        }
        if (timeout.isNegative() || timeout.isZero()) {
            if (future.done()) {
                return future.result();
            }
            future.cancel();
            try {
                Shield.waitUncancelled(future);
            } catch (CancelledError e) {
                TimeoutError te = new TimeoutError("waitFor(): " + future + " did not complete within " + timeout);
                te.initCause(e);
                throw te;
            }
            if (future.cancelled()) {
                throw new TimeoutError("waitFor(): " + future + " did not complete within " + timeout);
            }
            return future.result();
        }
        try (Timeout t = timeout(timeout)) {
            return future.await();
        }
    }

    /** {@link #waitFor(Future, Duration)} in seconds. */
    public static <T> T waitFor(Future<T> future, double timeoutSeconds) throws Exception {
        return waitFor(future, Duration.ofNanos(EventLoop.secondsToNanos("waitFor", timeoutSeconds)));
    }

    /**
     * Runs {@code coroutine} in the current task under a deadline (asyncio 3.12+'s {@code wait_for} of
     * a coroutine: {@code async with timeout(t): return await coro}): when {@code timeout} passes, the
     * coroutine gets {@link TimeoutError} at its suspension point and it leaves this call, unless the
     * coroutine catches it and returns a value (which is then returned) or throws another exception
     * (which is then thrown). A {@code null} timeout waits as long as it takes. A timeout of zero or
     * less never runs the coroutine: as in asyncio, it becomes a task cancelled before its first step,
     * and {@code TimeoutError} is thrown.
     *
     * @throws IllegalStateException outside a task
     */
    public static <T> T waitFor(Coroutine<T> coroutine, Duration timeout) throws Exception {
        Objects.requireNonNull(coroutine, "coroutine");
        Task.requireCurrent(null, "waitFor()");
        if (timeout == null) {
            return coroutine.call();
        }
        if (timeout.isNegative() || timeout.isZero()) {
            return waitFor(createTask(coroutine), timeout);
        }
        try (Timeout t = timeout(timeout)) {
            return coroutine.call();
        }
    }

    /** {@link #waitFor(Coroutine, Duration)} in seconds. */
    public static <T> T waitFor(Coroutine<T> coroutine, double timeoutSeconds) throws Exception {
        return waitFor(coroutine, Duration.ofNanos(EventLoop.secondsToNanos("waitFor", timeoutSeconds)));
    }

    /** {@link #waitFor(Coroutine, Duration)} for a block that returns nothing. */
    public static void waitFor(VoidCoroutine coroutine, Duration timeout) throws Exception {
        waitFor(Objects.requireNonNull(coroutine, "coroutine").asCoroutine(), timeout);
    }

    /** {@link #waitFor(VoidCoroutine, Duration)} in seconds. */
    public static void waitFor(VoidCoroutine coroutine, double timeoutSeconds) throws Exception {
        waitFor(Objects.requireNonNull(coroutine, "coroutine").asCoroutine(), timeoutSeconds);
    }

    /**
     * The futures in the order they complete (asyncio's {@code as_completed}): each {@code next()}
     * suspends until one more is done and returns it (await it for its result).
     */
    public static <F extends Future<?>> Iterable<F> asCompleted(Collection<F> futures) {
        return asCompleted(futures, null);
    }

    /**
     * {@link #asCompleted(Collection)} with a deadline for the whole iteration: a {@code next()} still
     * waiting when it passes throws {@link TimeoutError}.
     */
    public static <F extends Future<?>> Iterable<F> asCompleted(Collection<F> futures, Duration timeout) {
        return AsCompleted.iterate(futures, timeout);
    }

    /**
     * Waits for {@code future} but does not cancel it if the waiting task is cancelled (asyncio's
     * {@code shield}): the waiter gets {@link CancelledError}, the future runs on.
     *
     * @throws IllegalStateException outside a task, even for a done future
     */
    public static <T> T shield(Future<T> future) throws Exception {
        return Shield.shield(future);
    }

    /** Runs {@code coroutine} as a task and {@link #shield(Future) shields} it. */
    public static <T> T shield(Coroutine<T> coroutine) throws Exception {
        return shield(createTask(coroutine));
    }

    /** Runs a block that returns nothing as a task and {@link #shield(Future) shields} it. */
    public static void shield(VoidCoroutine coroutine) throws Exception {
        shield(createTask(coroutine));
    }

    // ---- timeouts ----

    /** A {@link Timeout} for the block it guards, expiring {@code delay} from now. */
    public static Timeout timeout(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return new Timeout("Asyncio.timeout(Duration)", nanos(delay) / 1e9, true);
    }

    /** {@link #timeout(Duration)} in seconds; {@code Double.POSITIVE_INFINITY} for no deadline yet. */
    public static Timeout timeout(double delaySeconds) {
        return new Timeout("Asyncio.timeout(double)", delaySeconds, true);
    }

    /** A {@link Timeout} expiring at loop time {@code when} ({@code Double.POSITIVE_INFINITY}: none yet). */
    public static Timeout timeoutAt(double when) {
        return new Timeout("Asyncio.timeoutAt(double)", when, false);
    }

    // ---- threads ----

    /**
     * A blocking call with no value, for {@link #toThread(BlockingCall)} and
     * {@link EventLoop#runInExecutor(java.util.concurrent.Executor, BlockingCall)}: the twin of
     * {@link Callable} as {@link VoidCoroutine} is of {@link Coroutine}.
     */
    @FunctionalInterface
    public interface BlockingCall {
        /** Runs the blocking code. */
        void run() throws Exception;
    }

    /**
     * Runs blocking {@code fn} on the loop's default executor and waits for it without blocking the
     * loop (asyncio's {@code to_thread}); {@code fn} sees a copy of the task's {@link ContextVar}s.
     * Cancelling the waiting task does not interrupt the thread.
     */
    public static <T> T toThread(Callable<T> fn) throws Exception {
        Objects.requireNonNull(fn, "fn");
        Task.requireCurrent(null, "toThread()");
        Context ctx = Context.current().copy();
        return runningLoopFor("Asyncio.toThread()")
                .runInExecutor(null, () -> ctx.run(fn))
                .await();
    }

    /** {@link #toThread(Callable)} for blocking code with no value. */
    public static void toThread(BlockingCall fn) throws Exception {
        Objects.requireNonNull(fn, "fn");
        toThread(() -> {
            fn.run();
            return null;
        });
    }

    /**
     * Submits {@code coroutine} to {@code loop} from another thread (asyncio's
     * {@code run_coroutine_threadsafe}). Cancelling the returned future cancels the task.
     *
     * <p>The returned future always completes, so a thread blocked in its {@code get()} is never left
     * hanging: with the task's outcome; exceptionally with the error if the task cannot be created on
     * the loop; exceptionally with an {@link IllegalStateException} if the loop is closed before the
     * coroutine could start (asyncio's future stays pending then).
     *
     * @throws IllegalStateException if {@code loop} is closed already
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coroutine, EventLoop loop) {
        Objects.requireNonNull(coroutine, "coroutine");
        Objects.requireNonNull(loop, "loop");
        CompletableFuture<T> cf = new CompletableFuture<>();
        loop.callSoonThreadsafe(new ThreadsafeSubmission<>(loop, coroutine, cf));
        return cf;
    }

    /** {@link #runCoroutineThreadsafe(Coroutine, EventLoop)} for a block that returns nothing. */
    public static CompletableFuture<Void> runCoroutineThreadsafe(VoidCoroutine coroutine, EventLoop loop) {
        return runCoroutineThreadsafe(
                Objects.requireNonNull(coroutine, "coroutine").asCoroutine(), loop);
    }

    /**
     * A loop future mirroring {@code stage}, a future of other threads (asyncio's {@code wrap_future}):
     * completed on the loop when {@code stage} completes; cancelling it cancels {@code stage} if it is
     * a {@link java.util.concurrent.Future}.
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        EventLoop loop = runningLoopFor("Asyncio.wrapFuture()");
        Future<T> f = loop.createFuture();
        loop.beginOutsideWork();
        stage.whenComplete((v, e) -> loop.completeFromOutside(f, v, unwrap(e)));
        f.addCallbackInternal(x -> {
            if (x.cancelled() && stage instanceof java.util.concurrent.Future<?> jf) {
                jf.cancel(false);
            }
        });
        return f;
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof java.util.concurrent.CancellationException ce) {
            return new CancelledError(ce.getMessage());
        }
        return e;
    }

    // ---- generators ----

    /**
     * An async generator (Python's {@code async def} with {@code yield}): {@code body} runs lazily, one
     * {@code emit.yield(x)} per item the consumer asks for, and may suspend between items.
     *
     * <pre>{@code
     * try (Generator<Integer> countdown = Asyncio.generator(emit -> {
     *     for (int i = 3; i > 0; i--) { emit.yield(i); Asyncio.sleep(1.0); }
     * })) {
     *     for (int i : countdown) System.out.println(i);
     * }
     * }</pre>
     * Closing the generator (or leaving the try block) stops the body at its suspension point and runs
     * its {@code finally} blocks.
     */
    public static <T> Generator<T> generator(Generator.Body<T> body) {
        return new Generator<>(runningLoopFor("Asyncio.generator()"), body);
    }

    // ---- call graphs (Python 3.14's asyncio.capture_call_graph / print_call_graph) ----

    /**
     * The await graph of the current task: where it runs (the user's frames) and who awaits it
     * ({@code await}, {@code gather}, the {@link TaskGroup} block that created it), up to the tasks
     * nobody awaits.
     *
     * @throws IllegalStateException outside a task
     */
    public static FutureCallGraph captureCallGraph() {
        return CallGraphs.capture(
                Task.requireCurrent(null, "Asyncio.captureCallGraph()", "captures the current task's graph"));
    }

    /**
     * The await graph of {@code future} (a task or any future of the running loop): where it is
     * suspended and who awaits it, as a tree.
     *
     * <pre>{@code
     * FutureCallGraph g = Asyncio.captureCallGraph(task);
     * System.out.print(Asyncio.formatCallGraph(g));
     * }</pre>
     *
     * @throws IllegalStateException if called from another thread than the future's loop's
     */
    public static FutureCallGraph captureCallGraph(Future<?> future) {
        Objects.requireNonNull(future, "future");
        future.getLoop().checkThread("Asyncio.captureCallGraph");
        return CallGraphs.capture(future);
    }

    /** Python's layout of a call graph ({@code * Task(...)}, {@code + Call stack:}, {@code + Awaited by:}), as text. */
    public static String formatCallGraph(FutureCallGraph graph) {
        return CallGraphs.format(Objects.requireNonNull(graph, "graph"));
    }

    /** Prints the current task's call graph to {@code System.out}. */
    public static void printCallGraph() {
        System.out.print(formatCallGraph(captureCallGraph()));
    }

    /** Prints the call graph of {@code future} to {@code out}. */
    public static void printCallGraph(Future<?> future, java.io.PrintStream out) {
        out.print(formatCallGraph(captureCallGraph(future)));
    }
}
