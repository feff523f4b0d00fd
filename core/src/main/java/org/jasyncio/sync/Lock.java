package org.jasyncio.sync;

import org.jasyncio.CancelledError;
import org.jasyncio.Task;

/**
 * A mutual-exclusion lock for tasks (asyncio's {@code Lock}): at most one task holds it; the others
 * wait in arrival order.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * try (Held held = lock.hold()) {      // async with lock:
 *     balance = balance + deposit;     // no other task runs this block meanwhile
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> {@link #release()} hands the lock straight to the oldest waiter, which then
 * holds it even before it runs again; a task arriving meanwhile waits its turn behind it. asyncio
 * gets close to this by re-checking its waiter deque in {@code acquire()}; handing over is the simpler
 * way to the same order (Trio's lock does the same). A waiter cancelled after the lock was handed to
 * it releases it at once, to the next waiter, so a cancellation never leaves the lock held.
 *
 * <p>As in asyncio the lock is not owned: any task may release it ({@link #owner()} only reports who
 * took it last). It is not reentrant: a task that acquires it twice waits for itself forever (on the
 * virtual clock, the loop reports that deadlock). Loop thread only.
 */
public final class Lock {
    /**
     * <pre>
     * UNLOCKED --acquire()/tryAcquire()--------> LOCKED
     * LOCKED   --release(), nobody waits-------> UNLOCKED
     * LOCKED   --release(), a task waits-------> LOCKED (handed to the oldest waiter)
     * </pre>
     */
    public enum State {
        UNLOCKED,
        LOCKED
    }

    /**
     * What a lock can report.
     *
     * @param locked whether it is held
     * @param owner the task that acquired it last while it is held, or {@code null}
     * @param waiting tasks waiting for it
     */
    public record Statistics(boolean locked, Task<?> owner, int waiting) {}

    private final ParkingLot lot = new ParkingLot();
    /** Transitions as drawn on {@link State}. Loop thread only. */
    private State state = State.UNLOCKED;
    /** The task that acquired it, while LOCKED; null while it is being handed over. */
    private Task<?> owner;

    /** An unlocked lock. */
    public Lock() {}

    /**
     * Waits until the lock is free and takes it. Waiters are served first come, first served.
     *
     * @throws CancelledError if the task is cancelled while waiting; it then does not hold the lock
     */
    public void acquire() {
        ParkingLot.requireTask("Lock.acquire()");
        if (tryAcquire()) {
            return;
        }
        // release() hands the lock over while we wait: if we are cancelled after that, we hold it
        // and must give it on.
        lot.park(null, this::release);
        assert state == State.LOCKED : this + ": a waiter was woken but the lock is not locked";
        owner = ParkingLot.currentTaskOrNull();
    }

    /**
     * Takes the lock if it is free and nobody waits for it, without waiting; returns whether it did.
     * (The non-waiting twin of {@link #acquire()}; asyncio has none, Trio's is {@code acquire_nowait}.)
     */
    public boolean tryAcquire() {
        if (state == State.UNLOCKED && lot.isEmpty()) {
            state = State.LOCKED;
            owner = ParkingLot.currentTaskOrNull();
            return true;
        }
        return false;
    }

    /**
     * Acquires the lock and returns a {@link Held} whose {@code close()} releases it: the
     * try-with-resources form, asyncio's {@code async with lock:}.
     */
    public Held hold() {
        acquire();
        return new HeldOnce(this, this::release);
    }

    /**
     * Releases the lock: the oldest waiter, if any, gets it.
     *
     * @throws IllegalStateException if the lock is not locked (asyncio's RuntimeError)
     */
    public void release() {
        if (state != State.LOCKED) {
            throw new IllegalStateException("Lock " + this + ": release() called on an unlocked lock;"
                    + " release only a lock that was acquired");
        }
        owner = null;
        if (lot.unpark(1) == 0) {
            state = State.UNLOCKED;
        }
    }

    /** Whether it is held (by anybody, or being handed to a waiter). */
    public boolean locked() {
        return state == State.LOCKED;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** The task that acquired it, while held; {@code null} if unlocked or taken outside a task. */
    public Task<?> owner() {
        return owner;
    }

    /** Whether it is held, by whom, and how many tasks wait. */
    public Statistics statistics() {
        return new Statistics(locked(), owner, lot.size());
    }

    /** How many tasks wait for it. */
    int waiters() {
        return lot.size();
    }

    @Override
    public String toString() {
        return "<Lock " + state.name().toLowerCase() + " waiters=" + lot.size() + ">";
    }
}
