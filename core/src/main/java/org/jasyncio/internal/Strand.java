package org.jasyncio.internal;

/**
 * The loop's unit of suspension: a body of code that can park itself and be resumed later, on the
 * loop's behalf (DESIGN.md rule 2). Two engines implement it: {@link ContinuationStrand} and
 * {@link VirtualThreadStrand}; {@link StrandEngine} picks one.
 *
 * <p>Threading contract: {@link #resume()} is called by the loop thread only, and returns when the
 * body parks or ends; {@link #park()} is called only by the body itself, from inside the strand. At any
 * moment exactly one of them (the loop or the strand) runs, so loop state needs no locks.
 */
public interface Strand {
    /** Runs the body until it parks or ends. Loop thread only. Returns {@code true} when it has ended. */
    boolean resume();

    /** Parks the running body and gives the thread back to the loop. Called from inside this strand only. */
    void park();

    /** Whether {@code thread} is the thread the body runs on right now (always false for continuations). */
    boolean runsOn(Thread thread);

    /** Where the parked body is suspended, innermost frame first; empty if it has not started or has ended. */
    StackTraceElement[] stackTrace();
}
