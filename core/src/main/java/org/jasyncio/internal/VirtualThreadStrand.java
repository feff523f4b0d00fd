package org.jasyncio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A strand on a virtual thread that is handed a baton by the loop: {@link #resume()} gives the
 * baton to the virtual thread and parks the loop thread until the body parks or ends; {@link #park()}
 * hands it back. Public API only, so it works on any JDK 21+ without flags, at about ten times the
 * cost of a continuation switch. Exactly one side holds the baton at a time, so the body still runs
 * alone between suspension points (docs/design.md rule 1).
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
 * <p>Per task this engine allocates the virtual thread (with its continuation and stack chunk) and
 * this object, nothing more of its own: the thread comes unnamed from one shared factory (no builder
 * per task, no name string: {@link #thread()} names it on demand, for diagnostics), and this object is
 * the thread's {@link Runnable} (no lambda per task). The loop finds itself on a strand thread without
 * a thread-local either (see {@code EventLoop.bindStrandThread}): a {@code ThreadLocal} set on each
 * strand thread gave every task a {@code ThreadLocalMap} of 136 bytes (docs/performance.md, Round 4).
 */
public final class VirtualThreadStrand implements Strand, Runnable {
    /** Makes virtual-thread strands. */
    public static final StrandFactory FACTORY = new StrandFactory() {
        @Override
        public Strand create(Runnable body, Supplier<String> name) {
            return new VirtualThreadStrand(body, name);
        }

        @Override
        public String engineName() {
            return "virtual";
        }

        @Override
        public boolean hostsLoopOnVirtualThread() {
            return true;
        }
    };

    /** Who holds the baton. Written by the side that gives it away; the other side spins on it parked. */
    private enum Turn {
        LOOP,
        STRAND
    }

    /**
     * {@link #turn}, written with release and read with acquire semantics instead of as a volatile: on
     * x86 a volatile store is a locked instruction (a full fence), a release store a plain one, and
     * there are two per switch. Enough here: the side that hands the baton over writes the turn before
     * its {@code unpark}, whose permit is a compare-and-set the waking side's {@code park} reads with
     * another, so the woken side's next acquire read sees the new turn (and everything written before
     * it); a side that read a stale turn parks on a permit that is already there and reads again.
     */
    private static final VarHandle TURN;

    static {
        try {
            TURN = MethodHandles.lookup().findVarHandle(VirtualThreadStrand.class, "turn", Turn.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Unnamed virtual threads. A {@link ThreadFactory} from a builder is safe to share between threads
     * (a builder is not), and one shared instance spares a builder per task.
     */
    private static final ThreadFactory THREADS = Thread.ofVirtual().factory();

    private final Thread thread;
    private final Runnable body;
    /**
     * The name {@link #thread()} gives the thread, made only then; {@code null} once given. Plain, not
     * volatile (a fence per task created): two diagnostic threads that race here both set the same name.
     */
    private Supplier<String> name;

    @SuppressWarnings("unused") // through TURN
    private Turn turn = Turn.LOOP;

    private volatile boolean done;
    /** The loop thread that called {@link #resume()} last; the body hands the baton back to it. */
    private volatile Thread loopThread;

    private boolean started;

    private VirtualThreadStrand(Runnable body, Supplier<String> name) {
        this.body = body;
        this.name = name;
        this.thread = THREADS.newThread(this);
    }

    /**
     * The strand thread's own code: runs the body, then hands the baton back for good. Called by the
     * strand's thread only (it is that thread's {@link Runnable}); anyone else gets an error.
     */
    @Override
    public void run() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(
                    "run() called from " + Thread.currentThread() + ": it is the body of strand thread " + thread);
        }
        try {
            body.run();
        } finally {
            done = true;
            TURN.setRelease(this, Turn.LOOP);
            LockSupport.unpark(loopThread);
        }
    }

    @Override
    public boolean resume() {
        Thread me = Thread.currentThread();
        if (loopThread != me) {
            loopThread = me; // a volatile store (a fence) only when the loop's thread changed
        }
        TURN.setRelease(this, Turn.STRAND);
        if (!started) {
            started = true;
            thread.start();
        } else {
            LockSupport.unpark(thread);
        }
        // Wait for the baton back (inline, as in park(): see there).
        boolean interrupted = false;
        while (TURN.getAcquire(this) == Turn.STRAND) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true; // cleared so that park really parks; set again below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return done;
    }

    @Override
    public void park() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(
                    "park() called from " + Thread.currentThread() + ", not from its strand " + thread);
        }
        TURN.setRelease(this, Turn.LOOP);
        LockSupport.unpark(loopThread);
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
        return t == thread;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        return started && !done ? thread.getStackTrace() : new StackTraceElement[0];
    }

    /**
     * The strand's thread, named (with the task's name) the first time it is asked for: only
     * diagnostics ask (a stuck task's stack, the blocking watchdog), so a task nobody looks at never
     * makes its name's string.
     */
    @Override
    public Thread thread() {
        Supplier<String> n = name;
        if (n != null) {
            name = null;
            thread.setName(n.get());
        }
        return thread;
    }
}
