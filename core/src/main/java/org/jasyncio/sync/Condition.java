package org.jasyncio.sync;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jasyncio.CancelledError;
import org.jasyncio.TaskGroupError;

/**
 * A condition variable for tasks (asyncio's {@code Condition}): tasks holding its lock wait for a
 * state change that another task {@link #signal() signals}. asyncio's {@code notify(n)} and
 * {@code notify_all()} are {@link #signal(int)} and {@link #signalAll()} here: the names of
 * {@code java.util.concurrent.locks.Condition}, since {@code Object.notify()} is final.
 *
 * <pre>{@code
 * Condition nonEmpty = new Condition();
 * // consumer                                  // producer
 * try (Held h = nonEmpty.hold()) {             try (Held h = nonEmpty.hold()) {
 *     nonEmpty.awaitFor(() -> !items.isEmpty());   items.add(x);
 *     use(items.removeFirst());                    nonEmpty.signal();
 * }                                            }
 * }</pre>
 *
 * Several conditions may share one {@link Lock} ({@link #Condition(Lock)}). Waiters are woken in
 * arrival order; a waiter cancelled after it was signalled passes the signal to the next waiter, and
 * always re-acquires the lock before the cancellation propagates (as in asyncio), so a block with
 * try-with-resources stays balanced. Loop thread only.
 */
public final class Condition {
    /**
     * The state of the underlying lock; a waiting task does not hold it.
     * <pre>
     * UNLOCKED --acquire()--> LOCKED --await(): release, park--> UNLOCKED
     * (woken by signal) --re-acquire--> LOCKED --release()--> UNLOCKED
     * </pre>
     */
    public enum State {
        UNLOCKED,
        LOCKED
    }

    /**
     * What a condition can report.
     *
     * @param locked whether its lock is held
     * @param waiting tasks waiting to be signalled
     * @param lockWaiting tasks waiting for the lock (including signalled ones re-acquiring it)
     */
    public record Statistics(boolean locked, int waiting, int lockWaiting) {}

    private final Lock lock;
    /** Tasks in {@link #await()}, not holding the lock. Loop thread only. */
    private final ParkingLot lot = new ParkingLot();

    /** A condition with a lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition on {@code lock}, which other conditions may share. */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** The lock this condition uses. */
    public Lock lock() {
        return lock;
    }

    /** Acquires the underlying lock; see {@link Lock#acquire()}. */
    public void acquire() {
        lock.acquire();
    }

    /** Takes the underlying lock if free, without waiting; see {@link Lock#tryAcquire()}. */
    public boolean tryAcquire() {
        return lock.tryAcquire();
    }

    /** Acquires the underlying lock for try-with-resources; see {@link Lock#hold()}. */
    public Held hold() {
        return lock.hold();
    }

    /** Releases the underlying lock; see {@link Lock#release()}. */
    public void release() {
        lock.release();
    }

    /** Whether the underlying lock is held. */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits to be signalled, and re-acquires the lock before returning. The lock
     * is re-acquired even when the wait is cancelled: the {@link CancelledError} propagates with the
     * lock held, as in asyncio (and so does a {@link TaskGroupError} the task's group throws into it).
     *
     * @throws IllegalStateException if the lock is not held
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void await() {
        ParkingLot.requireTask("Condition.await()");
        if (!lock.locked()) {
            throw new IllegalStateException(
                    "Condition " + this + ": await() called without holding its lock;" + " acquire() it first");
        }
        lock.release();
        // What stopped the wait: a cancellation, or a TaskGroupError the task's group threw into it.
        Throwable interrupted = null;
        try {
            lot.park(); // a signal received and then lost to a cancellation is passed to the next waiter
        } catch (CancelledError | TaskGroupError e) {
            interrupted = e;
        }
        while (true) {
            try {
                lock.acquire();
                break;
            } catch (CancelledError | TaskGroupError e) {
                if (interrupted == null) {
                    interrupted = e; // keep re-acquiring: the caller's block expects to hold the lock
                }
            }
        }
        if (interrupted instanceof TaskGroupError e) {
            throw e;
        }
        if (interrupted != null) {
            throw (CancelledError) interrupted;
        }
    }

    /**
     * Waits until {@code predicate} is true: checks it, and while it is false, {@link #await()}s and
     * checks again. The lock must be held; it is held when this returns or throws.
     *
     * @throws IllegalStateException if the lock is not held
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void awaitFor(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /**
     * Wakes the oldest waiter, if any.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} of the oldest waiters (asyncio's {@code notify(n)}); returns how many.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public int signal(int n) {
        if (!lock.locked()) {
            throw new IllegalStateException(
                    "Condition " + this + ": signal() called without holding its lock;" + " acquire() it first");
        }
        if (n < 0) {
            throw new IllegalArgumentException("Condition " + this + ": signal(" + n + "): the count must be >= 0");
        }
        return lot.unpark(n);
    }

    /**
     * Wakes every waiter (asyncio's {@code notify_all()}); returns how many.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public int signalAll() {
        return signal(Integer.MAX_VALUE);
    }

    /** The state of the underlying lock. */
    public State state() {
        return lock.locked() ? State.LOCKED : State.UNLOCKED;
    }

    /** Whether the lock is held and how many tasks wait. */
    public Statistics statistics() {
        return new Statistics(lock.locked(), lot.size(), lock.waiters());
    }

    @Override
    public String toString() {
        return "<Condition " + state().name().toLowerCase() + " waiters=" + lot.size() + ">";
    }
}
