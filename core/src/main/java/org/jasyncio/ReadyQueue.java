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

    /** The elements, from {@link #head} up to {@link #tail} (wrapping); every other slot is {@code null}. */
    private Object[] slots = new Object[INITIAL_SLOTS];
    /** The slot of the first element; the queue is empty when it is {@link #tail}. */
    private int head;
    /** The slot the next element goes to, always free: a ring grows as soon as its last free slot is taken. */
    private int tail;
    /**
     * Tests only ({@link #failNextGrowth}): what the next growth throws instead of growing, as a failed
     * allocation would. Read on the growth's path only, never by an {@link #add} that fits.
     */
    private Throwable growthFailure;

    /** Adds {@code e} (not {@code null}) at the end. */
    void add(Object e) {
        Object[] s = slots;
        int t = tail;
        s[t] = e; // the store first, as ArrayDeque's: nothing to read again after a call that may grow
        tail = t = (t + 1) & (s.length - 1);
        if (t == head) {
            growFull();
        }
    }

    /** The ring is full (tail == head, just now): grows it, or takes the last add back out and throws. */
    private void growFull() {
        try {
            grow();
        } catch (Throwable failure) { // the queue as it was before that add, which then throws
            int last = (tail - 1) & (slots.length - 1);
            slots[last] = null;
            tail = last;
            throw failure;
        }
    }

    /** Takes the first element; {@code null} if there is none. */
    Object poll() {
        Object[] s = slots;
        int h = head;
        Object e = s[h];
        if (e != null) { // null: empty (only the slots from head to tail hold elements)
            s[h] = null; // not to keep a run callback (and what it holds) reachable
            head = (h + 1) & (s.length - 1);
        }
        return e;
    }

    /** The first element, left in place; {@code null} if there is none. */
    Object peek() {
        return slots[head];
    }

    boolean isEmpty() {
        return head == tail;
    }

    int size() {
        return (tail - head) & (slots.length - 1);
    }

    /** How many elements fit before the queue grows (for tests). */
    int capacity() {
        return slots.length - 1;
    }

    /**
     * Makes the next growth throw {@code failure} instead of growing, once (for tests: a stand-in for an
     * {@link OutOfMemoryError} that no test could cause on purpose and survive).
     */
    void failNextGrowth(Throwable failure) {
        growthFailure = failure;
    }

    /**
     * Twice the slots of a full ring, the elements kept in order. A failure (the allocation's, or the
     * limit's) leaves the ring as it was: the slots are replaced only once the bigger ring is filled.
     */
    private void grow() {
        Object[] s = slots;
        Throwable failure = growthFailure;
        if (failure != null) {
            growthFailure = null;
            throw Throwables.<RuntimeException>sneaky(failure);
        }
        int n = s.length;
        if (n >= 1 << 30) {
            throw new IllegalStateException("the loop's ready queue is full: " + n + " callbacks wait to run");
        }
        Object[] bigger = Arrays.copyOf(s, n * 2); // [0, n) as it was, in slot order
        int t = tail; // == head: full
        // the elements from head to the old end stay where they are; those that wrapped to the start,
        // [0, t), move to just after the old end, which keeps them in order in the bigger ring
        System.arraycopy(s, 0, bigger, n, t);
        Arrays.fill(bigger, 0, t, null);
        tail = n + t;
        slots = bigger;
    }
}
