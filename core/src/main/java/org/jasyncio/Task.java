package org.jasyncio;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jasyncio.internal.Strand;
import org.jasyncio.internal.Throwables;

/**
 * A coroutine running on its own strand, scheduled by its loop (asyncio's {@code Task}). It is a
 * {@link Future} of the coroutine's value: {@link #await()} waits for it, {@link #cancel(String)}
 * asks it to stop by throwing {@link CancelledError} at its current or next suspension point.
 *
 * <pre>{@code
 * Task<String> t = Asyncio.createTask(() -> fetch(url), "fetch");
 * ...
 * String body = t.await();
 * }</pre>
 *
 * <p>The loop holds a strong reference to every task until it is done, so a task nobody keeps a
 * reference to still runs to the end (asyncio's weak-reference pitfall, cpython gh-88831, is not ours).
 *
 * @param <T> the coroutine's value
 */
public final class Task<T> extends Future<T> {
    /**
     * Where the task's body is.
     * <pre>
     * NEW --first step--> RUNNING --park--> SUSPENDED --wake step--> RUNNING ... --body ends--> ENDED
     * NEW --cancelled before its first step--> ENDED (the body never runs, as in asyncio)
     * NEW --no strand could be made for it (OutOfMemoryError)--> ENDED (failed with that error)
     * SUSPENDED --the strand refused to park (a pinned continuation), or its sleep failed--> RUNNING
     * </pre>
     * {@link #canMoveTo} is this drawing; {@code moveTo} checks every transition against it.
     */
    enum Lifecycle {
        NEW,
        RUNNING,
        SUSPENDED,
        ENDED;

        /** Whether {@code next} follows this state on the drawing above. */
        boolean canMoveTo(Lifecycle next) {
            return switch (this) {
                case NEW -> next == RUNNING || next == ENDED;
                case RUNNING -> next == SUSPENDED || next == ENDED;
                case SUSPENDED -> next == RUNNING;
                case ENDED -> false;
            };
        }
    }

    private static final AtomicLong COUNTER = new AtomicLong();

    /**
     * What the body runs: a {@link Coroutine}, or, while {@link #returnsNothing}, the {@link VoidCoroutine}
     * given to {@code createTask} as it is (issue 14, round 6: no adapter object per task, and no adapter
     * frame between the task's body and the user's code on the stack a parked body keeps, where the JIT
     * cannot inline that call). {@link #getCoro()} makes the adapter if asked for it.
     */
    private Object coroutine;
    /** Whether {@link #coroutine} is a {@link VoidCoroutine}. */
    private boolean returnsNothing;
    /**
     * The body's strand: made by the first step ({@link #firstStrand()}), {@code null} before it and once
     * the body has ended (or was cancelled before it started). Made that late because a program often
     * creates many tasks before any runs (spawn, then gather), and each strand waiting for its first step
     * was two objects more for every young collection to copy (issue 14, round 7: 48 of a waiting task's
     * 232 bytes, and the method reference to {@link #body}). Dropped at the end because a finished
     * continuation still holds its last stack chunk (some hundred bytes a task) and a done task often
     * stays reachable for a while, in the list a program gathers (issue 14: 100k finished sleepers kept
     * 40 MB of chunks alive, which every young GC copied). Loop thread only.
     */
    private Strand strand;

    /**
     * The context the body runs in: a {@link Context}, or, until {@link #getContext()} is first called,
     * the values of its creator's context when the task was made ({@link Context#snapshot()}, an
     * immutable map), from which that copy is then made with the same values (issue 14, round 6: a
     * task that never reads its context, as most do not, keeps 16 bytes fewer while it sleeps).
     * Loop thread only.
     */
    private Object context;
    /**
     * The task's one callback object, in all its roles: the step the ready queue runs (first step, a
     * {@code sleep(0)}'s, a cancelled sleep's), the callback of a sleep's timer, the wake-up callback
     * added to an awaited future, and the strand's name. It was four objects (a Runnable, a method
     * reference for the wake-up, one for the name, and a lambda per sleep for the timer); one per task
     * does (issue 14: what a task and a sleep allocate).
     */
    private final Hooks stepRunnable = new Hooks();
    /** The number in the default name {@code Task-N}; the name string is made only when asked for. */
    private final long id = COUNTER.incrementAndGet();
    /** A name given by the user; {@code null} for the default {@code Task-N}. */
    private String name;
    /** The loop's list of live tasks runs through these. Loop thread only. */
    Task<?> prevLive;

    Task<?> nextLive;

