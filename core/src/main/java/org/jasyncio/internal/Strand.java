package org.jasyncio.internal;

/**
 * The loop's unit of suspension: a body of code that can park itself and be resumed later, on the
 * loop's behalf (docs/design.md rule 2). Two engines implement it: {@link ContinuationStrand} and
 * {@link VirtualThreadStrand}; {@link StrandEngine} picks one.
 *
 * <p>Threading contract: {@link #resume()} is called by the loop thread only, and returns when the
 * body parks or ends; {@link #park()} is called only by the body itself, from inside the strand. At any
 * moment exactly one of them (the loop or the strand) runs, so loop state needs no locks.
 *
 * <p>Interrupts: a body's interrupt flag is its own, as a thread's is. What the body sets stays set
 * across its parks (it sees it when resumed) and never shows on the loop's thread or in another
 * body; {@link #resume()} returns with the loop thread's flag as it found it (or set, if the loop's
 * thread was interrupted meanwhile). A flag left set on a thread that parks or selects would make
 * every park and select return at once: a loop spinning at full speed.
 */
public interface Strand {
    /**
     * Runs the body until it parks or ends. Loop thread only. Returns {@code true} when it has ended.
     * On the virtual engine, a strand made for a loop may instead hand the baton on to the loop's next
     * task steps ({@link HandOffs}); then this returns when the baton is back with the loop, the work
     * after each of those steps done, and returns {@code false}.
     */
    boolean resume();

    /** Parks the running body and gives the thread back to the loop. Called from inside this strand only. */
    void park();

    /** Whether {@code thread} is the thread the body runs on right now (always false for continuations). */
    boolean runsOn(Thread thread);

    /** Where the parked body is suspended, innermost frame first; empty if it has not started or has ended. */
    StackTraceElement[] stackTrace();

    /**
     * Whether {@link #park()} gives the thread straight back to the {@link #resume()} that ran the body,
     * with nothing run in between (a continuation): the loop may then schedule the body's wake-up once
     * {@code resume()} has returned. A virtual strand's thread may go on with the loop's work as it parks
     * ({@link HandOffs}), so a wake-up must be scheduled before it parks.
     */
    default boolean parksIntoResume() {
        return false;
    }

    /** The thread the body runs on, if it has one of its own (a virtual thread); {@code null} for continuations. */
    default Thread thread() {
        return null;
    }
}
