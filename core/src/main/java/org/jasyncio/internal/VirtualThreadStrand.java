package org.jasyncio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A strand on a virtual thread that is handed a baton by the loop: {@link #resume()} gives the
 * baton to the virtual thread and parks the loop thread until the body parks or ends; {@link #park()}
 * hands it back (or on: see below). Public API only, so it works on any JDK 21+ without flags, at
 * about a plain virtual thread's cost per switch (docs/performance.md, Round 5). Exactly one side
 * holds the baton at a time, so the body still runs alone between suspension points (docs/design.md
 * rule 1).
 *
 * <p>Why a baton and not a scheduler: a virtual thread scheduler would let bodies run in parallel on
 * carrier threads; handing the baton keeps asyncio's one-at-a-time semantics with public API only.
 *
 * <p>Interrupts: {@link LockSupport#park} returns at once while its thread's interrupt flag is set, so
 * each side's wait for the baton would spin at full speed on an interrupted thread (a body's
 * {@code catch (InterruptedException e) { Thread.currentThread().interrupt(); }}, or an interrupt of
 * the loop's thread). Each wait therefore takes the flag aside while it waits and sets it again once
 * the baton is back: a body keeps its own interrupt across its suspensions, and the loop's thread its
 * own across a step, as {@link Strand} promises.
 *
 * <p>Straight from task to task: a strand made for a loop ({@link StrandFactory#forLoop}) asks the
 * loop, as its body parks, for the next task step it would run ({@link HandOffs#nextStep()}); when
 * there is one, it hands the baton straight to that step's thread, and the loop's own thread, which
 * waits in the {@link #resume()} that began the chain, gets it back only when the chain ends (nothing
 * ready that is a plain task step, a loop that would wait for I/O or time, a stop). One hand-over per
 * task switch instead of two: a plain virtual thread's switch is one (docs/performance.md, Round 5).
 * The loop's thread waits on the loop's {@link Baton}, not on the strand it resumed, because the chain
 * may come back to that strand before it ends.
 *
 * <p>A thread per body, not per task: when a body ends and the next step is the first of a strand
 * that has no thread yet, the ended body's thread runs that body too (the strand adopts it), instead
 * of starting a new thread and ending its own. A spawn of many short tasks then runs on a few threads,
 * and a task waiting for its first step holds no thread (docs/performance.md, Round 6: a virtual
 * thread and its continuation are 256 of the bytes each waiting task kept, and made the young
 * collections that dominate such a spawn). The adopting thread is cleaned as a fresh one would be (its
 * interrupt flag, its name); its thread-locals stay, as they do for every task on the continuation
 * engine, where all tasks share the loop's thread.
 *
 * <p>Per task this engine allocates this object and, unless it adopts a thread, the virtual thread
 * (with its continuation and stack chunk), nothing more of its own: the thread comes unnamed from one
 * shared factory (no builder per task, no name string: {@link #thread()} names it on demand, for
 * diagnostics), and a strand is its thread's {@link Runnable} (no lambda per task). The loop finds
 * itself on a strand thread without a thread-local either (see {@code EventLoop.bindStrandThread}): a
 * {@code ThreadLocal} set on each strand thread gave every task a {@code ThreadLocalMap} of 136 bytes
 * (docs/performance.md, Round 4).
 */
public final class VirtualThreadStrand implements Strand, Runnable {
    /** Makes virtual-thread strands that always hand the baton back to the loop (no loop to ask). */
    public static final StrandFactory FACTORY = new Factory(null);

    /** A factory of strands, for one loop when {@code handOffs} is set. */
    private static final class Factory implements StrandFactory {
        /** The loop's baton; {@code null} for {@link #FACTORY}, whose strands have a baton each. */
        private final HandOffs handOffs;

        private final Baton baton;

        Factory(HandOffs handOffs) {
            this.handOffs = handOffs;
            this.baton = handOffs == null ? null : new Baton(handOffs);
        }

        @Override
        public Strand create(Runnable body, Supplier<String> name) {
            return new VirtualThreadStrand(body, name, baton != null ? baton : new Baton(null));
        }

        @Override
        public String engineName() {
            return "virtual";
        }

        @Override
        public boolean hostsLoopOnVirtualThread() {
            return true;
        }

        @Override
        public StrandFactory forLoop(HandOffs loop) {
            return new Factory(loop);
        }

        @Override
        public Thread batonHolder() {
            return baton == null ? null : baton.holder;
        }

        @Override
        public boolean passesBaton() {
            return baton != null;
        }
    }

    /**
     * The loop's side of the baton, shared by the loop's strands: the loop's thread waits on it in
     * {@link #resume()} until a strand gives the baton back. Its fields are written by whoever holds
     * the baton, before the release store of {@link #loopTurn} or of a strand's {@link #turn}.
     */
    static final class Baton {
        final HandOffs handOffs;
        /** The loop's thread, waiting in {@link #resume()} while a strand holds the baton. */
        volatile Thread loopThread;
        /** The strand thread holding the baton, {@code null} while the loop's thread has it. */
        Thread holder;
        /** Whether the loop's thread holds the baton (through LOOP_TURN). */
        @SuppressWarnings("unused")
        boolean loopTurn = true;
        /** Whether, since the loop's last {@link #resume()}, a strand handed the baton straight on. */
        boolean handedOn;
        /** What a strand's hand-off work threw, for the loop's thread to throw from {@link #resume()}. */
        Throwable failure;

        Baton(HandOffs handOffs) {
            this.handOffs = handOffs;
        }
    }

    /** Who holds a strand's baton. Written by the side that gives it away; the other side spins on it parked. */
    private enum Turn {
        LOOP,
        STRAND
    }

    /**
     * {@link #turn} and {@link Baton#loopTurn}, written with release and read with acquire semantics
     * instead of as volatiles: on x86 a volatile store is a locked instruction (a full fence), a
     * release store a plain one, and there are two per switch. Enough here: the side that hands the
     * baton over writes the turn before its {@code unpark}, whose permit is a compare-and-set the
     * waking side's {@code park} reads with another, so the woken side's next acquire read sees the new
     * turn (and everything written before it); a side that read a stale turn parks on a permit that is
     * already there and reads again.
     */
    private static final VarHandle TURN;

    private static final VarHandle LOOP_TURN;

    static {
        try {
            TURN = MethodHandles.lookup().findVarHandle(VirtualThreadStrand.class, "turn", Turn.class);
            LOOP_TURN = MethodHandles.lookup().findVarHandle(Baton.class, "loopTurn", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Unnamed virtual threads. A {@link ThreadFactory} from a builder is safe to share between threads
     * (a builder is not), and one shared instance spares a builder per task.
     */
    private static final ThreadFactory THREADS = Thread.ofVirtual().factory();

    /**
     * The virtual thread the body runs on: made when the first step begins ({@link #giveTo}); or,
     * when the first step is handed to it by a strand whose body just ended, that strand's thread,
     * which then runs this body too ({@link #run()}: a thread per task switch saved, see the class
     * comment). Written by the baton's holder only (as the first step
     * begins, and as the body ends); plain: diagnostics on another thread only read it.
     */
    private Thread thread;
    /**
     * The body, {@code null} once it ended: a terminated virtual thread keeps its {@link Runnable}
     * (this strand) through its continuation, and the JDK's carrier may keep that thread reachable
     * after it ended (a fork-join worker's frame holds the task that began its current run of local
     * tasks), so the body (and the task it captures) must not stay reachable from here.
     */
    private Runnable body;

    private final Baton baton;
    /**
     * The name {@link #thread()} gives the thread, made only then; {@code null} once given. Plain, not
     * volatile (a fence per task created): two diagnostic threads that race here both set the same name.
     */
    private Supplier<String> name;

    @SuppressWarnings("unused") // through TURN
    private Turn turn = Turn.LOOP;

    private volatile boolean done;
    /**
     * Whether the current step was begun by another strand's hand-off ({@link HandOffs#nextStep()})
     * rather than by the loop's {@link #resume()}: then this strand's thread does the loop's work
     * after the step itself. Written by the baton's holder only.
     */
    private boolean handedTo;

    private boolean started;

    private VirtualThreadStrand(Runnable body, Supplier<String> name, Baton baton) {
        this.body = body;
        this.name = name;
        this.baton = baton;
    }

    /**
     * The strand thread's own code: runs the body, then hands the baton on for good, or runs the body
     * of the strand it adopted ({@link #bodyEnded}), and so on. Called by the strand's thread only (it
     * is that thread's {@link Runnable}); anyone else gets an error.
     *
     * <p>The bodies run right in this frame, not in a helper's: every frame between the thread's entry
     * and a parked body is one more that each young collection walks (and copies) in each of possibly
     * 100k parked stacks (docs/performance.md, Round 6).
     */
    @Override
    public void run() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(
                    "run() called from " + Thread.currentThread() + ": it is the body of strand thread " + thread);
        }
        VirtualThreadStrand s = this;
        do {
            Throwable thrown = null; // a body catches what it throws (Task.body): anything else ends the thread
            try {
                s.body.run();
            } catch (Throwable t) {
                thrown = t;
            }
            s = s.bodyEnded(thrown);
        } while (s != null);
    }

    /**
     * After the body ended on the current thread (this strand's), hands the baton on: to the loop, to
     * the next step's thread, or, when the next step is the first of a strand that has no thread yet,
     * to that strand on this very thread, which is returned for {@link #run()} to run next. A body that
     * ended needs its thread no more, and a thread that starts a new body costs less than a new thread
     * (allocation, start, end: docs/performance.md, Round 6); tasks already share their loop's thread on
     * the continuation engine, so a body's thread-locals never were its own alone. Rethrows
     * {@code thrown}, what escaped the body, once the baton is handed on (never adopting then).
     */
    private VirtualThreadStrand bodyEnded(Throwable thrown) {
        Thread me = thread;
        body = null; // see body
        name = null; // it captures the task too
        done = true;
        thread = null; // this body's no more: runsOn and thread() answer for it no longer
        VirtualThreadStrand next = null;
        if (handedTo) {
            // Begun by a hand-off: the loop's thread waits on the baton, not on this step; this
            // thread does what the loop does after a step that ended, then hands on.
            try {
                baton.handOffs.handedStepEnded();
                next = (VirtualThreadStrand) baton.handOffs.nextStep();
            } catch (Throwable t) {
                baton.failure = t;
            }
        }
        if (next != null && next.thread == null && thrown == null) {
            adopt(next, me);
            return next;
        }
        if (next != null) {
            giveTo(next, true);
        } else {
            giveToLoop();
        }
        if (thrown != null) {
            throw Throwables.<RuntimeException>sneaky(thrown);
        }
        return null;
    }

    /**
     * Makes {@code me}, whose body just ended holding the baton, the thread of {@code next}, whose
     * first step was just begun for it (it has no thread yet): {@code next}'s body runs on {@code me}
     * next, as a fresh thread's would. What the ended body left on the thread that a fresh one would
     * not have goes: its interrupt flag (the flag is each body's own, {@link Strand}) and its name.
     */
    private void adopt(VirtualThreadStrand next, Thread me) {
        Baton b = baton;
        b.handedOn = true;
        next.handedTo = true;
        next.started = true;
        next.thread = me;
        b.holder = me;
        TURN.setRelease(next, Turn.STRAND);
        Thread.interrupted();
        if (!me.getName().isEmpty()) {
            me.setName(""); // named for the ended body's task (thread()): the next names it on demand
        }
    }

    @Override
    public boolean resume() {
        Baton b = baton;
        Thread me = Thread.currentThread();
        if (b.loopThread != me) {
            b.loopThread = me; // a volatile store (a fence) only when the loop's thread changed
        }
        b.handedOn = false;
        LOOP_TURN.setRelease(b, false);
        giveTo(this, false);
        // Wait for the baton back (inline, as in park(): see there).
        boolean interrupted = false;
        while (!(boolean) LOOP_TURN.getAcquire(b)) {
            LockSupport.park(b);
            if (Thread.interrupted()) {
                interrupted = true; // cleared so that park really parks; set again below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable failure = b.failure;
        if (failure != null) {
            b.failure = null;
            throw Throwables.<RuntimeException>sneaky(failure);
        }
        // After a chain, every step in it (this one's included) had its after-step work done on its
        // own thread: the loop's caller must not do it again.
        return done && !b.handedOn;
    }

    /**
     * Gives the baton to {@code next}'s thread: from the loop's thread ({@link #resume()}), or
     * {@code handedOn} from a strand whose step ended (possibly to itself, when its own step is next).
     * The turn is written last, before the unpark: everything written before it is the receiver's.
     */
    private void giveTo(VirtualThreadStrand next, boolean handedOn) {
        Baton b = baton;
        if (handedOn) {
            b.handedOn = true;
        }
        next.handedTo = handedOn;
        Thread t = next.thread;
        if (t == null) {
            t = THREADS.newThread(next);
            next.thread = t;
        }
        b.holder = t;
        TURN.setRelease(next, Turn.STRAND);
        if (!next.started) {
            next.started = true;
            t.start();
        } else {
            LockSupport.unpark(t);
        }
    }

    private void giveToLoop() {
        Baton b = baton;
        b.holder = null;
        LOOP_TURN.setRelease(b, true);
        LockSupport.unpark(b.loopThread);
    }

    @Override
    public void park() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(
                    "park() called from " + Thread.currentThread() + ", not from its strand " + thread);
        }
        // This strand's own turn first: the chain begun below may come back to it.
        TURN.setRelease(this, Turn.LOOP);
        VirtualThreadStrand next = null;
        if (baton.handOffs != null) {
            try {
                next = (VirtualThreadStrand) baton.handOffs.nextStep();
            } catch (Throwable t) {
                baton.failure = t;
            }
        }
        if (next == this) {
            // Its own step is next (a lone task's sleep(0)): the baton stays here. Still a yield, as
            // every hand-over is one: other virtual threads (an executor's jobs) get the carrier.
            baton.handedOn = true;
            handedTo = true;
            baton.holder = thread;
            TURN.setRelease(this, Turn.STRAND);
            Thread.yield();
        } else if (next != null) {
            giveTo(next, true);
        } else {
            giveToLoop();
        }
        // Wait for the baton back. Inline rather than in a helper shared with resume(): a parked
        // body's stack (Task.getStack(), the deadlock report) would show one more frame of ours.
        boolean interrupted = false;
        while (TURN.getAcquire(this) == Turn.LOOP) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true; // cleared so that park really parks; set again below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean runsOn(Thread t) {
        return t != null && t == thread;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        Thread t = thread;
        return started && !done && t != null ? t.getStackTrace() : new StackTraceElement[0];
    }

    /**
     * The strand's thread, named (with the task's name) the first time it is asked for: only
     * diagnostics ask (a stuck task's stack, the blocking watchdog), so a task nobody looks at never
     * makes its name's string. {@code null} before the first step (the thread is made, or adopted, as
     * that step begins) and once the body ended (its thread may run another's).
     *
     * <p>Never makes a thread: the watchdogs ask from threads of their own, racing with the baton's
     * holder, which makes or adopts the thread of the step it begins. A thread made here could land
     * after the holder's: the body would then run on a thread its strand does not know, and its
     * {@code run()} or {@code park()} refuse it (a loop waiting for a baton that never comes back).
     */
    @Override
    public Thread thread() {
        Thread t = thread;
        Supplier<String> n = name;
        if (n != null && t != null) {
            name = null;
            t.setName(n.get());
        }
        return t;
    }
}
