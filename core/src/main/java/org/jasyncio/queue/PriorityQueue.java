package org.jasyncio.queue;

import java.util.Comparator;
import java.util.Objects;

/**
 * A {@link Queue} that returns the smallest item first (asyncio's {@code PriorityQueue}), by natural
 * order or by a {@link Comparator}. Items that compare equal come out in the order they were put
 * (unlike {@code heapq}, whose order for ties is unspecified, so no tie-breaking counter is needed in
 * the items).
 *
 * <pre>{@code
 * record Job(int priority, String name) { }
 * PriorityQueue<Job> jobs = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
 * jobs.putNowait(new Job(2, "later"));
 * jobs.putNowait(new Job(1, "first"));
 * jobs.getNowait();   // Job[priority=1, name=first]
 * }</pre>
 *
 * {@code null} items are refused. Without a comparator, items must be {@link Comparable}: an item
 * that is not is refused by {@code put} with a {@link ClassCastException} naming it.
 *
 * @param <T> the item type
 */
public final class PriorityQueue<T> extends Queue<T> {
    /** An unbounded queue of {@link Comparable} items, smallest first. */
    public PriorityQueue() {
        this(0);
    }

    /** A queue of at most {@code maxsize} {@link Comparable} items ({@code <= 0}: unbounded), smallest first. */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /** An unbounded queue ordered by {@code comparator}, smallest first. */
    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, Objects.requireNonNull(comparator, "comparator"));
    }

    /** A queue of at most {@code maxsize} items ({@code <= 0}: unbounded) ordered by {@code comparator}. */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, new HeapStore<>(comparator));
    }
}
