package org.jasyncio;

import java.util.Arrays;
import org.jasyncio.internal.Throwables;

/**
 * The loop's ready queue (asyncio's {@code _ready}): a first-in first-out ring of slots whose count is
 * a power of two, so that an index wraps around by a mask, with no branch. Loop thread only.
 *
 * <p>Why not {@link java.util.ArrayDeque} (issue 14, round 7): its index wraps with a branch, and a
 * branch the JIT has never seen taken is compiled as a trap. A loop's queue first wraps only after
 * its code is compiled (a queue that grows as a spawn fills it does not wrap; the first one that
 * cycles does), and that trap then threw the compiled {@code createTask} and the run loop back to the
 * interpreter for the next many thousand steps, at the start of each of a program's first few
 * {@code Asyncio.run}s ({@code -Xlog:deoptimization=debug}: {@code ArrayDeque.inc unstable_if}).
 */
final class ReadyQueue {
    private static final int INITIAL_SLOTS = 16;

    private Object[] slots = new Object[INITIAL_SLOTS];
    /** The slot of the first element. */
    private int head;
    /** How many elements there are, from {@link #head} on (wrapping). */
    private int size;
    /**
     * Tests only ({@link #failNextGrowth}): what the next growth throws instead of growing, as a failed
     * allocation would. Read on the growth's path only, never by an {@link #add} that fits.
     */
    private Throwable growthFailure;

    /** Adds {@code e} (not {@code null}) at the end. */
    void add(Object e) {
        if (size == slots.length) {
            grow();
        }
        slots[(head + size) & (slots.length - 1)] = e;
        size++;
    }

    /** Takes the first element; {@code null} if there is none. */
    Object poll() {
        if (size == 0) {
            return null;
        }
        Object[] s = slots;
        int h = head;
        Object e = s[h];
        s[h] = null; // not to keep a run callback (and what it holds) reachable
        head = (h + 1) & (s.length - 1);
        size--;
        return e;
    }

    /** The first element, left in place; {@code null} if there is none. */
    Object peek() {
        return size == 0 ? null : slots[head];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** How many elements fit before the queue grows (for tests). */
    int capacity() {
        return slots.length;
    }

    /**
     * Makes the next growth throw {@code failure} instead of growing, once (for tests: a stand-in for an
     * {@link OutOfMemoryError} that no test could cause on purpose and survive).
     */
    void failNextGrowth(Throwable failure) {
        growthFailure = failure;
    }

    /**
     * Twice the slots, the elements moved to the start in order. A failure (the allocation's, or the
     * limit's) leaves the queue as it was: the slots are replaced only once the bigger ring is filled.
     */
    private void grow() {
        Object[] s = slots;
        Throwable failure = growthFailure;
        if (failure != null) {
            growthFailure = null;
            throw Throwables.<RuntimeException>sneaky(failure);
        }
        if (s.length >= 1 << 30) {
            throw new IllegalStateException("the loop's ready queue is full: " + size + " callbacks wait to run");
        }
        Object[] bigger = Arrays.copyOf(s, s.length * 2); // [0, s.length) as it was, in slot order
        // the elements from head to the old end stay where they are; those that wrapped to the
        // start move to just after the old end, which keeps them in order in the bigger ring
        System.arraycopy(s, 0, bigger, s.length, head);
        Arrays.fill(bigger, 0, head, null);
        slots = bigger;
    }
}