    /** Loop thread only; transitions as drawn on {@link Lifecycle}. */
    private Lifecycle lifecycle = Lifecycle.NEW;
    /** The future the parked body waits for; null when not waiting on one. Loop thread only. */
    private Future<?> futWaiter;
    /**
     * Where a parked {@code sleep}'s timer is: {@link #NOT_SLEEPING}, {@link #SLEEP_TIMED} (the task is
     * its own entry in the loop's timer heap, as entry {@link #sleepSequence}, due at {@link #sleepWhen};
     * no {@link TimerHandle}: issue 14, round 5) or {@link #SLEEP_DUE} (the loop moved the entry to the
     * ready queue as the task's step). Between a continuation strand's park and the return of its
     * {@code resume()}, {@link #SLEEP_ASKED} or {@link #YIELD_ASKED}: see {@link #sleepNanos}. Loop thread only.
     */
    private byte sleepState = NOT_SLEEPING;
    /**
     * Set when a sleep whose step is already in the ready queue ({@link #SLEEP_DUE}) is cancelled: the
     * cancellation schedules a step of its own, at the end of the queue, as asyncio's does, and the
     * step already queued must then do nothing (as a cancelled handle in the ready queue is skipped).
     * Loop thread only.
     */
    private boolean skipQueuedStep;
    /** The sequence of this task's live timer-heap entry while {@link #SLEEP_TIMED}. */
    private long sleepSequence;
    /** When the current sleep ends, in loop-clock nanoseconds, while sleeping (for {@link #toString}). */
    private long sleepWhen;

    private static final byte NOT_SLEEPING = 0;
    private static final byte SLEEP_TIMED = 1;
    private static final byte SLEEP_DUE = 2;
    /** A sleep of {@link #sleepWhen} the body asked for on a continuation strand, not yet in the heap. */
    private static final byte SLEEP_ASKED = 3;
    /** A {@code sleep(0)} the body asked for on a continuation strand, its step not yet queued. */
    private static final byte YIELD_ASKED = 4;
    /**
     * What to throw at the body's next suspension point: a {@link CancelledError} (cancel, timeout) or
     * another throwable handed in by a {@link TaskGroup} (asyncio's {@code _must_cancel}). The first one
     * requested wins.
     */
    private Throwable pendingThrow;
    /** The innermost {@link Timeout} whose block runs in this task; each links to the one around it. */
    Timeout innermostTimeout;
    /**
     * What most tasks never use (cancellation, throwables on their way into the body, debug mode's
     * creation site, JFR's creation time), made on first use; {@code null} until then. Moved out of the
     * task (issue 14, round 5): 100k sleeping tasks are each copied by every young collection while they
     * sleep, and these fields were some 30 of a task's bytes. Loop thread only.
     */
    private Rare rare;

    /** See {@link #rare}. */
    private static final class Rare {
        /**
         * A request passed on to {@link #futWaiter} by cancelling it (asyncio's {@code _fut_waiter.cancel()}):
         * thrown into the body if that future ends cancelled; dropped if it absorbs the cancellation (a task
         * that catches it and returns a value or fails otherwise), and then the body gets that outcome.
         * Invariant: non-null only while the body is parked in {@link #awaitDone}.
         */
        Throwable forwarded;
        /**
         * What the body's last suspension point threw into it (a cancellation, a timeout, a group's error);
         * {@code null} once a suspension returns normally. {@link TaskGroup#close()} reads it to know
         * whether its block is being interrupted.
         */
        Throwable inFlight;
        /**
         * The last throwable thrown into the body at a suspension point, kept after later suspensions
         * return normally (an error on its way out may pass through a {@code finally} that suspends);
         * cleared when the body gets the outcome of a future that absorbed a request passed on to it.
         * A {@link Timeout} reads it to know whether the block got its own error.
         */
        Throwable lastThrown;
        /** asyncio's {@code _num_cancels_requested}: cancel() adds one, uncancel() takes one. */
        int cancelsRequested;
        /** The message of the latest {@link #cancel(String)} (asyncio's {@code _cancel_message}). */
        String cancelMessage;
        /** In debug mode, where the task was created. */
        Throwable creationSite;
        /** System.nanoTime() at creation if JFR's jasyncio.TaskDone was enabled then, else 0. */
        long createdNanos;
    }

    /** {@link #rare}, made if it is not there yet. */
    private Rare rare() {
        Rare r = rare;
        if (r == null) {
            rare = r = new Rare();
        }
        return r;
    }

    private Throwable forwarded() {
        Rare r = rare;
        return r == null ? null : r.forwarded;
    }

    private void clearForwarded() {
        Rare r = rare;
        if (r != null) {
            r.forwarded = null;
        }
    }

    private int cancelsRequested() {
        Rare r = rare;
        return r == null ? 0 : r.cancelsRequested;
    }

    private T bodyValue;
    private Throwable bodyThrown;

