package org.jasyncio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jasyncio.internal.HandOffs;
import org.jasyncio.internal.HeldLocks;
import org.jasyncio.internal.IoSelector;
import org.jasyncio.internal.StackFrames;
import org.jasyncio.internal.Strand;
import org.jasyncio.internal.StrandEngine;
import org.jasyncio.internal.StrandFactory;
import org.jasyncio.internal.net.Loops;
import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.DatagramEndpoint;
import org.jasyncio.net.DatagramProtocol;
import org.jasyncio.net.Server;
import org.jasyncio.net.TlsOptions;
import org.jasyncio.net.Transport;
import org.jasyncio.net.TransportProtocol;

/**
 * The event loop: one thread, a ready queue, a timer heap and an NIO {@link Selector}, composed
 * (docs/design.md rule 1). {@link #runOnce()} is the only place callbacks run; every other method only
 * schedules.
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.newEventLoop();
 * try {
 *     String s = loop.runUntilComplete(loop.createTask(() -> { Asyncio.sleep(0.1); return "hi"; }));
 * } finally {
 *     loop.close();
 * }
 * }</pre>
 * Most programs never see the loop: {@link Asyncio#run} makes, runs and closes one.
 *
 * <p>Threading contract: every method MUST be called on the loop's thread (the thread running it,
 * and the tasks it runs), or before the loop runs, except the few named so:
 * {@link #callSoonThreadsafe}, {@link #isRunning}, {@link #isClosed}, {@link #time}, {@link #stop}
 * from a callback, and {@link Asyncio#runCoroutineThreadsafe}. A call from another thread while the
 * loop runs throws {@link IllegalStateException}.
 *
 * <p>Thread interrupts (asyncio has none; see docs/asyncio-differences.md). A task's interrupt flag is
 * its own, on either strand engine, as a virtual thread's is: a task that interrupts itself still sees
 * it after a suspension, and no other task or the loop does. An interrupt of the loop's own thread
 * (from another thread, or set by a callback) does not stop the loop: use {@link #stop}, a task's
 * cancel, or Ctrl-C with {@link Runner}. It is not lost either: the loop takes it aside while it runs
 * (a flag left set would make every blocking select return at once, a loop spinning at full speed)
 * and sets it again on the thread that ran the loop when {@link #runForever} returns, as blocking
 * Java methods that cannot throw {@link InterruptedException} do. Why not Netty's choice (clear and
 * ignore): the thread's owner may be waiting for it, e.g. a shutdown that interrupts its workers.
 */
public final class EventLoop implements AutoCloseable {
    /**
     * <pre>
     * IDLE --runForever--> RUNNING --(stop() seen)--> IDLE
     * IDLE --close--> CLOSED
     * </pre>
     */
    enum State {
        IDLE,
        RUNNING,
        CLOSED
    }

