package org.jasyncio;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

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
    private Asyncio() {
    }

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
            throw new IllegalStateException("no running event loop on thread " + Thread.currentThread().getName()
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
            throw new IllegalStateException("no running event loop on thread " + Thread.currentThread().getName()
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
        if (d.compareTo(Duration.ofNanos(MAX_DELAY_NANOS)) >= 0) {
            return MAX_DELAY_NANOS;
        }
        return d.compareTo(Duration.ofNanos(-MAX_DELAY_NANOS)) <= 0 ? -MAX_DELAY_NANOS : d.toNanos();
    }

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
        return gatherAll(Arrays.asList(futures));
    }

    /** {@link #gather(Future[])} for a collection, e.g. a list of tasks. */
    public static <T> List<T> gather(Collection<? extends Future<? extends T>> futures) throws Exception {
        return gatherAll(new ArrayList<>(futures));
    }

    /** Runs the coroutines concurrently, each as a task, and returns their values in argument order. */
    @SafeVarargs
    public static <T> List<T> gather(Coroutine<? extends T>... coroutines) throws Exception {
        return gatherAll(spawn(coroutines));
    }

    /**
     * Runs the blocks concurrently, each as a task, and waits for all of them: a list of one
     * {@code null} per block, in argument order (the shape of asyncio's {@code gather}, so code that
     * ignores the value and code that counts it both read naturally).
     */
    public static List<Void> gather(VoidCoroutine... coroutines) throws Exception {
        return gatherAll(spawn(asCoroutines(coroutines)));
    }

    /**
     * Waits for all futures and returns how each ended, in argument order, never throwing a child's
     * exception (asyncio's {@code gather(..., return_exceptions=True)}).
     */
    @SafeVarargs
    public static <T> List<Outcome<T>> gatherSettled(Future<? extends T>... futures) throws Exception {
        return gatherSettledAll(Arrays.asList(futures));
    }

    /** {@link #gatherSettled(Future[])} for a collection. */
    public static <T> List<Outcome<T>> gatherSettled(Collection<? extends Future<? extends T>> futures) throws Exception {
        return gatherSettledAll(new ArrayList<>(futures));
    }

    /** Runs the coroutines concurrently and returns how each ended, in argument order. */
    @SafeVarargs
    public static <T> List<Outcome<T>> gatherSettled(Coroutine<? extends T>... coroutines) throws Exception {
        return gatherSettledAll(spawn(coroutines));
    }

    /**
     * Runs the blocks concurrently and returns how each ended, in argument order: an
     * {@link Outcome#success} of {@code null}, or the exception it threw.
     */
    public static List<Outcome<Void>> gatherSettled(VoidCoroutine... coroutines) throws Exception {
        return gatherSettledAll(spawn(asCoroutines(coroutines)));
    }

    /** The blocks as coroutines returning {@code null}. */
    private static Coroutine<Void>[] asCoroutines(VoidCoroutine... coroutines) {
        @SuppressWarnings("unchecked")
        Coroutine<Void>[] cs = (Coroutine<Void>[]) new Coroutine<?>[coroutines.length];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = Objects.requireNonNull(coroutines[i], "coroutine").asCoroutine();
        }
        return cs;
    }

    @SafeVarargs
    private static <T> List<Future<? extends T>> spawn(Coroutine<? extends T>... coroutines) {
        EventLoop loop = runningLoopFor("Asyncio.gather()");
        List<Future<? extends T>> tasks = new ArrayList<>(coroutines.length);
        for (Coroutine<? extends T> c : coroutines) {
            tasks.add(loop.createTask(c));
        }
        return tasks;
    }

    private static <T> List<T> gatherAll(List<? extends Future<? extends T>> children) throws Exception {
        @SuppressWarnings("unchecked")
        Future<List<T>> outer = (Future<List<T>>) (Future<?>) gatherFuture(children, false);
        return outer.await();
    }

    private static <T> List<Outcome<T>> gatherSettledAll(List<? extends Future<? extends T>> children) throws Exception {
        @SuppressWarnings("unchecked")
        Future<List<Outcome<T>>> outer = (Future<List<Outcome<T>>>) (Future<?>) gatherFuture(children, true);
        return outer.await();
    }

    /**
     * asyncio's {@code _GatheringFuture}: completes when every child is done (or at the first failure
     * unless {@code settled}); cancelling it cancels the children and completes it, cancelled, when
     * they are done.
     */
    private static Future<List<Object>> gatherFuture(List<? extends Future<?>> children, boolean settled) {
        Task<?> me = Task.requireCurrent(null, "gather()");
        EventLoop loop = me.getLoop();
        Future<List<Object>> outer = loop.createFuture();
        outer.gathered = children;
        int n = children.size();
        if (n == 0) {
            outer.complete(List.of());
            return outer;
        }
        for (Future<?> c : children) {
            if (c.getLoop() != loop) {
                throw new IllegalArgumentException("gather(): " + c + " belongs to another loop than " + loop);
            }
        }
        boolean[] cancelRequested = {false};
        String[] cancelMessage = {null};
        int[] finished = {0};
        outer.cancelHook = msg -> {
            boolean any = false;
            for (Future<?> c : children) {
                if (c.cancel(msg)) {
                    any = true;
                }
            }
            if (any) {
                cancelRequested[0] = true;
                cancelMessage[0] = msg;
            }
            return any;
        };
        Consumer<Future<?>> onChildDone = child -> {
            finished[0]++;
            if (outer.done()) {
                // gather already threw an earlier failure: as asyncio does, this child's exception
                // counts as retrieved instead of being reported as lost when the child is collected.
                if (!child.cancelled()) {
                    child.rawException();
                }
                return;
            }
            // Once the waiter asked to cancel, gather ends cancelled only when every child is done
            // (the contract above); asyncio ends it at the first cancelled child, so a waiter could
            // move on while a sibling still ran its cleanup.
            if (!settled && !cancelRequested[0]) {
                if (child.cancelled()) {
                    outer.cancelSelf(child.cancelMessage());
                    return;
                }
                Throwable e = child.peekException();
                if (e != null) {
                    outer.fail(child.rawException());
                    return;
                }
            }
            if (finished[0] == n) {
                if (cancelRequested[0]) {
                    // The waiter asked to stop waiting: as asyncio does, what the children ended with
                    // counts as retrieved (gatherSettled promised not to raise it).
                    for (Future<?> c : children) {
                        if (!c.cancelled()) {
                            c.rawException();
                        }
                    }
                    outer.cancelSelf(cancelMessage[0]);
                    return;
                }
                List<Object> results = new ArrayList<>(n);
                for (Future<?> c : children) {
                    if (!settled) {
                        results.add(c.rawResult());
                    } else if (c.cancelled()) {
                        results.add(Outcome.failure(c.newCancelledError()));
                    } else if (c.peekException() != null) {
                        results.add(Outcome.failure(c.rawException()));
                    } else {
                        results.add(Outcome.success(c.rawResult()));
                    }
                }
                outer.complete(results);
            }
        };
        // One callback per occurrence, so a future given twice counts twice towards n. (Counting the
        // copies of each future with a nested scan made gather quadratic: minutes for 100k tasks.)
        for (Future<?> c : children) {
            c.addDoneCallback(onChildDone);
        }
        return outer;
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
        Objects.requireNonNull(when, "when");
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("wait(): the collection of futures is empty");
        }
        Task<?> me = Task.requireCurrent(null, "wait()");
        EventLoop loop = me.getLoop();
        List<F> fs = new ArrayList<>(new LinkedHashSet<>(futures));
        if (!conditionMet(fs, when)) {
            Future<Void> waiter = loop.createFuture();
            int[] pending = {0};
            Consumer<Future<?>> onDone = f -> {
                pending[0]--;
                if (!waiter.done() && (pending[0] <= 0 || when == ReturnWhen.FIRST_COMPLETED
                        || (when == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.peekException() != null))) {
                    waiter.complete(null);
                }
            };
            for (F f : fs) {
                if (!f.done()) {
                    pending[0]++;
                    f.addCallbackInternal(onDone);
                }
            }
            TimerHandle timer = timeout == null ? null : loop.callAtNanos(loop.nanos() + Math.max(0, nanos(timeout)), () -> {
                if (!waiter.done()) {
                    waiter.complete(null);
                }
            });
            try {
                waiter.await();
            } catch (RuntimeException | Error interrupted) {
                throw interrupted; // cancelled, or a TaskGroupError thrown into this task: unchanged
            } catch (Exception impossible) {
                throw new IllegalStateException(impossible);
            } finally {
                if (timer != null) {
                    timer.cancel();
                }
                for (F f : fs) {
                    f.removeCallbackInternal(onDone);
                }
            }
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> pending = new LinkedHashSet<>();
        for (F f : fs) {
            (f.done() ? done : pending).add(f);
        }
        return new Done<>(done, pending);
    }

    private static boolean conditionMet(List<? extends Future<?>> fs, ReturnWhen when) {
        int done = 0;
        for (Future<?> f : fs) {
            if (f.done()) {
                done++;
                if (when == ReturnWhen.FIRST_COMPLETED) {
                    return true;
                }
                if (when == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.peekException() != null) {
                    return true;
                }
            }
        }
        return done == fs.size();
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
                Asyncio.shieldWait(future);
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

    /** Waits for {@code f} to be done without cancelling it if the waiter is cancelled. */
    private static void shieldWait(Future<?> f) throws Exception {
        if (f.done()) {
            return;
        }
        Task<?> me = Task.requireCurrent(f.getLoop(), "waitFor()");
        Future<Void> done = f.getLoop().createFuture();
        f.addCallbackInternal(x -> {
            if (!done.done()) {
                done.complete(null);
            }
        });
        me.awaitDone(done);
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
        EventLoop loop = runningLoopFor("Asyncio.asCompleted()");
        List<F> fs = new ArrayList<>(new LinkedHashSet<>(futures));
        ArrayDeque<F> completed = new ArrayDeque<>();
        Object[] waiterBox = {null};
        @SuppressWarnings("unchecked")
        Consumer<Future<?>> onDone = f -> {
            completed.add((F) f);
            @SuppressWarnings("unchecked")
            Future<Void> w = (Future<Void>) waiterBox[0];
            if (w != null && !w.done()) {
                w.complete(null);
            }
        };
        for (F f : fs) {
            if (f.done()) {
                completed.add(f);
            } else {
                f.addCallbackInternal(onDone);
            }
        }
        double deadline = timeout == null ? Double.POSITIVE_INFINITY : loop.time() + nanos(timeout) / 1e9;
        Iterator<F> it = new Iterator<>() {
            private int remaining = fs.size();

            @Override
            public boolean hasNext() {
                return remaining > 0;
            }

            @Override
            public F next() {
                if (remaining == 0) {
                    throw new NoSuchElementException("asCompleted(): every future was returned already");
                }
                if (completed.isEmpty()) {
                    Future<Void> w = loop.createFuture();
                    waiterBox[0] = w;
                    // The deadline completes the waiter normally and next() throws: a TimeoutError
                    // stored in w would be reported as never retrieved if this task were cancelled
                    // in the same iteration (the cancellation wins and nobody reads w).
                    boolean[] expired = {false};
                    TimerHandle timer = deadline == Double.POSITIVE_INFINITY ? null : loop.callAt(deadline, () -> {
                        if (!w.done()) {
                            expired[0] = true;
                            w.complete(null);
                        }
                    });
                    try {
                        w.await();
                    } catch (RuntimeException | Error interrupted) {
                        throw interrupted; // cancelled, or a TaskGroupError thrown into this task: unchanged
                    } catch (Exception impossible) {
                        throw new IllegalStateException(impossible);
                    } finally {
                        waiterBox[0] = null;
                        if (timer != null) {
                            timer.cancel();
                        }
                    }
                    if (expired[0]) {
                        throw new TimeoutError("asCompleted(): " + remaining + " futures still pending after " + timeout);
                    }
                }
                remaining--;
                return completed.poll();
            }
        };
        return () -> it;
    }

    /**
     * Waits for {@code future} but does not cancel it if the waiting task is cancelled (asyncio's
     * {@code shield}): the waiter gets {@link CancelledError}, the future runs on.
     *
     * @throws IllegalStateException outside a task, even for a done future
     */
    public static <T> T shield(Future<T> future) throws Exception {
        Objects.requireNonNull(future, "future");
        if (future.done()) {
            Task.requireCurrent(null, "shield()");
            return future.result();
        }
        Task<?> me = Task.requireCurrent(future.getLoop(), "shield()");
        Future<T> outer = me.getLoop().createFuture();
        future.addCallbackInternal(inner -> {
            if (outer.done()) {
                return; // the waiter was cancelled; the inner outcome stays for whoever holds it
            }
            if (inner.cancelled()) {
                outer.cancelSelf(inner.cancelMessage());
            } else if (inner.peekException() != null) {
                outer.fail(inner.rawException());
            } else {
                outer.complete(inner.rawResult());
            }
        });
        return outer.await();
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
        return runningLoopFor("Asyncio.toThread()").runInExecutor(null, () -> ctx.run(fn)).await();
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
        return runCoroutineThreadsafe(Objects.requireNonNull(coroutine, "coroutine").asCoroutine(), loop);
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
        return CallGraphs.capture(Task.requireCurrent(null, "Asyncio.captureCallGraph()", "captures the current task's graph"));
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