    Task(EventLoop loop, Coroutine<? extends T> coroutine, String name, Context context) {
        this(
                loop,
                Objects.requireNonNull(coroutine, "coroutine"),
                false,
                name,
                context != null ? context : currentContextValues());
    }

    /** A task of a block that returns nothing: its value is {@code null}. */
    static Task<Void> ofVoid(EventLoop loop, VoidCoroutine coroutine, String name, Context context) {
        return new Task<>(
                loop,
                Objects.requireNonNull(coroutine, "coroutine"),
                true,
                name,
                context != null ? context : currentContextValues());
    }

    /**
     * A task a {@link Runner} makes before its loop runs, named {@code name} ({@code null}: {@code Task-N}),
     * in {@code context}, or if that is {@code null}
     * in a copy of the calling thread's: see {@link EventLoop#createTaskBeforeRun}.
     */
    static <T> Task<T> beforeRun(EventLoop loop, Coroutine<? extends T> coroutine, String name, Context context) {
        return new Task<>(
                loop,
                Objects.requireNonNull(coroutine, "coroutine"),
                false,
                name,
                context != null ? context : Context.current().snapshot());
    }

    /** {@code context}: a {@link Context} or a snapshot of one's values (see {@link #context}). */
    private Task(EventLoop loop, Object coroutine, boolean returnsNothing, String name, Object context) {
        super(loop);
        this.coroutine = coroutine;
        this.returnsNothing = returnsNothing;
        this.name = name;
        this.context = context;
        if (loop.getDebug()) {
            rare().creationSite = new Throwable("task " + getName() + " was created here");
        }
    }

    /** Makes the strand of the body's first step (see {@link #strand}). */
    private Strand firstStrand() {
        return strand = loop.strandFactory().create(this::body, stepRunnable);
    }

    // ---- asyncio's Task API ----

    /** The task's name ({@code Task-N} unless one was given). */
    public String getName() {
        return name != null ? name : "Task-" + id;
    }

    /** Renames the task. */
    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * {@code Context.current().snapshot()}, without making the running task's Context when it has none
     * yet: a task that creates tasks but never reads its context keeps none either (see the field).
     */
    private static Object currentContextValues() {
        EventLoop running = EventLoop.runningOrNull();
        Task<?> creator = running == null ? null : running.currentTask();
        if (creator == null) {
            return Context.current().snapshot();
        }
        Object c = creator.context;
        return c instanceof Context made ? made.snapshot() : c;
    }

    /**
     * The context the task's body runs in: a copy of its creator's, taken when it was created. Loop
     * thread only, as every {@link Future} method: the copy is made when first asked for, so two threads
     * asking at once could each make one (and the body could then lose a value it set).
     */
    public Context getContext() {
        if (context instanceof Context made) {
            return made;
        }
        @SuppressWarnings("unchecked") // only a Context or its snapshot is ever stored
        Context made = Context.ofSnapshot((Map<ContextVar<?>, Object>) context);
        context = made;
        return made;
    }

    /**
     * The coroutine this task runs (for a block that returns nothing, one object made when first asked).
     * Loop thread only, as every {@link Future} method.
     */
    @SuppressWarnings("unchecked") // a Coroutine of the task's type, or made here from a VoidCoroutine (Void)
    public Coroutine<? extends T> getCoro() {
        if (returnsNothing) {
            coroutine = ((VoidCoroutine) coroutine).asCoroutine();
            returnsNothing = false; // the body, if it has not started, runs the same block through it
        }
        return (Coroutine<? extends T>) coroutine;
    }

    /**
     * Asks the task to stop: {@link CancelledError} is thrown at its current suspension point, or at
     * its next one if it is running (it is the caller). If it waits on a future, that future is
     * cancelled instead and its outcome decides (see {@link Future#await()}): a task it awaits may
     * absorb the cancellation. Returns {@code false} if the task is already done.
     */
    @Override
    public boolean cancel(String msg) {
        loop.checkThread("Task.cancel");
        if (done()) {
            return false;
        }
        rare().cancelMessage = msg;
        return requestThrow(new CancelledError(msg), true, msg);
    }

    @Override
    public boolean cancel() {
        return cancel(null);
    }

    /** How many cancellation requests are pending (asyncio's {@code cancelling()}). */
    public int cancelling() {
        return cancelsRequested();
    }

    /**
     * Takes back one cancellation request and returns how many remain; when none remain, a
     * cancellation not yet delivered is dropped (asyncio 3.13 semantics). A cancellation already passed
     * on to the future the task awaits cannot be taken back from that future: if it ends cancelled, the
     * task gets that future's plain {@link CancelledError}, as in asyncio.
     */
    public int uncancel() {
        Rare r = rare;
        if (r == null) {
            return 0;
        }
        if (r.cancelsRequested > 0) {
            if (--r.cancelsRequested == 0) {
                if (pendingThrow instanceof CancelledError) {
                    pendingThrow = null;
                }
                if (r.forwarded instanceof CancelledError) {
                    r.forwarded = null;
                }
            }
        }
        return r.cancelsRequested;
    }

