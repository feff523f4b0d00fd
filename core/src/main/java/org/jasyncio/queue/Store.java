package org.jasyncio.queue;

/**
 * How a {@link Queue} keeps its items: the one thing {@link PriorityQueue} and {@link LifoQueue}
 * change (asyncio's {@code _init}/{@code _put}/{@code _get} hooks, as a strategy object instead of
 * overridable methods). {@link DequeStore} serves {@code Queue} and {@code LifoQueue}, {@link HeapStore}
 * {@code PriorityQueue}. The subclasses exist only for the public types asyncio has: each is final,
 * and only chooses its store in its constructors; every method of {@code Queue} is final.
 */
interface Store<T> {
    /** Adds an item. */
    void add(T item);

    /** Removes and returns the next item; only called when not empty. */
    T remove();

    /** How many items it holds. */
    int size();

    /** What the queue's {@code toString} calls it. */
    String kind();
}