    private static final System.Logger LOG = System.getLogger("org.jasyncio");
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    private static final AtomicInteger LOOP_IDS = new AtomicInteger();
    private static final java.lang.invoke.VarHandle PROGRESS;
    private static final java.lang.invoke.VarHandle POLLING;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            PROGRESS = lookup.findVarHandle(EventLoop.class, "progress", long.class);
            POLLING = lookup.findVarHandle(EventLoop.class, "polling", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Timers due within this much of now run in this iteration (asyncio's clock resolution). */
    private static final long CLOCK_RESOLUTION_NANOS = 1_000;

    private final int id = LOOP_IDS.incrementAndGet();
    private final Clock clock;
    private final long originNanos;
    private final StrandFactory strandFactory;
    /** Marks this loop's strand threads (the virtual engine): see {@link #bindStrandThread()}. */
    private final StrandThreads strandThreads = new StrandThreads(this);
    /** Whether other threads handed in callbacks; one instance, not a lambda per iteration. */
    private final java.util.function.BooleanSupplier threadsafePending = () -> !this.threadsafe.isEmpty();
    /** The selector part: readiness callbacks of channels, and the cross-thread wake-up. */
    private final IoSelector io;

    /**
     * Callbacks to run in the next iteration: {@link Handle}s of users' callbacks, and bare
     * {@link Runnable}s that the runtime schedules for itself (task steps, future callbacks), which
     * cannot be cancelled and so need no handle. Loop thread only.
     */
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    /** Loop thread only. */
    private final TimerHeap timers = new TimerHeap();
    /** Callbacks handed in by other threads; drained into {@link #ready} by the loop. */
    private final ConcurrentLinkedQueue<Handle> threadsafe = new ConcurrentLinkedQueue<>();
    /** Every task not yet done, and the deadlock report that names them. Loop thread only. */
    private final LiveTasks liveTasks = new LiveTasks();
    /** The exception handler, the default one, and the failures nobody retrieved. */
    private final ErrorReporter errors = new ErrorReporter(this);
    /** Live async generators, closed by {@link #shutdownAsyncgens()}. Loop thread only. */
    private final Set<Generator<?>> generators = Collections.newSetFromMap(new WeakHashMap<>());

    private volatile State state = State.IDLE;
    /** The thread running the loop; null when not running. */
    private volatile Thread thread;
    /** Set by stop(); seen by runForever after the current iteration. Loop thread only. */
    private boolean stopping;
    /**
     * Whether the loop's thread was interrupted while the loop ran: the flag is taken aside before
     * each wait for I/O and set again when runForever returns. Loop thread only.
     */
    private boolean threadInterrupted;
    /** The task whose body runs right now; null between steps. Loop thread only. */
    private Task<?> currentTask;
    /**
     * The task whose step ran last (set as each step begins), so that the slow-step warning and event
     * name the task rather than the callback that woke it. Loop thread only.
     */
    private Task<?> lastStepped;

    private long timerSequence;
    /**
     * The callbacks of the current iteration not yet run, and whether they are timed: fields because
     * on the virtual engine the iteration goes on on a strand's thread (see {@link LoopHandOffs}).
     */
    private int readyLeft;

    private boolean timedIteration;
    /**
     * Whether a strand's thread began an iteration since the loop's thread last took its interrupt
     * aside ({@link #beginIterationHere}): such an iteration had no {@link #poll} on the loop's thread,
     * so an interrupt a callback left there is taken aside before the loop's thread runs the next
     * callback. Written by the baton's holder, read by the loop's thread once the baton is back.
     */
    private boolean iterationBegunElsewhere;
    /** Whether a step ever ran inside another step: then no strand hands the baton on. Loop thread only. */
    private boolean nestedStep;
    /** Work running elsewhere (executor jobs, other threads' futures) and the default executor. */
    private final OutsideWork outside;

    private boolean debug;
    /** When the callback or step that debug mode times began (System.nanoTime), 0 between them; read by {@link LockWatchdog}. */
    volatile long stepStartedNanos;
    /** The {@link #stepStartedNanos} of the step {@link LockWatchdog} reported last, so it reports a step once. */
    volatile long stepReportedNanos;
    /**
     * Bumped at each iteration and around each wait for I/O; with {@link #polling}, read by JFR's
     * loop-blocked check on another thread (JfrEvents.LoopBlocked). Written with opaque stores, which are
     * plain stores on the hardware: the loop pays no fence for a check that runs ten times a second.
     */
    private long progress;
    /** Whether the loop waits for I/O or a timer (not blocked). See {@link #progress}. */
    private boolean polling;
    /** The JFR loop-blocked check's state for this loop. JFR's periodic thread only. */
    long checkedProgress;

    long progressSeenNanos;
    boolean blockedReported;
    /** Whether {@link LockWatchdog} watches this loop. Loop thread only. */
    private boolean watched;
    /** In debug mode, the locks the loop's thread held when the loop started: not the tasks'. Loop thread only. */
    private List<String> locksHeldOutside = List.of();

    private long slowCallbackNanos = Duration.ofMillis(100).toNanos();

    private EventLoop(Clock clock, StrandFactory strandFactory, boolean debug) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.strandFactory =
                Objects.requireNonNull(strandFactory, "strandFactory").forLoop(new LoopHandOffs());
        this.originNanos = clock.nanos();
        this.debug = debug;
        this.io = new IoSelector(this::runInternal);
        this.outside = new OutsideWork(this, id);
        LoopRegistry.add(this); // for jasyncio ps: see LoopRegistry
        if (this.strandFactory.passesBaton()) {
            updateBatonLoops(this, null);
        }
    }

    /**
     * A new loop on the system clock, with the strand engine of this JVM. Debug mode is on if
     * {@code -Djasyncio.debug=true}. This factory is the one place that reads {@code jasyncio.*}
     * system properties (with the strand engine's selection).
     */
    public static EventLoop newEventLoop() {
        return newEventLoop(Clock.system());
    }

    /** A new loop reading time from {@code clock} (e.g. a {@link org.jasyncio.testing.VirtualClock}). */
    public static EventLoop newEventLoop(Clock clock) {
        return new EventLoop(clock, StrandEngine.get(), Boolean.getBoolean("jasyncio.debug"));
    }

    /**
     * The loop that started running last, a hint for {@link #runningOrNull()} (issue 14, round 5: every
     * {@code sleep}, {@code await} and {@code getRunningLoop} asks, and the thread-local lookup was a few
     * ns of each {@code sleep(0)}). Read and written without synchronization, on purpose: it is trusted
     * only when its {@link #thread} is the reader's own thread, and only the thread that runs a loop
     * writes itself into that field (and clears it, before this loop stops running there), so a reader
     * can find itself there only while the loop runs on it, whatever stale value it reads.
     */
    private static EventLoop lastStarted;

    /** The loop running on this thread (or in this task), or {@code null}. */
    static EventLoop runningOrNull() {
        Thread me = Thread.currentThread();
        EventLoop hint = lastStarted;
        if (hint != null && hint.thread == me) {
            return hint;
        }
        if (!me.isVirtual()) {
            return RUNNING.get();
        }
        if (me.getUncaughtExceptionHandler() instanceof StrandThreads s) {
            return s.loop; // a task's own thread (the virtual engine): see bindStrandThread
        }
        EventLoop loop = RUNNING.get();
        return loop != null ? loop : loopWhoseBatonIsHeldBy(me);
    }

    /**
     * The loops whose strands pass a baton ({@link StrandFactory#passesBaton()}: the virtual engine),
     * for {@link #loopWhoseBatonIsHeldBy}: copy-on-write (a reader takes no lock and allocates
     * nothing), weakly held (a loop nobody closes does not stay), a loop removed when it closes.
     * Written under {@link #BATON_LOOPS_LOCK}.
     */
    private static volatile WeakReference<EventLoop>[] batonLoops = newBatonLoops(0);

    private static final Object BATON_LOOPS_LOCK = new Object();

    @SuppressWarnings("unchecked")
    private static WeakReference<EventLoop>[] newBatonLoops(int n) {
        return (WeakReference<EventLoop>[]) new WeakReference<?>[n];
    }

    /** Adds {@code add} to {@link #batonLoops} (if not null), dropping {@code drop} and collected loops. */
    private static void updateBatonLoops(EventLoop add, EventLoop drop) {
        synchronized (BATON_LOOPS_LOCK) {
            WeakReference<EventLoop>[] old = batonLoops;
            WeakReference<EventLoop>[] next = newBatonLoops(old.length + 1);
            int n = 0;
            for (WeakReference<EventLoop> r : old) {
                EventLoop l = r.get();
                if (l != null && l != drop) {
                    next[n++] = r;
                }
            }
            if (add != null) {
                next[n++] = new WeakReference<>(add);
            }
            batonLoops = Arrays.copyOf(next, n);
        }
    }

    /**
     * The loop whose baton {@code me} holds: a strand thread of the virtual engine whose mark is gone,
     * because its task replaced the thread's uncaught-exception handler (the mark is that handler: see
     * {@link #bindStrandThread()}). Exact, since only the holder itself can read its own name there. No
     * lock, no allocation: a plain virtual thread (a {@code toThread} job's) asks this on every {@code
     * ContextVar} access.
     */
    private static EventLoop loopWhoseBatonIsHeldBy(Thread me) {
        for (WeakReference<EventLoop> r : batonLoops) {
            EventLoop loop = r.get();
            if (loop != null && loop.strandFactory.batonHolder() == me) {
                return loop;
            }
        }
        return null;
    }

    // ---- time ----

    /** The loop's time in seconds: monotonic, from its clock; starts near 0 for a new loop. */
    public double time() {
        return toSeconds(clock.nanos());
    }

    /** The loop's clock. */
    public Clock clock() {
        return clock;
    }

    long nanos() {
        return clock.nanos();
    }

    double toSeconds(long clockNanos) {
        return (clockNanos - originNanos) / 1e9;
    }

    private long toClockNanos(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException(
                    "callAt(NaN) on " + this + ": the time must be a number of loop seconds" + " (as time() returns)");
        }
        // Clamped at both ends to about 73 years from the loop's origin: timers are compared by the
        // overflow-safe difference of their nanos, which is right only while any two lie within 2^63
        // of each other. An unclamped -Infinity saturated to Long.MIN_VALUE, which that difference
        // took for 292 years ahead: the timer never ran, and held back every timer behind it.
        double n = seconds * 1e9;
        if (n >= Long.MAX_VALUE / 4.0) {
            return originNanos + Long.MAX_VALUE / 4;
        }
        if (n <= -Long.MAX_VALUE / 4.0) {
            return originNanos - Long.MAX_VALUE / 4;
        }
        return originNanos + (long) n;
    }

    // ---- scheduling ----

    /** Schedules {@code callback} for the next iteration, after those already scheduled (FIFO). */
    public Handle callSoon(Runnable callback) {
        checkThread("callSoon");
        checkOpen("callSoon");
        Handle h = new Handle(this, Objects.requireNonNull(callback, "callback"));
        ready.add(h);
        return h;
    }

    /** The runtime's own callSoon: no checks, no handle. Loop thread only (the caller is the runtime). */
    void scheduleInternal(Runnable r) {
        ready.add(r);
    }