    /** Where the suspended body is, innermost frame first; empty when it is running, new or done. */
    public List<StackTraceElement> getStack() {
        if (lifecycle != Lifecycle.SUSPENDED) {
            return List.of();
        }
        return List.of(strand.stackTrace());
    }

    /** Prints the task and where it is suspended. */
    public void printStack(PrintStream out) {
        out.println("Stack for " + this + " (most recent call first):");
        for (StackTraceElement e : getStack()) {
            out.println("\tat " + e);
        }
    }

    /** Prints the task and where it is suspended to {@code System.err}. */
    public void printStack() {
        printStack(System.err);
    }

    /** In debug mode, where the task was created (as a throwable's stack trace); else {@code null}. */
    public Throwable creationSite() {
        Rare r = rare;
        return r == null ? null : r.creationSite;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Task ");
        if (lifecycle == Lifecycle.SUSPENDED && !done()) {
            sb.append("pending name=").append(getName());
            if (futWaiter != null) {
                sb.append(" waiting for ").append(futWaiter);
            } else if (sleepState != NOT_SLEEPING) {
                sb.append(" sleeping until ").append(loop.toSeconds(sleepWhen));
            }
        } else {
            describe(sb);
            sb.append(" name=").append(getName());
        }
        if (cancelsRequested() > 0) {
            sb.append(" cancelling=").append(cancelsRequested());
        }
        return sb.append('>').toString();
    }

    // ---- the loop side ----

    /** Schedules the first step. Called once by the loop. */
    void start() {
        loop.scheduleInternal(stepRunnable);
    }

    /** Runs the body until it parks or ends. Called from the loop's callbacks only. */
    private void step() {
        if (lifecycle == Lifecycle.SUSPENDED && !done()) {
            // The common wake-up (a sleep's, an awaited future's), written out: SUSPENDED -> RUNNING is
            // drawn on Lifecycle, so moveTo's check is not needed on the path every switch takes.
            lifecycle = Lifecycle.RUNNING;
            resumeBody();
            return;
        }
        if (done() || lifecycle == Lifecycle.RUNNING || lifecycle == Lifecycle.ENDED) {
            return; // a stale wake-up: the body already ended, or it is the one running
        }
        if (lifecycle == Lifecycle.NEW && pendingThrow != null) {
            // Cancelled before it ever ran: asyncio throws into the unstarted coroutine, which ends at once.
            moveTo(Lifecycle.ENDED);
            strand = null;
            bodyThrown = pendingThrow;
            pendingThrow = null;
            finish();
            return;
        }
        try {
            firstStrand();
        } catch (Throwable cannotStart) {
            // No strand for the body (an OutOfMemoryError): the task ends failed, as a body that threw it
            // at once would, and not RUNNING with no body to run, where no step and no cancel ever ends it.
            moveTo(Lifecycle.ENDED);
            bodyThrown = cannotStart;
            finish();
            return;
        }
        moveTo(Lifecycle.RUNNING);
        resumeBody();
    }

    /** Runs the body, moved to RUNNING, until it parks or ends. */
    private void resumeBody() {
        while (true) {
            Task<?> previous = loop.enterTask(this);
            boolean ended;
            try {
                ended = strand.resume();
            } finally {
                loop.leaveTask(previous);
            }
            if (ended) {
                moveTo(Lifecycle.ENDED);
                strand = null; // see the field
                finish();
            } else if (lifecycle == Lifecycle.RUNNING) {
                throw new IllegalStateException(
                        this + ": its strand parked without going through a jasyncio suspension");
            } else if (sleepState >= SLEEP_ASKED && !armAskedSleep()) {
                continue; // the sleep failed: the body, resumed at once, gets the failure (see armAskedSleep)
            }
            return;
        }
    }

