package org.jasyncio.sync;

import org.jasyncio.CancelledError;

/**
 * A flag tasks can wait for (asyncio's {@code Event}): {@link #set()} wakes every waiter, and
 * {@link #await()} returns at once while the flag is set, until {@link #clear()}.
 *
 * <pre>{@code
 * Event ready = new Event();
 * Asyncio.createTask(() -> { ready.await(); System.out.println("go"); });
 * ...
 * ready.set();
 * }</pre>
 *
 * A task woken by {@code set()} returns from {@code await()} even if the event is cleared again
 * before it runs (as in asyncio). Loop thread only.
 */
public final class Event {
    /**
     * <pre>
     * UNSET --set()--> SET   (wakes every waiter)
     * SET --clear()--> UNSET
     * </pre>
     */
    public enum State {
        UNSET,
        SET
    }

    /**
     * What an event can report.
     *
     * @param set whether the flag is set
     * @param waiting tasks waiting for it
     */
    public record Statistics(boolean set, int waiting) {}

    private final ParkingLot lot = new ParkingLot();
    /** Transitions as drawn on {@link State}. Invariant: nobody waits while SET. Loop thread only. */
    private State state = State.UNSET;

    /** An unset event. */
    public Event() {}

    /**
     * Waits until the flag is set; returns at once if it is.
     *
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void await() {
        ParkingLot.requireTask("Event.await()");
        if (state == State.SET) {
            return;
        }
        // set() wakes everyone, so a waiter cancelled after its wake-up has nothing to pass on.
        lot.park(null, () -> {});
    }

    /** Sets the flag and wakes every waiting task. Setting a set event does nothing. */
    public void set() {
        if (state == State.UNSET) {
            state = State.SET;
            lot.unparkAll();
        }
    }

    /** Clears the flag: later {@link #await()} calls wait again. */
    public void clear() {
        state = State.UNSET;
    }

    /** Whether the flag is set: the non-waiting twin of {@link #await()}. */
    public boolean isSet() {
        return state == State.SET;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Whether it is set and how many tasks wait. */
    public Statistics statistics() {
        return new Statistics(isSet(), lot.size());
    }

    @Override
    public String toString() {
        return "<Event " + state.name().toLowerCase() + " waiters=" + lot.size() + ">";
    }
}
