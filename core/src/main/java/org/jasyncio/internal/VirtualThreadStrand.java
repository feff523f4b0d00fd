package org.jasyncio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

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
 */
public final class VirtualThreadStrand implements Strand {
    /** Makes virtual-thread strands. */
    public static final StrandFactory FACTORY = new StrandFactory() {
        @Override
        public Strand create(Runnable body, java.util.function.Supplier<String> name) {
            return new VirtualThreadStrand(body, name.get());
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

    private final Thread thread;

    @SuppressWarnings("unused") // through TURN
    private Turn turn = Turn.LOOP;

    private volatile boolean done;
    /** The loop thread that called {@link #resume()} last; the body hands the baton back to it. */
    private volatile Thread loopThread;

    private boolean started;

    private VirtualThreadStrand(Runnable body, String name) {
        this.thread = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                body.run();
            } finally {
                done = true;
                TURN.setRelease(this, Turn.LOOP);
                LockSupport.unpark(loopThread);
            }
        });
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

    @Override
    public Thread thread() {
        return thread;
    }
}