    /**
     * Schedules the wake-up of the sleep the body asked for before its continuation strand parked (see
     * {@link #sleepNanos}): the heap entry, or for {@code sleep(0)} the step at the end of the ready queue.
     * No code runs between that park and this, so the entry's sequence and the step's place in the queue
     * are those the body would have given them. Returns {@code false} if it failed (see below).
     *
     * <p><b>A failure here is the sleep's.</b> The heap or the ready queue may have to grow, and that may
     * throw (an {@link OutOfMemoryError}, or anything else). Before the wake-up was armed here, that insertion
     * ran in the body, and the sleep call threw. Let through, the error would instead leave the body parked
     * with no wake-up, a task wedged for good, and go up through the loop's callback. So the sleep is called
     * off (neither structure holds anything of it: a failed growth leaves them as they were), the task is
     * moved back to RUNNING and the failure made the body's pending throw, and {@link #resumeBody} resumes the
     * body at once, with nothing run in between (a resumption, unlike a step scheduled for it, allocates
     * nothing): the sleep call throws the failure, at the point where a cancellation would reach the body (its
     * stack trace then the body's there), and the body catches it or ends with it, as before. The virtual
     * engine arms a sleep in the body ({@link Strand#parksIntoResume()}), where its failure is the call's
     * anyway.
     */
    private boolean armAskedSleep() {
        try {
            if (sleepState == SLEEP_ASKED) {
                sleepSequence = loop.sleepUntil(this, sleepWhen); // the task is its own timer: see TimerHeap
                sleepState = SLEEP_TIMED;
            } else {
                sleepState = NOT_SLEEPING;
                loop.scheduleInternal(stepRunnable);
            }
            return true;
        } catch (Throwable failure) {
            sleepState = NOT_SLEEPING;
            moveTo(Lifecycle.RUNNING);
            pendingThrow = failure; // none was pending: the sleep delivered it before the park, and none ran since
            return false;
        }
    }

    /**
     * {@link #step()} up to the resumption, begun by another strand's thread that hands the baton to
     * this task's strand (the virtual engine: see {@code EventLoop.HandedStep}); only a plain first
     * step or wake-up of a parked body qualifies. Returns the strand to resume, or {@code null}.
     */
    private Strand beginHandedStep() {
        if (skipQueuedStep || done()) {
            return null; // the loop's own thread runs it as it would (a skipped step does nothing there)
        }
        boolean first = lifecycle == Lifecycle.NEW;
        if (lifecycle != Lifecycle.SUSPENDED && (!first || pendingThrow != null)) {
            return null;
        }
        Strand s = strand;
        if (first) {
            try {
                s = firstStrand(); // before anything changes: what it throws leaves the step as it was
            } catch (Throwable cannotStart) {
                return null; // the loop's own thread takes the step, and ends the task if it fails there too
            }
        }
        sleepState =
                NOT_SLEEPING; // as stepOrWakeFromSleep: a due sleep's step is this one, and no other wake-up has one
        moveTo(Lifecycle.RUNNING);
        loop.enterTask(this);
        return s;
    }

    /**
     * {@link #step()} after the resumption, for a step {@link #beginHandedStep()} began whose body
     * ended: called on the strand's own thread, which holds the baton.
     */
    void endHandedStep() {
        loop.leaveTask(null);
        moveTo(Lifecycle.ENDED);
        strand = null; // see the field
        finish();
    }

    /** The strand's body: runs the coroutine and records how it ended. */
    private void body() {
        loop.bindStrandThread();
        try {
            if (returnsNothing) {
                ((VoidCoroutine) coroutine).run();
            } else {
                @SuppressWarnings("unchecked") // see the field
                Coroutine<? extends T> c = (Coroutine<? extends T>) coroutine;
                bodyValue = c.call();
            }
        } catch (Throwable t) {
            bodyThrown = t;
        }
    }

    private void finish() {
        Throwable t = bodyThrown;
        loop.taskDone(this);
        if (t == null) {
            if (pendingThrow instanceof CancelledError pending && cancelsRequested() > 0) {
                // Cancelled right before the body returned: asyncio ends such a task cancelled.
                pendingThrow = null;
                cancelSelf(pending.getMessage());
            } else {
                pendingThrow = null;
                complete(bodyValue);
            }
        } else if (t instanceof CancelledError ce && !(t instanceof TimeoutError && cancelsRequested() == 0)) {
            cancelSelf(ce.getMessage());
        } else {
            fail(t);
        }
        bodyValue = null;
        bodyThrown = null;
        JfrEvents.taskDone(this, createdNanos());
    }

    private void wake(Future<?> f) {
        if (f == futWaiter && lifecycle == Lifecycle.SUSPENDED) {
            step();
        }
    }

    // ---- the body side: the only ways a body suspends ----

    /** The task running on {@code loop} right now, for a suspending call named {@code what}. */
    static Task<?> requireCurrent(EventLoop loop, String what) {
        return requireCurrent(loop, what, "suspends");
    }

    /**
     * The current task, for {@code what}, which needs one because it {@code why}s (e.g. "suspends",
     * or for a timeout, which does not suspend: "cancels the task that runs its block").
     */
    static Task<?> requireCurrent(EventLoop loop, String what, String why) {
        EventLoop running = EventLoop.runningOrNull();
        Task<?> t = running == null ? null : running.currentTask();
        if (t == null) {
            throw outsideTask(what, why);
        }
        if (loop != null && loop != running) {
            throw new IllegalStateException(
                    what + " called in " + t + " on " + running + ", but the future belongs to another loop " + loop);
        }
        return t;
    }