    /** Schedules {@code callback} after {@code delay} of loop time. */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        return callAtNanos(clock.nanos() + Math.max(0, Asyncio.nanos(delay)), callback);
    }

    /** Schedules {@code callback} after {@code delaySeconds} of loop time. */
    public TimerHandle callLater(double delaySeconds, Runnable callback) {
        return callAtNanos(clock.nanos() + secondsToNanos("callLater", delaySeconds), callback);
    }

    /**
     * Schedules {@code callback} at loop time {@code when} (seconds, as {@link #time()}); a past time,
     * down to {@code -Infinity}, runs soon. Times are clamped to about 73 years either side of the
     * loop's start, so the handle's {@link TimerHandle#when()} of an infinite time is that bound.
     *
     * @throws IllegalArgumentException if {@code when} is NaN
     */
    public TimerHandle callAt(double when, Runnable callback) {
        return callAtNanos(toClockNanos(when), callback);
    }

    TimerHandle callAtNanos(long whenNanos, Runnable callback) {
        checkThread("callAt");
        checkOpen("callAt");
        TimerHandle h = new TimerHandle(this, Objects.requireNonNull(callback, "callback"), whenNanos, timerSequence++);
        timers.add(h);
        return h;
    }

    /**
     * Schedules {@code callback} from any thread, waking the loop if it waits. The one scheduling
     * method that is thread-safe.
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        checkOpen("callSoonThreadsafe");
        Handle h = new Handle(this, Objects.requireNonNull(callback, "callback"));
        threadsafe.add(h);
        if (state == State.CLOSED && threadsafe.remove(h)) {
            // close() ran between the check and the add, and its drain missed h: fail like the check.
            checkOpen("callSoonThreadsafe");
        }
        wakeUp();
        return h;
    }

    /**
     * A callback that must hear of it when {@link #close()} drops it unrun, because another thread
     * waits for what it would have done ({@link Asyncio#runCoroutineThreadsafe}): it must not wait forever.
     */
    interface DroppedAtClose extends Runnable {
        /** Called instead of {@link #run()} when the loop is closed first, on the closing thread. */
        void dropped();
    }

    private void wakeUp() {
        io.wakeUp();
    }

    /**
     * Enters sleeping task {@code t} into the timer heap, due at {@code whenNanos}, and returns the
     * entry's sequence (see {@link TimerHeap}: a sleep is its own timer, with no {@link TimerHandle}).
     * Loop thread only (the task's body).
     */
    long sleepUntil(Task<?> t, long whenNanos) {
        long sequence = timerSequence++;
        timers.addSleep(t, whenNanos, sequence);
        return sequence;
    }

    /** A sleep's heap entry went stale (its task's sleep was cancelled). Loop thread only. */
    void sleepCancelled(long sequence) {
        timers.cancelledSleep(sequence);
    }

    void timerCancelled(TimerHandle h) {
        if (thread == null || Thread.currentThread() == thread || runningOrNull() == this) {
            timers.cancelled(h);
        }
    }

    /** {@code seconds} of delay in nanoseconds, 0 if negative; {@code what}: the public call, named if NaN. */
    static long secondsToNanos(String what, double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException(what + "(NaN): a delay must be a number of seconds (or +Infinity)");
        }
        if (seconds <= 0) {
            return 0;
        }
        double n = seconds * 1e9;
        return n >= Long.MAX_VALUE / 4.0 ? Long.MAX_VALUE / 4 : (long) n;
    }

    // ---- futures and tasks ----

    /** A new pending future on this loop. */
    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    /** Wraps {@code coroutine} in a task scheduled to start soon. */
    public <T> Task<T> createTask(Coroutine<T> coroutine) {
        return createTask(coroutine, null, null);
    }

    /** Wraps {@code coroutine} in a task with a name. */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name) {
        return createTask(coroutine, name, null);
    }

    /** Wraps {@code coroutine} in a task with a name ({@code null}: {@code Task-N}) and context ({@code null}: a copy of the current). */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name, Context context) {
        checkThread("createTask");
        checkOpen("createTask");
        return started(new Task<>(this, coroutine, name, context));
    }

    /**
     * A task a {@link Runner} makes before it runs this loop (its main task, its closing task), on the
     * thread that will run it, named {@code name} ({@code null}: {@code Task-N}), in {@code context}
     * ({@code null}: a copy of the thread's). Not {@link #createTask}: the JIT compiles that for the
     * tasks a running loop's tasks create, and this case, met at the start of every {@code Asyncio.run}
     * (no loop running yet, a context given), takes branches that code has never profiled, which C2
     * compiles as traps: each would deoptimize it again (issue 14, round 7: a program's warm-up).
     */
    <T> Task<T> createTaskBeforeRun(Coroutine<T> coroutine, String name, Context context) {
        checkOpen("createTask");
        if (thread != null) {
            checkThread("createTask"); // running already (on another thread: refused)
        }
        return started(Task.beforeRun(this, coroutine, name, context));
    }

    /** Links, schedules and reports a task just made by createTask. */
    private <T> Task<T> started(Task<T> t) {
        liveTasks.link(t);
        t.start();
        JfrEvents.taskCreated(this, t);
        if (JfrEvents.taskDoneEnabled()) {
            t.createdAt(System.nanoTime());
        }
        return t;
    }

    /** {@link #createTask(Coroutine)} for a block that returns nothing. */
    public Task<Void> createTask(VoidCoroutine coroutine) {
        return createTask(coroutine, null, null);
    }

    /** {@link #createTask(Coroutine, String)} for a block that returns nothing. */
    public Task<Void> createTask(VoidCoroutine coroutine, String name) {
        return createTask(coroutine, name, null);
    }

    /** {@link #createTask(Coroutine, String, Context)} for a block that returns nothing. */
    public Task<Void> createTask(VoidCoroutine coroutine, String name, Context context) {
        Objects.requireNonNull(coroutine, "coroutine");
        checkThread("createTask");
        checkOpen("createTask");
        return started(Task.ofVoid(this, coroutine, name, context)); // no Coroutine adapter: see Task.coroutine
    }

    /** The tasks of this loop that are not done yet. */
    public Set<Task<?>> allTasks() {
        checkThread("allTasks");
        return liveTasks.asSet();
    }

    /** The tasks not done yet, without the thread check (diagnostics). Loop thread only. */
    List<Task<?>> liveTasks() {
        return liveTasks.asList();
    }

    /** The task running right now, or {@code null} outside tasks. */
    public Task<?> currentTask() {
        return currentTask;
    }

    Task<?> enterTask(Task<?> t) {
        Task<?> previous = currentTask;
        if (previous != null) {
            nestedStep = true; // never seen: steps run from the ready queue; but a chain assumes it
        }
        currentTask = t;
        if (timedIteration) {
            lastStepped = t; // only a timed step reads it; else it would keep a finished task alive
        }
        return previous;
    }

    void leaveTask(Task<?> previous) {
        currentTask = previous;
    }

    void taskDone(Task<?> t) {
        liveTasks.unlink(t);
    }

    /**
     * Called first thing in a strand's body: a strand on a thread of its own (the virtual engine) must
     * see this loop. It is marked by this loop's {@link #strandThreads} as its uncaught-exception
     * handler, a field every thread has, which {@link #runningOrNull()} reads.
     *
     * <p>Why not the {@link #RUNNING} thread-local, as on the loop's own thread: setting (or even
     * reading) a thread-local gives the thread a {@code ThreadLocalMap}, 136 bytes per task on this
     * engine (docs/performance.md, Round 4). A {@code ScopedValue} bound around the body is no better:
     * the first read caches it in a per-thread array of 144 bytes, kept with the continuation. A global
     * map from thread to loop would cost a node per task and a hash lookup per call.
     *
     * <p>The mark is only the fast path: a task may set its thread's handler itself, and then
     * {@link #runningOrNull()} finds the loop whose baton the thread holds (a scan of the live loops,
     * which only such a task pays). Setting a handler never unbinds a task from its loop.
     */
    void bindStrandThread() {
        Thread me = Thread.currentThread();
        if (me != thread) {
            me.setUncaughtExceptionHandler(strandThreads);
        }
    }

    /**
     * The uncaught-exception handler of this loop's strand threads, which marks them as this loop's
     * (see {@link #bindStrandThread()}). A strand's body catches everything it throws; should anything
     * escape, it is handled as a thread without a handler of its own would handle it.
     */
    private static final class StrandThreads implements Thread.UncaughtExceptionHandler {
        final EventLoop loop;

        StrandThreads(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            t.getThreadGroup().uncaughtException(t, e);
        }
    }

    /**
     * A task's step as it waits in the ready queue, which a strand whose own step ended may begin on
     * its thread (the virtual engine's hand-off).
     */
    interface HandedStep {
        /**
         * Begins the step as {@code Task.step} would if the step is a plain resumption of a body (its
         * first step, or a wake-up of a parked one): the task is then running and the loop's current
         * task, and its strand is returned. Else does nothing and returns {@code null}.
         */
        Strand beginHandedStep();
    }

    /** A task's wake-up callback on a future, which a strand handing the baton on may begin. */
    interface HandedWake {
        /** {@link HandedStep#beginHandedStep()} for the wake-up by {@code f}; {@code null} if it would do nothing. */
        Strand beginHandedWake(Future<?> f);
    }

    /**
     * The virtual engine's hand-off (docs/performance.md, Round 5): on the thread of a strand whose
     * step ended, the loop's work up to the next task step, which that thread hands the baton to
     * directly. Only what runs no user code and cannot block is done there: task steps of the current
     * iteration, and the start of the next iteration when it would not wait (callbacks are ready) and
     * has nothing to select (no channel registered), nor to time (debug mode, JFR slow steps); the
     * loop's own thread does everything else, and the rest of the iteration when the chain stops.
     */
    /**
     * How many task steps a strand's thread began itself, the baton handed straight on ({@link
     * LoopHandOffs#nextStep}); always 0 on the continuation engine. Written by the baton's holder; for
     * tests, which read it from a task of the loop.
     */
    private long handedSteps;

    /** See {@link #handedSteps}. */
    long handedSteps() {
        return handedSteps;
    }

    private final class LoopHandOffs implements HandOffs {
        @Override
        public Strand nextStep() {
            if (nestedStep || timedIteration) {
                return null;
            }
            currentTask = null; // what Task.step does after the step: the loop's caller does it again, harmlessly
            if (readyLeft == 0 && !beginIterationHere()) {
                return null;
            }
            Object o = ready.peek();
            Strand next;
            if (o instanceof HandedStep step) {
                next = step.beginHandedStep();
            } else if (o instanceof Handle h) {
                next = h.beginHandedStep(); // a wake-up handed in by another thread (callSoonThreadsafe's handle)
            } else {
                return null;
            }
            if (next != null) {
                ready.poll();
                readyLeft--;
                handedSteps++;
            }
            return next;
        }

        @Override
        public void handedStepEnded() {
            currentTask.endHandedStep();
        }
    }

    /**
     * The start of an iteration that runOnce would make without waiting or selecting, on a strand's
     * thread; {@code false} (nothing done) when it needs the loop's own thread.
     */
    private boolean beginIterationHere() {
        if (stopping || ready.isEmpty() || !io.idle() || debug || JfrEvents.slowStepEnabled()) {
            return false;
        }
        PROGRESS.setOpaque(this, progress + 1); // see progress
        drainThreadsafe();
        if (!timers.isEmpty()) {
            moveDueTimers(clock.nanos() + CLOCK_RESOLUTION_NANOS);
        }
        readyLeft = ready.size();
        timedIteration = false;
        iterationBegunElsewhere = true;
        return true;
    }

    StrandFactory strandFactory() {
        return strandFactory;
    }

    /** The name of the strand engine this loop's tasks run on: {@code continuation} or {@code virtual}. */
    public String strandEngine() {
        return strandFactory.engineName();
    }

    void registerGenerator(Generator<?> g) {
        generators.add(g);
    }

    void unregisterGenerator(Generator<?> g) {
        generators.remove(g);
    }

    /**
     * Closes every async generator still open, running their {@code finally} blocks (asyncio's
     * {@code shutdown_asyncgens}). Suspends: call it inside a task.
     */
    public void shutdownAsyncgens() {
        for (Generator<?> g : new ArrayList<>(generators)) {
            try {
                g.close();
            } catch (RuntimeException e) {
                callExceptionHandler(new ExceptionContext(
                        "an error occurred during closing of asynchronous generator " + g, e, null, null, Map.of()));
            }
        }
        generators.clear();
    }

    // ---- running ----

    /**
     * Runs the loop until {@code future} is done and returns its result, rethrowing its exception.
     *
     * @throws IllegalStateException if the loop is already running or closed, or stopped before the future was done
     */
    public <T> T runUntilComplete(Future<T> future) throws Exception {
        checkOpen("runUntilComplete");
        if (future.getLoop() != this) {
            throw new IllegalArgumentException(future + " belongs to another loop than " + this);
        }
        Runnable stopper = this::stop;
        future.addDoneCallback(f -> stopper.run());
        runForever();
        if (!future.done()) {
            throw new IllegalStateException(this + " stopped before " + future + " completed");
        }
        return future.result();
    }

    /** Wraps {@code coroutine} in a task and runs the loop until it is done. */
    public <T> T runUntilComplete(Coroutine<T> coroutine) throws Exception {
        return runUntilComplete(createTask(coroutine));
    }

    /** {@link #runUntilComplete(Coroutine)} for a block that returns nothing. */
    public void runUntilComplete(VoidCoroutine coroutine) throws Exception {
        runUntilComplete(createTask(coroutine));
    }

    /**
     * Runs the loop until {@link #stop()} is called.
     *
     * <p>With the virtual-thread engine, a loop started from a platform thread runs on a virtual
     * thread of its own while the caller waits: handing the baton between two virtual threads stays on
     * one carrier, where a platform loop thread would pay two OS context switches per task step.
     */
    public void runForever() {
        checkOpen("runForever");
        if (strandFactory.hostsLoopOnVirtualThread() && !Thread.currentThread().isVirtual()) {
            LoopOnVirtualThread.run("jasyncio-loop-" + id, this::runForeverHere);
            return;
        }
        runForeverHere();
    }

    private void runForeverHere() {
        if (state == State.RUNNING) {
            throw new IllegalStateException(this + " is already running");
        }
        if (RUNNING.get() != null) {
            throw new IllegalStateException(
                    "cannot run " + this + " while another loop " + RUNNING.get() + " runs on this thread");
        }
        if (debug) {
            // Before the loop is marked running: whatever this throws must leave nothing behind. Marked
            // and then failing, the loop would stay "running" on this thread, and every later run() on it
            // would be refused as a call from inside a running loop.
            List<String> held = HeldLocks.heldBy(Thread.currentThread());
            locksHeldOutside = held == null ? List.of() : held;
        }
        thread = Thread.currentThread();
        state = State.RUNNING;
        RUNNING.set(this);
        lastStarted = this;
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            stopping = false;
            if (threadInterrupted) {
                threadInterrupted = false;
                Thread.currentThread().interrupt();
            }
            RUNNING.remove();
            thread = null;
            if (lastStarted == this) {
                lastStarted = null; // not to keep a stopped loop reachable
            }
            state = State.IDLE;
        }
    }

    /**
     * Stops the loop after the current iteration: callbacks already scheduled run first. Thread-safe
     * when called through {@link #callSoonThreadsafe}.
     */
    public void stop() {
        stopping = true;
    }

    /** Whether the loop is running. Thread-safe. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Whether {@link #close()} was called. Thread-safe. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * Closes the loop: drops pending callbacks (a coroutine submitted by
     * {@link Asyncio#runCoroutineThreadsafe} that never started has its future failed, so no thread waits
     * on it forever), shuts the default executor down without waiting, closes the selector. Idempotent.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    public void close() {
        if (state == State.RUNNING) {
            throw new IllegalStateException("cannot close " + this + " while it is running; stop() it first");
        }
        if (state == State.CLOSED) {
            return;
        }
        errors.reportUnretrievedAtClose();
        state = State.CLOSED;
        // Drop what never ran. poll(), not clear(): a handle another thread adds meanwhile is taken
        // either here or back by callSoonThreadsafe(), which then fails as on a closed loop.
        for (Object o; (o = ready.poll()) != null; ) {
            tellDropped(o instanceof Handle h ? h.callback() : o);
        }
        for (Handle h; (h = threadsafe.poll()) != null; ) {
            tellDropped(h.callback());
        }
        timers.clear();
        if (strandFactory.passesBaton()) {
            updateBatonLoops(null, this);
        }
        outside.closeNow();
        try {
            io.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the selector of " + this + " failed", e);
        }
    }

    private void tellDropped(Object callback) {
        if (callback instanceof DroppedAtClose d) {
            try {
                d.dropped();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "telling " + d + " that " + this + " dropped it failed", e);
            }
        }
    }

    /**
     * One iteration: wait for I/O or the next timer (or not at all if callbacks are ready), move due
     * timers and thread-safe callbacks to the ready queue, then run the callbacks that were ready at
     * that point. This is the only place where callbacks are actually called.
     */
    void runOnce() {
        PROGRESS.setOpaque(this, progress + 1); // a plain store: see progress
        long timeout; // -1: wait until woken; 0: do not wait; else nanoseconds
        if (!ready.isEmpty() || stopping) {
            timeout = 0;
        } else if (!timers.isEmpty()) {
            dropCancelledTimersAtTop();
            timeout = timers.isEmpty() ? -1 : Math.max(0, timers.peekWhen() - clock.nanos());
        } else {
            timeout = -1;
        }
        if (timeout > 0 && clock.isVirtual() && outside.jobsAwaited()) {
            // Virtual time moves only when nothing can make progress without time passing, and an
            // executor job the loop awaits is such progress: the clock stands still until its result is
            // back (which wakes the select). Letting time follow the real wait instead fired timeouts
            // while getaddrinfo ran.
            timeout = -1;
        }
        if (timeout != 0 && clock.isVirtual() && !outside.pending() && threadsafe.isEmpty() && !awaitingIo(false)) {
            // Nothing can happen but the next timer: a virtual clock jumps there (docs/design.md rule 6).
            if (timeout > 0 && clock.idleUntil(timers.peekWhen())) {
                timeout = 0;
            } else if (timeout < 0 && liveTasks.count() > 0 && !awaitingIo(true)) {
                throw liveTasks.deadlock(this);
            }
        }
        poll(timeout);
        drainThreadsafe();

        // Move due timers to the ready queue.
        if (!timers.isEmpty()) {
            moveDueTimers(clock.nanos() + CLOCK_RESOLUTION_NANOS); // no clock read when there are no timers
        }

        // Run what is ready now; what these callbacks schedule runs in the next iteration. Timing each
        // callback costs two clock reads: only in debug mode or while JFR records slow steps.
        readyLeft = ready.size();
        timedIteration = debug || JfrEvents.slowStepEnabled();
        while (readyLeft > 0) {
            // The count and the mode are fields, not locals: on the virtual engine a strand whose step
            // ended goes on with this iteration (and may begin the next) on its own thread.
            readyLeft--;
            Object o = ready.poll();
            if (iterationBegunElsewhere) {
                takeInterruptAside(); // the virtual engine only: see iterationBegunElsewhere
            }
            boolean timed = timedIteration;
            if (o instanceof Handle h) {
                if (h.cancelled()) {
                    continue;
                }
                if (timed) {
                    runTimed(h);
                } else {
                    runHandle(h);
                }
            } else if (timed) {
                runTimed(new Handle(this, (Runnable) o));
            } else {
                runInternal((Runnable) o);
            }
        }
    }

    private void moveDueTimers(long end) {
        while (!timers.isEmpty()) {
            if (timers.topCancelled()) {
                timers.poll();
                continue;
            }
            if (timers.peekWhen() - end > 0) {
                break;
            }
            Object due = timers.poll();
            ready.add(due instanceof Task<?> t ? t.sleepFired() : due); // a sleep's entry is its task
        }
    }

    private void dropCancelledTimersAtTop() {
        while (!timers.isEmpty() && timers.topCancelled()) {
            timers.poll();
        }
    }

    private void runHandle(Handle h) {
        try {
            h.run();
        } catch (Throwable e) {
            if (!ErrorReporter.isCallbacksOwn(e)) {
                throw e;
            }
            callExceptionHandler(new ExceptionContext("Exception in callback " + h.callback(), e, null, h, Map.of()));
        }
    }

    private void runInternal(Runnable r) {
        try {
            r.run();
        } catch (Throwable e) {
            if (!ErrorReporter.isCallbacksOwn(e)) {
                throw e;
            }
            callExceptionHandler(
                    new ExceptionContext("Exception in callback " + r, e, null, Handle.ran(this, r), Map.of()));
        }
    }

    private void runTimed(Handle h) {
        if (debug && !watched) {
            watched = true;
            LockWatchdog.watch(this);
        }
        lastStepped = null;
        JfrEvents.SlowStep event = JfrEvents.beginSlowStep();
        long t0 = System.nanoTime();
        stepStartedNanos = t0;
        try {
            runHandle(h);
        } finally {
            stepStartedNanos = 0;
        }
        long took = System.nanoTime() - t0;
        Task<?> stepped = lastStepped;
        lastStepped = null;
        if (event != null) {
            JfrEvents.endSlowStep(event, this, h, stepped);
        }
        if (debug && took >= slowCallbackNanos) {
            LOG.log(Level.WARNING, slowMessage(h, stepped, took));
        }
    }

    /**
     * asyncio's warning, naming the task when the callback was a task's step (its first step, or the
     * wake-up of an await or a sleep) and where its coroutine is: where it waits now (the user's frames),
     * or, if it has ended, where it was created.
     */
    private static String slowMessage(Handle h, Task<?> stepped, long tookNanos) {
        String took = String.format(java.util.Locale.ROOT, "%.3f", tookNanos / 1e9);
        if (stepped == null) {
            return "Executing " + h.describe(false) + " took " + took + " seconds";
        }
        StringBuilder sb = new StringBuilder("Executing ")
                .append(stepped)
                .append(" took ")
                .append(took)
                .append(" seconds");
        List<StackTraceElement> stack = stepped.getStack();
        if (!stack.isEmpty()) {
            sb.append("; its coroutine is now waiting:");
            StackFrames.appendUserFrames(sb, stack.toArray(StackTraceElement[]::new), 8, "    ");
        } else if (stepped.creationSite() != null) {
            sb.append("; the task was created:");
            StackFrames.appendUserFrames(sb, stepped.creationSite().getStackTrace(), 8, "    ");
        }
        return sb.toString();
    }

    /** What {@link #poll} does with an interrupt left on the loop's thread, after an iteration begun elsewhere. */
    private void takeInterruptAside() {
        iterationBegunElsewhere = false;
        if (Thread.interrupted()) {
            threadInterrupted = true; // held until runForever returns, as poll holds it
        }
    }

    /** Waits for I/O events up to {@code timeoutNanos} (-1: until woken) and runs their callbacks. */
    private void poll(long timeoutNanos) {
        if (Thread.interrupted()) {
            threadInterrupted = true; // held until runForever returns; set, it would make select return at once
        }
        PROGRESS.setOpaque(this, progress + 1);
        POLLING.setOpaque(this, true);
        long waitStart = timeoutNanos > 0 && clock.isVirtual() ? System.nanoTime() : 0;
        int n = io.select(timeoutNanos, threadsafePending);
        POLLING.setOpaque(this, false);
        PROGRESS.setOpaque(this, progress + 1);
        if (Thread.interrupted()) {
            threadInterrupted = true; // arrived during the select, which it ended early: held the same way
        }
        if (n == 0 && timeoutNanos > 0 && clock.isVirtual() && threadsafe.isEmpty() && !timers.isEmpty()) {
            // Real time passed waiting for I/O or a future of another thread: virtual time follows it, and
            // no further. A select cut short (an interrupt, a wake-up left from an earlier iteration) must
            // not carry the clock to the timer: a virtual timeout would fire before the peer could answer.
            long waited = System.nanoTime() - waitStart;
            clock.idleUntil(waited >= timeoutNanos ? timers.peekWhen() : clock.nanos() + waited);
        }
    }

    private void drainThreadsafe() {
        Handle h;
        while ((h = threadsafe.poll()) != null) {
            ready.add(h);
        }
    }

    // ---- I/O readiness (asyncio's add_reader / add_writer) ----

    /**
     * Calls {@code callback} on the loop whenever {@code channel} is readable (accept, read), until
     * {@link #removeReader}. The channel is switched to non-blocking mode. Replaces an earlier reader.
     */
    public void addReader(SelectableChannel channel, Runnable callback) {
        setInterest(channel, true, Objects.requireNonNull(callback, "callback"));
    }

    /** Stops watching {@code channel} for reading; returns whether a reader was registered. */
    public boolean removeReader(SelectableChannel channel) {
        return setInterest(channel, true, null);
    }

    /** Calls {@code callback} whenever {@code channel} is writable (or connected), until {@link #removeWriter}. */
    public void addWriter(SelectableChannel channel, Runnable callback) {
        setInterest(channel, false, Objects.requireNonNull(callback, "callback"));
    }

    /** Stops watching {@code channel} for writing; returns whether a writer was registered. */
    public boolean removeWriter(SelectableChannel channel) {
        return setInterest(channel, false, null);
    }

    private boolean setInterest(SelectableChannel channel, boolean reading, Runnable callback) {
        checkThread(callback == null ? "remove reader/writer" : "add reader/writer");
        checkOpen("add/remove reader/writer");
        return io.setInterest(channel, reading, callback);
    }

    private boolean awaitingIo(boolean countAccept) {
        return io.awaitingIo(countAccept);
    }

    // ---- networking (asyncio's loop.create_connection & co.; implemented in internal/net/Loops) ----
    //
    // Why here, although org.jasyncio.net builds on this package: asyncio's low-level networking calls
    // are loop methods, and this is their one public spelling. They are one-line delegations to the
    // implementation package org.jasyncio.internal.net, which the module does not export: the cycle
    // ARCHITECTURE.md names. Every method here suspends: call it inside a task on this loop. Name
    // resolution runs on the loop's default executor, never on the loop thread; socket I/O runs on the
    // loop thread, driven by its selector.

    /**
     * Opens a TCP connection to {@code host:port} (trying every address {@code host} resolves to, in
     * order) and connects a new protocol from {@code protocolFactory} to it (asyncio's
     * {@code create_connection}).
     *
     * <pre>{@code
     * EventLoop loop = Asyncio.getRunningLoop();
     * var tp = loop.createConnection(MyProtocol::new, "127.0.0.1", 8888);
     * tp.transport().write("hello".getBytes());
     * }</pre>
     *
     * @throws java.net.UnknownHostException if {@code host} does not resolve
     * @throws java.net.ConnectException if every address refused or failed
     */
    public <P extends BaseProtocol> TransportProtocol<P> createConnection(
            Supplier<P> protocolFactory, String host, int port) throws IOException {
        return Loops.createConnection(this, protocolFactory, host, port);
    }

    /**
     * {@link #createConnection(Supplier, String, int)} over TLS when {@code tls} is not {@code null}:
     * returns once the handshake is done (the server name defaults to {@code host}).
     */
    public <P extends BaseProtocol> TransportProtocol<P> createConnection(
            Supplier<P> protocolFactory, String host, int port, TlsOptions tls) throws IOException {
        return Loops.createConnection(this, protocolFactory, host, port, tls);
    }

    /**
     * Connects a new protocol to an already connected socket (asyncio's {@code create_connection}
     * with {@code sock=}), over TLS as the client when {@code tls} is not {@code null} (give it the
     * server name: there is no host to default it from).
     */
    public <P extends BaseProtocol> TransportProtocol<P> createConnection(
            Supplier<P> protocolFactory, SocketChannel sock, TlsOptions tls) throws IOException {
        return Loops.connectChannel(this, protocolFactory, sock, tls, false);
    }

    /**
     * Serves a socket accepted outside a {@link Server} with a new protocol (asyncio's
     * {@code connect_accepted_socket}): for a program that runs its own accept loop, say to deal
     * connections over several loops.
     */
    public <P extends BaseProtocol> TransportProtocol<P> connectAcceptedSocket(
            Supplier<P> protocolFactory, SocketChannel sock) throws IOException {
        return connectAcceptedSocket(protocolFactory, sock, null);
    }

    /**
     * {@link #connectAcceptedSocket(Supplier, SocketChannel)} over TLS as the server when {@code tls}
     * is not {@code null}: returns once the handshake is done.
     */
    public <P extends BaseProtocol> TransportProtocol<P> connectAcceptedSocket(
            Supplier<P> protocolFactory, SocketChannel sock, TlsOptions tls) throws IOException {
        return Loops.connectChannel(this, protocolFactory, sock, tls, true);
    }

    /** Opens a Unix-domain stream connection to the socket file {@code path} (asyncio's {@code create_unix_connection}). */
    public <P extends BaseProtocol> TransportProtocol<P> createUnixConnection(Supplier<P> protocolFactory, Path path)
            throws IOException {
        return Loops.createUnixConnection(this, protocolFactory, path);
    }

    /** {@link #createUnixConnection(Supplier, Path)}, over TLS if {@code tls} is not {@code null}. */
    public <P extends BaseProtocol> TransportProtocol<P> createUnixConnection(
            Supplier<P> protocolFactory, Path path, TlsOptions tls) throws IOException {
        return Loops.createUnixConnection(this, protocolFactory, path, tls);
    }

    /**
     * Listens on {@code host:port} ({@code host} {@code null} or empty: every interface; port 0: a free
     * port, see {@link Server#sockets()}) and serves every connection with a new protocol from
     * {@code protocolFactory} (asyncio's {@code create_server}). The server is serving when this
     * returns.
     */
    public Server createServer(Supplier<? extends BaseProtocol> protocolFactory, String host, int port)
            throws IOException {
        return Loops.createServer(this, protocolFactory, host, port);
    }

    /** {@link #createServer(Supplier, String, int)} over TLS if {@code tls} is not {@code null}, with a listen backlog. */
    public Server createServer(
            Supplier<? extends BaseProtocol> protocolFactory, String host, int port, TlsOptions tls, int backlog)
            throws IOException {
        return Loops.createServer(this, protocolFactory, host, port, tls, backlog);
    }

    /**
     * Listens on the Unix-domain socket file {@code path} (asyncio's {@code create_unix_server}): a
     * stale socket file there is replaced, a regular file is not; the file is removed when the server
     * closes.
     */
    public Server createUnixServer(Supplier<? extends BaseProtocol> protocolFactory, Path path) throws IOException {
        return Loops.createUnixServer(this, protocolFactory, path);
    }

    /** {@link #createUnixServer(Supplier, Path)} over TLS if {@code tls} is not {@code null}, with a listen backlog. */
    public Server createUnixServer(
            Supplier<? extends BaseProtocol> protocolFactory, Path path, TlsOptions tls, int backlog)
            throws IOException {
        return Loops.createUnixServer(this, protocolFactory, path, tls, backlog);
    }

    /**
     * Upgrades an open {@code transport} to TLS in place (asyncio's {@code start_tls}): its current
     * protocol becomes the protocol of the returned TLS transport, and the old transport must not be
     * used directly any more. Returns once the handshake is done.
     *
     * @throws javax.net.ssl.SSLException if the handshake fails (bad certificate, no common protocol...)
     */
    public Transport startTls(Transport transport, TlsOptions tls, boolean serverSide) throws IOException {
        return Loops.startTls(this, transport, tls, serverSide);
    }

    /**
     * Opens a datagram (UDP) endpoint (asyncio's {@code create_datagram_endpoint}): bound to
     * {@code local} if not {@code null} (port 0: a free port), connected to {@code remote} if not
     * {@code null} (then {@link org.jasyncio.net.DatagramTransport#sendto(byte[])} needs no address and
     * only its datagrams are received).
     *
     * @throws IllegalArgumentException if both addresses are {@code null}
     */
    public <P extends DatagramProtocol> DatagramEndpoint<P> createDatagramEndpoint(
            Supplier<P> protocolFactory, InetSocketAddress local, InetSocketAddress remote) throws IOException {
        return Loops.createDatagramEndpoint(this, protocolFactory, local, remote);
    }

    /** Connects {@code channel} (made non-blocking) to {@code address}, waiting on the loop (asyncio's {@code sock_connect}). */
    public void sockConnect(SocketChannel channel, SocketAddress address) throws IOException {
        Loops.sockConnect(this, channel, address);
    }

    /** Receives up to {@code n} bytes (asyncio's {@code sock_recv}); an empty array at end of stream. */
    public byte[] sockRecv(SocketChannel channel, int n) throws IOException {
        return Loops.sockRecv(this, channel, n);
    }

    /** Receives into {@code buffer} (asyncio's {@code sock_recv_into}); returns the count, -1 at end of stream. */
    public int sockRecvInto(SocketChannel channel, ByteBuffer buffer) throws IOException {
        return Loops.sockRecvInto(this, channel, buffer);
    }

    /** Sends all of {@code data}, waiting for room as needed (asyncio's {@code sock_sendall}). */
    public void sockSendall(SocketChannel channel, byte[] data) throws IOException {
        Loops.sockSendall(this, channel, data);
    }

    /** Accepts a connection, waiting for one (asyncio's {@code sock_accept}); the channel is non-blocking. */
    public SocketChannel sockAccept(ServerSocketChannel server) throws IOException {
        return Loops.sockAccept(this, server);
    }

    // ---- outside work (executors, futures of other threads): see OutsideWork ----

    /**
     * Runs {@code fn} on {@code executor} ({@code null}: the default executor) and returns a future of
     * its result, completed on the loop (asyncio's {@code run_in_executor}).
     */
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
        checkThread("runInExecutor");
        checkOpen("runInExecutor");
        return outside.runInExecutor(executor, Objects.requireNonNull(fn, "fn"));
    }

    /**
     * {@link #runInExecutor(Executor, Callable)} for blocking code with no value:
     * {@code loop.runInExecutor(executor, () -> blocking())} → a future of {@code null}.
     */
    public Future<Void> runInExecutor(Executor executor, Asyncio.BlockingCall fn) {
        Objects.requireNonNull(fn, "fn");
        return runInExecutor(executor, () -> {
            fn.run();
            return null;
        });
    }

    /** Marks work started elsewhere whose result comes back through {@link #completeFromOutside}. */
    void beginOutsideWork() {
        outside.begin();
    }

    /** From any thread: completes {@code f} on the loop and ends one piece of outside work. */
    <T> void completeFromOutside(Future<T> f, T value, Throwable error) {
        outside.complete(f, value, error);
    }

    /** Sets the executor {@link #runInExecutor} uses when given {@code null}. */
    public void setDefaultExecutor(ExecutorService executor) {
        outside.setDefaultExecutor(Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Shuts the default executor down and waits, without blocking the loop, until its threads have
     * finished their work (asyncio's {@code shutdown_default_executor}). Suspends: call it inside a task.
     */
    public void shutdownDefaultExecutor() throws Exception {
        outside.shutdownDefaultExecutor();
    }

    // ---- errors ----

    /** Sets the handler for errors nobody else could handle; {@code null} restores the default (logging). */
    public void setExceptionHandler(ExceptionHandler handler) {
        errors.setHandler(handler);
    }

    /** The handler set by {@link #setExceptionHandler}, or {@code null} for the default. */
    public ExceptionHandler getExceptionHandler() {
        return errors.handler();
    }

    /** Reports an error to the exception handler (or the default one); never throws. */
    public void callExceptionHandler(ExceptionContext context) {
        errors.call(context);
    }

    /** The default handler: logs the report through {@link System.Logger} at ERROR level. */
    public void defaultExceptionHandler(ExceptionContext context) {
        ErrorReporter.logDefault(context);
    }

    void trackUnretrieved(Future.UnretrievedReport r) {
        errors.trackUnretrieved(r);
    }

    void forgetUnretrieved(Future.UnretrievedReport r) {
        errors.forgetUnretrieved(r);
    }

    /** From the cleaner thread: reports an exception nobody retrieved. */
    void reportFromAnyThread(ExceptionContext ctx) {
        errors.reportFromAnyThread(ctx);
    }

    // ---- debug ----

    /** Turns debug mode on or off: slow callbacks are logged, task creation sites recorded. */
    public void setDebug(boolean enabled) {
        this.debug = enabled;
    }

    /** Whether debug mode is on. */
    public boolean getDebug() {
        return debug;
    }

    /**
     * In debug mode, callbacks and task steps that take longer than this are logged (default 100 ms).
     *
     * @throws NullPointerException if {@code duration} is {@code null}
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public void setSlowCallbackDuration(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("slow callback duration must not be negative: " + duration);
        }
        this.slowCallbackNanos = duration.toNanos();
    }

    /** The slow-callback threshold of debug mode. */
    public Duration getSlowCallbackDuration() {
        return Duration.ofNanos(slowCallbackNanos);
    }

    /**
     * Debug mode, as task {@code t} suspends: fails the suspension if its body holds a monitor or a
     * {@code java.util.concurrent} lock (the continuation engine, whose bodies run on the loop's
     * thread: {@link HeldLocks}). Holding one across a suspension lets a second task in at once
     * (the same thread re-enters it) or hangs the loop, depending on the lock and the engine.
     */
    void checkNoLocksHeld(Task<?> t) {
        Thread me = Thread.currentThread();
        if (me != thread) {
            return; // a virtual-thread strand: the JVM cannot tell (LockWatchdog reports the hang instead)
        }
        List<String> held = HeldLocks.heldBy(me);
        if (held == null) {
            return;
        }
        List<String> mine = new ArrayList<>(held);
        for (String outside : locksHeldOutside) {
            mine.remove(outside);
        }
        if (!mine.isEmpty()) {
            throw new IllegalStateException(t + " cannot suspend while it holds " + String.join(", ", mine)
                    + " (a synchronized block or method, or a java.util.concurrent lock): another task could not"
                    + " take it until this one resumes, and on the loop's one thread that either lets the other task in"
                    + " at once or blocks the loop for ever. Use org.jasyncio.sync.Lock (try (var held = lock.hold())"
                    + " { ... }), which suspends a task that waits for it instead of blocking the loop");
        }
    }

    /** The task whose step began last; read by {@link LockWatchdog} from its own thread (a racy, diagnostic read). */
    Task<?> lastSteppedRacy() {
        return lastStepped;
    }

    /** The loop's number, as in {@code <EventLoop-N ...>}. */
    int id() {
        return id;
    }

    /** {@link #progress}, from another thread. */
    long progressOpaque() {
        return (long) PROGRESS.getOpaque(this);
    }

    /** {@link #polling}, from another thread. */
    boolean pollingOpaque() {
        return (boolean) POLLING.getOpaque(this);
    }

    /** The thread running the loop, or {@code null}. */
    Thread loopThread() {
        return thread;
    }

    // ---- checks ----

    /** Throws unless called on the loop thread, in one of its tasks, or while the loop is not running. */
    void checkThread(String method) {
        if (Thread.currentThread() != thread) {
            checkOtherThread(method); // its own method: the compiled check is one comparison
        }
    }

    /** {@link #checkThread} on a thread that is not the loop's, or while the loop is not running. */
    private void checkOtherThread(String method) {
        Thread owner = thread;
        if (owner == null) {
            return;
        }
        Thread me = Thread.currentThread();
        if (runningOrNull() == this) {
            return; // a virtual-thread strand of this loop: it runs only while it holds the baton
        }
        throw new IllegalStateException(method + "() of " + this + " was called from thread " + me.getName()
                + ", but loop methods must be called on the loop's thread " + owner.getName()
                + "; from other threads use callSoonThreadsafe() or Asyncio.runCoroutineThreadsafe()");
    }

    private void checkOpen(String method) {
        if (state == State.CLOSED) {
            throw new IllegalStateException(method + "() called on " + this + ", which is closed");
        }
    }

    /** Live tasks, for JFR's statistics. Loop thread only. */
    int taskCountForStatistics() {
        return liveTasks.count();
    }

    /** Channels registered for I/O, for JFR's statistics. Loop thread only. */
    int ioRegistrations() {
        return io.registrations();
    }

    /** Outside work in flight, for JFR's statistics. */
    int outsideWorkCount() {
        return outside.count();
    }

    /** Pending work, for tests and {@link #toString()}. */
    int readyCount() {
        return ready.size();
    }

    /** The timer heap itself, for tests that make its growth fail. */
    TimerHeap timersForTest() {
        return timers;
    }

    int timerCount() {
        return timers.size() - timers.cancelledCount();
    }

    @Override
    public String toString() {
        return "<EventLoop-" + id + " " + state.name().toLowerCase() + " engine=" + strandFactory.engineName()
                + (clock.isVirtual() ? " virtual-clock" : "") + (debug ? " debug" : "")
                + " tasks=" + liveTasks.count() + ">";
    }

    /** A snapshot of the loop for diagnostics: ready callbacks, live timers, tasks (also once closed). */
    public List<String> statistics() {
        return List.of(
                "ready=" + ready.size(),
                "timers=" + timerCount(),
                "tasks=" + liveTasks.count(),
                "io=" + (isClosed() ? "closed" : awaitingIo(true) ? "waiting" : "idle"), // a closed selector throws
                "outside=" + outside.count());
    }
}
