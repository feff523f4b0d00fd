package org.jasyncio.sync;

import org.jasyncio.CancelledError;

/**
 * A meeting point for a fixed number of tasks (asyncio's {@code Barrier}): each {@link #await()}
 * waits until {@code parties} tasks have arrived, then all are released together and the barrier
 * fills again for the next round.
 *
 * <pre>{@code
 * Barrier barrier = new Barrier(3);
 * for (int i = 0; i < 3; i++) {
 *     Asyncio.createTask(() -> {
 *         prepare();
 *         int index = barrier.await();   // 0, 1 or 2; the last to arrive gets 2
 *         run();
 *     });
 * }
 * }</pre>
 *
 * A task cancelled while waiting simply leaves (the barrier then needs one more arrival), as in
 * asyncio. Tasks arriving while the previous round is still being released wait for it to finish.
 * Unlike asyncio, {@link #reset()} and {@link #abort()} do not wait (they need no lock here). Loop
 * thread only.
 */
public final class Barrier {
    /**
     * asyncio's four states.
     * <pre>
     * FILLING --the last party arrives------------------> DRAINING
     * DRAINING --every released task has left-----------> FILLING
     * FILLING/DRAINING --reset() while tasks wait-------> RESETTING --every waiter has left--> FILLING
     * any --reset() while nobody waits------------------> FILLING
     * any --abort()-------------------------------------> BROKEN (until reset())
     * </pre>
     * Waiters in FILLING throw {@link BrokenBarrierError} when it becomes RESETTING or BROKEN;
     * arrivals wait while DRAINING or RESETTING and throw while BROKEN.
     */
    public enum State {
        FILLING,
        DRAINING,
        RESETTING,
        BROKEN
    }

    /**
     * What a barrier can report.
     *
     * @param state the current state
     * @param parties tasks needed to release a round
     * @param waiting tasks waiting for this round to fill (asyncio's {@code n_waiting})
     */
    public record Statistics(State state, int parties, int waiting) {}

    private final int parties;
    /** Everybody waits here; every state change wakes all and they re-check. Loop thread only. */
    private final ParkingLot lot = new ParkingLot();
    /** Transitions as drawn on {@link State}. Loop thread only. */
    private State state = State.FILLING;
    /** Tasks inside {@link #await()} past the entry check (filling, or released but not yet left). */
    private int count;

    /**
     * A barrier for {@code parties} tasks.
     *
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("Barrier(" + parties + "): parties must be >= 1");
        }
        this.parties = parties;
    }

    /**
     * Waits until {@code parties} tasks have called it and returns this task's arrival index, from 0
     * to {@code parties - 1}.
     *
     * @throws BrokenBarrierError if the barrier is broken, or is reset or aborted while this task waits
     * @throws CancelledError if the task is cancelled while waiting
     */
    public int await() {
        ParkingLot.requireTask("Barrier.await()");
        while (state == State.DRAINING || state == State.RESETTING) {
            lot.park(null, () -> {}); // every wake-up here is unparkAll: nothing to pass on
        }
        if (state == State.BROKEN) {
            throw new BrokenBarrierError("Barrier " + this + " is broken: it was aborted; reset() it before use");
        }
        int index = count++;
        try {
            if (index + 1 == parties) {
                state = State.DRAINING;
                lot.unparkAll();
            } else {
                while (state == State.FILLING) {
                    lot.park(null, () -> {});
                }
                if (state == State.BROKEN || state == State.RESETTING) {
                    throw new BrokenBarrierError("Barrier " + this + " was "
                            + (state == State.BROKEN ? "aborted" : "reset") + " while this task waited for it to fill");
                }
            }
            return index;
        } finally {
            count--;
            if (count == 0 && (state == State.DRAINING || state == State.RESETTING)) {
                state = State.FILLING;
                lot.unparkAll();
            }
        }
    }

    /**
     * Returns the barrier to its empty, filling state; tasks waiting on it get
     * {@link BrokenBarrierError}. Also repairs a broken barrier.
     */
    public void reset() {
        if (count > 0) {
            state = State.RESETTING;
        } else {
            state = State.FILLING;
        }
        lot.unparkAll();
    }

    /**
     * Breaks the barrier: waiting and future {@link #await()} calls throw {@link BrokenBarrierError}
     * until {@link #reset()}. Use it so a round that cannot complete does not leave tasks waiting.
     */
    public void abort() {
        state = State.BROKEN;
        lot.unparkAll();
    }

    /** Tasks needed to release a round. */
    public int parties() {
        return parties;
    }

    /** Tasks waiting for the current round to fill (asyncio's {@code n_waiting}). */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /** Whether it is broken. */
    public boolean broken() {
        return state == State.BROKEN;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** State, parties and waiting tasks. */
    public Statistics statistics() {
        return new Statistics(state, parties, nWaiting());
    }

    @Override
    public String toString() {
        return "<Barrier " + state.name().toLowerCase() + " waiters=" + nWaiting() + "/" + parties + ">";
    }
}