    private static IllegalStateException outsideTask(String what, String why) {
        EventLoop running = EventLoop.runningOrNull();
        String where = running == null
                ? "on thread " + Thread.currentThread().getName() + ", which runs no event loop"
                : "in a callback of " + running + ", outside any task";
        return new IllegalStateException(
                what + " " + why + ", so it must be called inside a task on a running event loop"
                        + " (start one with Asyncio.run or Asyncio.createTask); it was called " + where);
    }

    /**
     * Parks until {@code f} is done. Called by the body only, with {@code f} pending.
     *
     * <p>A request to throw into the body while it waits here (a cancellation, a timeout, a group's
     * error) is passed on to {@code f} by cancelling it, and {@code f} decides, as in asyncio: if it
     * ends cancelled, the body gets the request's throwable; if it absorbs the cancellation (a task
     * that catches it and returns a value, or fails with another exception), this returns and the
     * caller reads {@code f}'s outcome. Only a request {@code f} cannot take (it is done already, its
     * wake-up on its way) is thrown whatever {@code f} holds. A request pending when the body gets
     * here is passed on the same way (asyncio's {@code _must_cancel} meeting a yielded future).
     */
    void awaitDone(Future<?> f) {
        if (f == this) {
            throw new IllegalStateException(this + " cannot await itself: it would wait forever");
        }
        checkMaySuspend();
        futWaiter = f;
        f.addCallbackInternal(stepRunnable); // before any cancel below: that cancel schedules the wake-up
        if (pendingThrow != null) {
            if (f.cancel(pendingMessage())) {
                rare().forwarded = pendingThrow;
                pendingThrow = null;
            } else {
                f.removeCallbackInternal(stepRunnable);
                futWaiter = null;
                deliverPendingThrow();
            }
        }
        try {
            park();
        } finally {
            futWaiter = null;
        }
        Throwable passedOn = forwarded();
        clearForwarded();
        if (passedOn != null && f.cancelled()) {
            // f ended cancelled: the request stands, and wins over one made after it (first wins).
            pendingThrow = passedOn;
        }
        deliverPendingThrow();
        Rare r = rare;
        if (r != null) {
            r.inFlight = null;
            if (passedOn != null) {
                r.lastThrown = null; // f absorbed it: nothing thrown into the body stands for it any more
            }
        }
    }

    /**
     * Parks for {@code delayNanos} of loop time; {@code 0} yields once.
     *
     * <p>On a continuation strand the wake-up is only asked for here and scheduled by the loop once the
     * strand has parked ({@link #armAskedSleep}, issue 14, round 6): the timer heap's code, inlined by
     * the JIT into the compiled frame that parks, made that frame, and so every sleeping task's stack
     * chunk, about 230 bytes larger, which the collector copies for as long as the task sleeps. A virtual
     * strand's thread may hand the loop's baton on as it parks, so it schedules the wake-up first.
     */
    void sleepNanos(long delayNanos) {
        checkMaySuspend();
        deliverPendingThrow();
        boolean parksIntoLoop = strand.parksIntoResume();
        if (delayNanos <= 0) {
            if (parksIntoLoop) {
                sleepState = YIELD_ASKED;
            } else {
                loop.scheduleInternal(stepRunnable);
            }
        } else {
            long when = loop.nanos() + delayNanos;
            sleepWhen = when;
            if (parksIntoLoop) {
                sleepState = SLEEP_ASKED;
            } else {
                sleepSequence = loop.sleepUntil(this, when); // the task is its own timer: see TimerHeap
                sleepState = SLEEP_TIMED;
            }
        }
        park();
        deliverPendingThrow();
        Rare r = rare;
        if (r != null) {
            r.inFlight = null;
        }
    }

    /**
     * A wake-up by the ready queue or by the sleep's timer. The timer is done once it runs; every
     * other wake-up comes with no timer set (a cancelled sleep clears it before it schedules the step),
     * except the due sleep's step left in the queue by a cancellation, which it skips (see the field).
     */
    private void stepOrWakeFromSleep() {
        if (skipQueuedStep) {
            skipQueuedStep = false;
            return;
        }
        sleepState = NOT_SLEEPING;
        step();
    }

    /** Whether this task's timer-heap entry {@code sequence} still stands (see {@link TimerHeap}). */
    boolean sleepEntryLive(long sequence) {
        return sleepState == SLEEP_TIMED && sleepSequence == sequence;
    }

    /** The loop took this task's live sleep entry out of the heap, due: returns the step to queue. */
    Runnable sleepFired() {
        sleepState = SLEEP_DUE;
        return stepRunnable;
    }

