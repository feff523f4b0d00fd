package org.jasyncio.sync;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.jasyncio.CancelledError;

/**
 * Trio's {@code CapacityLimiter}: a pool of {@code totalTokens} tokens, each lent to one
 * <em>borrower</em> (by default the current task) at a time. Like a {@link Semaphore}, but it knows
 * who holds each token: a borrower cannot take two, only a borrower can give one back, the total can
 * be changed while in use, and {@link #statistics()} lists the borrowers.
 *
 * <pre>{@code
 * CapacityLimiter dbConnections = new CapacityLimiter(10);
 * try (Held token = dbConnections.hold()) {
 *     query(sql);                          // at most 10 tasks query at once
 * }
 * System.out.println(dbConnections.statistics()); // borrowed, total, borrowers, waiting
 * }</pre>
 *
 * Waiters get tokens in arrival order; a freed token goes straight to the oldest waiter's borrower,
 * and a waiter cancelled after it got one gives it back to the next. Loop thread only.
 */
public final class CapacityLimiter {
    /**
     * <pre>
     * AVAILABLE --a borrower takes the last free token / totalTokens lowered--> EXHAUSTED
     * EXHAUSTED --a token is released and nobody waits / totalTokens raised---> AVAILABLE
     * </pre>
     * While EXHAUSTED, a released token goes to the oldest waiter and the state stays EXHAUSTED.
     */
    public enum State {
        AVAILABLE,
        EXHAUSTED
    }

    /**
     * What a capacity limiter can report (Trio's {@code CapacityLimiterStatistics}).
     *
     * @param borrowedTokens tokens lent out
     * @param totalTokens the size of the pool
     * @param borrowers who holds them, in the order they got them
     * @param waiting tasks waiting for a token
     */
    public record Statistics(int borrowedTokens, int totalTokens, List<Object> borrowers, int waiting) {}

    private final ParkingLot lot = new ParkingLot();
    /** Who holds a token, in borrowing order. Invariant: no waiter while {@code size < totalTokens}. */
    private final LinkedHashSet<Object> borrowers = new LinkedHashSet<>();

    private int totalTokens;

    /**
     * A limiter lending {@code totalTokens} tokens.
     *
     * @throws IllegalArgumentException if {@code totalTokens < 1}
     */
    public CapacityLimiter(int totalTokens) {
        checkTotal(totalTokens);
        this.totalTokens = totalTokens;
    }

    /**
     * Borrows a token for the current task, waiting in line while none is free.
     *
     * @throws IllegalStateException if the current task already holds one of its tokens
     * @throws CancelledError if the task is cancelled while waiting; it then holds no token
     */
    public void acquire() {
        acquireOnBehalfOf(currentTask("acquire()"));
    }

    /**
     * Borrows a token for {@code borrower} (any object that stands for who uses the capacity, e.g. a
     * connection), waiting in line while none is free.
     *
     * @throws IllegalStateException if {@code borrower} already holds one of its tokens
     * @throws CancelledError if the task is cancelled while waiting; {@code borrower} then holds no token
     */
    public void acquireOnBehalfOf(Object borrower) {
        ParkingLot.requireTask("CapacityLimiter.acquireOnBehalfOf()");
        if (tryAcquireOnBehalfOf(borrower)) {
            return;
        }
        // wakeWaiters() lends the token to our borrower before waking us: if we are cancelled after
        // that, give it back (to the next waiter).
        lot.park(borrower, () -> releaseOnBehalfOf(borrower));
    }

    /**
     * Borrows a token for the current task if one is free and nobody waits, without waiting; returns
     * whether it did (Trio's {@code acquire_nowait}, as a boolean).
     *
     * @throws IllegalStateException if the current task already holds one of its tokens
     */
    public boolean tryAcquire() {
        return tryAcquireOnBehalfOf(currentTask("tryAcquire()"));
    }

    /**
     * Borrows a token for {@code borrower} if one is free and nobody waits, without waiting; returns
     * whether it did.
     *
     * @throws IllegalStateException if {@code borrower} already holds one of its tokens
     */
    public boolean tryAcquireOnBehalfOf(Object borrower) {
        Objects.requireNonNull(borrower, "borrower");
        if (borrowers.contains(borrower)) {
            throw new IllegalStateException("CapacityLimiter " + this + ": " + borrower
                    + " already holds one of its tokens; a borrower may hold only one");
        }
        if (borrowers.size() < totalTokens && lot.isEmpty()) {
            borrowers.add(borrower);
            return true;
        }
        return false;
    }

    /** Borrows a token for the current task and returns a {@link Held} that gives it back (try-with-resources). */
    public Held hold() {
        Object me = currentTask("hold()");
        acquireOnBehalfOf(me);
        return new HeldOnce(this, () -> releaseOnBehalfOf(me));
    }

    /**
     * Gives back the current task's token.
     *
     * @throws IllegalStateException if the current task holds none
     */
    public void release() {
        releaseOnBehalfOf(currentTask("release()"));
    }

    /**
     * Gives back {@code borrower}'s token: the oldest waiter, if any, gets it.
     *
     * @throws IllegalStateException if {@code borrower} holds none
     */
    public void releaseOnBehalfOf(Object borrower) {
        if (!borrowers.remove(borrower)) {
            throw new IllegalStateException("CapacityLimiter " + this + ": " + borrower
                    + " holds none of its tokens; only a borrower can release one");
        }
        wakeWaiters();
    }

    /** The size of the pool. */
    public int totalTokens() {
        return totalTokens;
    }

    /**
     * Changes the size of the pool. Raising it lends the new tokens to waiters at once; lowering it
     * below what is borrowed takes effect as tokens come back.
     *
     * @throws IllegalArgumentException if {@code total < 1}
     */
    public void setTotalTokens(int total) {
        checkTotal(total);
        this.totalTokens = total;
        wakeWaiters();
    }

    /** Tokens lent out now. */
    public int borrowedTokens() {
        return borrowers.size();
    }

    /** Tokens free now (0 if the pool was shrunk below what is borrowed). */
    public int availableTokens() {
        return Math.max(0, totalTokens - borrowers.size());
    }

    /** The current state. */
    public State state() {
        return availableTokens() > 0 ? State.AVAILABLE : State.EXHAUSTED;
    }

    /** Borrowed and total tokens, the borrowers, and the tasks waiting. */
    public Statistics statistics() {
        return new Statistics(borrowers.size(), totalTokens, List.copyOf(borrowers), lot.size());
    }

    private void wakeWaiters() {
        int free = totalTokens - borrowers.size();
        if (free > 0) {
            lot.unpark(free, borrowers::add);
        }
    }

    private Object currentTask(String method) {
        Object t = ParkingLot.currentTaskOrNull();
        if (t == null) {
            throw new IllegalStateException("CapacityLimiter " + this + ": " + method + " borrows for the current task,"
                    + " so it must be called inside a task; use the *OnBehalfOf variant elsewhere");
        }
        return t;
    }

    private static void checkTotal(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("CapacityLimiter: totalTokens must be >= 1, got " + total);
        }
    }

    @Override
    public String toString() {
        return "<CapacityLimiter " + state().name().toLowerCase() + " borrowed=" + borrowers.size() + "/" + totalTokens
                + " waiters=" + lot.size() + ">";
    }
}
