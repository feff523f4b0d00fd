package org.jasyncio.sync;

import org.jasyncio.CancelledError;

/**
 * A counter of permits for tasks (asyncio's {@code Semaphore}): {@link #acquire()} takes a permit,
 * waiting while there is none; {@link #release()} gives one back. Limits how many tasks run a block
 * at once.
 *
 * <pre>{@code
 * Semaphore slots = new Semaphore(3);
 * try (Held permit = slots.hold()) {   // async with slots:
 *     download(url);                   // at most 3 tasks here at once
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> Waiters get permits in arrival order: {@link #release()} hands the permit
 * straight to the oldest waiter instead of adding it to the count, so a task arriving meanwhile
 * cannot take it first. A waiter cancelled after a permit was handed to it gives it back at once (to
 * the next waiter), so no permit is ever lost.
 *
 * <p>{@code release()} is not checked: it may raise the count above the initial value, as in
 * asyncio. Use {@link BoundedSemaphore} to have that caught. Loop thread only.
 */
public sealed class Semaphore permits BoundedSemaphore {
    /**
     * <pre>
     * AVAILABLE --acquire() takes the last permit--> LOCKED
     * LOCKED --release(), nobody waits--> AVAILABLE
     * LOCKED --release(), a task waits--> LOCKED (the permit is handed to the oldest waiter)
     * </pre>
     */
    public enum State {
        AVAILABLE,
        LOCKED
    }

    /**
     * What a semaphore can report.
     *
     * @param value permits available now
     * @param waiting tasks waiting for a permit
     */
    public record Statistics(int value, int waiting) {}

    private final ParkingLot lot = new ParkingLot();
    /** Permits available. Invariant: {@code value >= 0}; {@code value == 0} while a task waits. Loop thread only. */
    private int value;
    /** The most permits release() may bring back, or -1 for no bound. */
    private final int bound;

    /** A semaphore with one permit (asyncio's default, {@code Semaphore(value=1)}). */
    public Semaphore() {
        this(1);
    }

    /**
     * A semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public Semaphore(int value) {
        this(value, false);
    }

    Semaphore(int value, boolean bounded) {
        if (value < 0) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + "(" + value + "): the initial value must be >= 0");
        }
        this.value = value;
        this.bound = bounded ? value : -1;
    }

    /**
     * Takes a permit, waiting in line while none is available.
     *
     * @throws CancelledError if the task is cancelled while waiting; it then holds no permit
     */
    public final void acquire() {
        ParkingLot.requireTask(getClass().getSimpleName() + ".acquire()");
        if (tryAcquire()) {
            return;
        }
        lot.park(null, this::release); // a permit handed to us and lost to a cancellation is given back
    }

    /**
     * Takes a permit if one is available and nobody waits, without waiting; returns whether it did.
     * The non-waiting twin of {@link #acquire()}.
     */
    public final boolean tryAcquire() {
        if (value > 0 && lot.isEmpty()) {
            value--;
            return true;
        }
        return false;
    }

    /** Takes a permit and returns a {@link Held} whose {@code close()} gives it back (try-with-resources). */
    public final Held hold() {
        acquire();
        return new HeldOnce(this, this::release);
    }

    /**
     * Gives a permit back: to the oldest waiter if there is one, else to the count.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore} released more times than acquired
     */
    public final void release() {
        if (lot.unpark(1) == 1) {
            return;
        }
        if (bound >= 0 && value >= bound) {
            throw new IllegalStateException(getClass().getSimpleName() + " " + this + ": release() called more times"
                    + " than acquire(); the value may not exceed its initial " + bound);
        }
        value++;
    }

    /** Whether {@link #acquire()} would wait now. */
    public final boolean locked() {
        return value == 0 || !lot.isEmpty();
    }

    /** Permits available now. */
    public final int value() {
        return value;
    }

    /** The current state. */
    public final State state() {
        return locked() ? State.LOCKED : State.AVAILABLE;
    }

    /** Permits available and tasks waiting. */
    public final Statistics statistics() {
        return new Statistics(value, lot.size());
    }

    @Override
    public final String toString() {
        return "<" + getClass().getSimpleName() + " " + state().name().toLowerCase() + " value=" + value
                + (bound >= 0 ? "/" + bound : "") + " waiters=" + lot.size() + ">";
    }
}