    /**
     * Calls off the parked sleep's timer: a heap entry goes stale (and is counted as such), a step
     * already queued will be skipped. Returns whether there was a sleep.
     */
    private boolean cancelSleep() {
        byte was = sleepState;
        if (was == NOT_SLEEPING) {
            return false;
        }
        if (was >= SLEEP_ASKED) {
            sleepState = NOT_SLEEPING; // asked for by a strand that could not park: nothing was scheduled
            return was == SLEEP_ASKED;
        }
        sleepState = NOT_SLEEPING; // first: the count below may compact the heap, which must see the entry stale
        if (was == SLEEP_TIMED) {
            loop.sleepCancelled(sleepSequence);
        } else {
            skipQueuedStep = true;
        }
        return true;
    }

    /** See {@link #stepRunnable}. */
    private final class Hooks
            implements Runnable, Consumer<Future<?>>, Supplier<String>, EventLoop.HandedStep, EventLoop.HandedWake {
        @Override
        public void run() {
            stepOrWakeFromSleep();
        }

        @Override
        public Strand beginHandedStep() {
            return Task.this.beginHandedStep();
        }

        @Override
        public Strand beginHandedWake(Future<?> f) {
            // as wake(f): only the wake-up by the future the body waits for steps it
            return f == futWaiter && lifecycle == Lifecycle.SUSPENDED ? Task.this.beginHandedStep() : null;
        }

        @Override
        public void accept(Future<?> f) {
            wake(f);
        }

        @Override
        public String get() {
            return getName();
        }

        @Override
        public String toString() {
            return "step of " + Task.this;
        }
    }

    /**
     * Debug mode: refuses a suspension while the body holds a lock (see {@link EventLoop#checkNoLocksHeld}).
     * Called first thing by each way to suspend, before it registers anything (a wake-up callback, a
     * heap entry, a queued step), so that a refused suspension leaves nothing behind to wake the task
     * later or to count as stale.
     */
    private void checkMaySuspend() {
        if (loop.getDebug()) {
            loop.checkNoLocksHeld(this);
        }
    }

    private void park() {
        if (lifecycle == Lifecycle.RUNNING) {
            lifecycle = Lifecycle.SUSPENDED; // drawn on Lifecycle; the path every switch takes, written out
        } else {
            moveTo(Lifecycle.SUSPENDED); // fails, naming the transition
        }
        try {
            strand.park();
        } catch (RuntimeException | Error refused) {
            // The strand could not park (a pinned continuation): undo the registrations so that no
            // wake-up ever steps a body that is still running, and let the body see the error.
            moveTo(Lifecycle.RUNNING);
            if (futWaiter != null) {
                futWaiter.removeCallbackInternal(stepRunnable);
                futWaiter = null;
            }
            Throwable passedOn = forwarded();
            if (passedOn != null && pendingThrow == null) {
                pendingThrow = passedOn; // its future may never tell: the body gets it at its next suspension
            }
            clearForwarded();
            cancelSleep();
            throw refused;
        }
        // The wake step that resumed the strand has already moved the task to RUNNING.
        if (lifecycle != Lifecycle.RUNNING) {
            throw new IllegalStateException(this + ": its body was resumed in lifecycle " + lifecycle
                    + ", not by a step (a Task's body runs only in RUNNING, as drawn on Task.Lifecycle)");
        }
    }

    /** Moves to {@code next}, checked against the drawing on {@link Lifecycle}. Loop thread only. */
    private void moveTo(Lifecycle next) {
        if (!lifecycle.canMoveTo(next)) {
            throw new IllegalStateException(
                    this + ": lifecycle " + lifecycle + " -> " + next + " is not a transition drawn on Task.Lifecycle");
        }
        lifecycle = next;
    }

    private void deliverPendingThrow() {
        Throwable t = pendingThrow;
        if (t != null) {
            pendingThrow = null;
            Rare r = rare();
            r.inFlight = t;
            r.lastThrown = t;
            t.fillInStackTrace();
            throw Throwables.<RuntimeException>sneaky(t);
        }
    }

    private String pendingMessage() {
        return pendingThrow == null ? null : pendingThrow.getMessage();
    }

    // ---- cancellation and interruption ----

    /**
     * Arranges for {@code exc} to be thrown at the body's current or next suspension point. A
     * cancellation ({@code counted}) adds to {@link #cancelling()}; a {@link TaskGroup}'s report of a
     * child's failure does not. Returns {@code false} if the task is done.
     */
    boolean requestThrow(Throwable exc, boolean counted, String msg) {
        if (done()) {
            return false;
        }
        if (counted) {
            rare().cancelsRequested++;
        }
        if (lifecycle == Lifecycle.SUSPENDED && futWaiter != null) {
            // asyncio's Task.cancel(): pass it on to the awaited future and let that one decide (see
            // awaitDone). Only if the future is done already must the body get it whatever it holds.
            if (futWaiter.cancel(msg)) {
                if (forwarded() == null && pendingThrow == null) {
                    rare().forwarded = exc;
                }
                return true;
            }
        }
        if (pendingThrow == null) {
            pendingThrow = exc;
        }
        if (lifecycle == Lifecycle.SUSPENDED && futWaiter == null && cancelSleep()) {
            loop.scheduleInternal(stepRunnable);
        }
        return true;
    }

    /** Whether a throwable is on its way into the body: pending, or passed on to the awaited future. */
    boolean hasPendingThrow() {
        return pendingThrow != null || forwarded() != null;
    }

    /** Clears {@code t} if it is still waiting to be thrown into the body; returns whether it was. */
    boolean clearPendingThrow(Throwable t) {
        if (pendingThrow == t) {
            pendingThrow = null;
            return true;
        }
        if (forwarded() == t) {
            clearForwarded();
            return true;
        }
        return false;
    }

    /** What the body's last suspension threw into it, or {@code null} if it returned normally. */
    Throwable inFlight() {
        Rare r = rare;
        return r == null ? null : r.inFlight;
    }

    /** The last throwable a suspension threw into the body (see the field), or {@code null}. */
    Throwable lastThrown() {
        Rare r = rare;
        return r == null ? null : r.lastThrown;
    }

    /**
     * Marks {@code t}, caught at an earlier suspension point and thrown again after more waiting (as
     * {@link TaskGroup#close()} does), as what the body's suspension threw; returns it.
     */
    <X extends Throwable> X rethrown(X t) {
        Rare r = rare();
        r.inFlight = t;
        r.lastThrown = t;
        return t;
    }

    /**
     * A cancellation still outstanding ({@link #cancelling()} counts it) that must be requested again
     * because the body got another throwable in its place: the nearest open {@link Timeout} whose
     * deadline passed, as a new {@link TimeoutError} of it, else a {@link CancelledError} with the
     * latest cancel message.
     */
    CancelledError outstandingCancellation() {
        for (Timeout t = innermostTimeout; t != null; t = t.enclosing()) {
            TimeoutError e = t.renewedErrorIfExpiring();
            if (e != null) {
                return e;
            }
        }
        Rare r = rare;
        return new CancelledError(r == null ? null : r.cancelMessage);
    }

    /** Cancels this task with a timeout: the body gets {@code error} (a {@link TimeoutError}). */
    boolean cancelWith(CancelledError error) {
        return requestThrow(error, true, error.getMessage());
    }

    // ---- diagnostics: call graphs, jasyncio ps, JFR (read on the loop thread) ----

    /** The {@link TaskGroup} that created this task, or {@code null}: its block's task awaits it. Loop thread only. */
    TaskGroup group;
    /** System.nanoTime() at creation if JFR's jasyncio.TaskDone was enabled then, else 0. Loop thread only. */
    long createdNanos() {
        Rare r = rare;
        return r == null ? 0 : r.createdNanos;
    }

    /** Records {@link #createdNanos()} (JFR's jasyncio.TaskDone is enabled). Loop thread only. */
    void createdAt(long nanos) {
        rare().createdNanos = nanos;
    }

    /** The future the suspended body waits for, or {@code null}. Loop thread only. */
    Future<?> awaitedFuture() {
        return lifecycle == Lifecycle.SUSPENDED ? futWaiter : null;
    }

    /** Whether the suspended body sleeps on a timer. Loop thread only. */
    boolean isSleeping() {
        return lifecycle == Lifecycle.SUSPENDED && sleepState != NOT_SLEEPING;
    }

    /** Whether the task holds a strand: from its first step until its body ends (see the field). Loop thread only. */
    boolean hasStrand() {
        return strand != null;
    }

    /** The thread the body runs on if it has one of its own (the virtual-thread engine), else {@code null}. */
    Thread strandThread() {
        Strand s = strand;
        return s == null ? null : s.thread();
    }

    /**
     * For diagnostics: {@code done}, {@code running} (its body runs now), {@code waiting} (suspended),
     * or {@code scheduled} (created, its first step not run yet). Loop thread only.
     */
    String diagnosticState() {
        if (done()) {
            return "done";
        }
        return switch (lifecycle) {
            case NEW -> "scheduled";
            case RUNNING -> "running";
            case SUSPENDED -> "waiting";
            case ENDED -> "done";
        };
    }

    /** The task's number (the {@code N} of {@code Task-N}), unique in the JVM. */
    long taskId() {
        return id;
    }
}
