package org.jasyncio.bench.callback;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * A bounded FIFO for callback-style event loops (Netty, Vert.x), which ship no asynchronous bounded
 * queue of their own: the queue workload needs one, so this is the smallest honest one. One loop
 * thread only. A producer that finds it full registers a callback to be run, through the loop's
 * {@link Executor}, when an item is taken; a consumer that finds it empty one to be run when an item
 * is added, which is what asyncio.Queue does with its getter/putter futures.
 */
public final class BoundedQueue<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;
    private final Executor loop;
    private Runnable notFull; // at most one waiting producer in the workload
    private Runnable notEmpty; // at most one waiting consumer in the workload

    public BoundedQueue(int capacity, Executor loop) {
        this.capacity = capacity;
        this.loop = loop;
    }

    /** Adds {@code item} and returns true, or returns false and runs {@code whenNotFull} later. */
    public boolean offer(T item, Runnable whenNotFull) {
        if (items.size() >= capacity) {
            notFull = whenNotFull;
            return false;
        }
        items.addLast(item);
        if (notEmpty != null) {
            Runnable r = notEmpty;
            notEmpty = null;
            loop.execute(r);
        }
        return true;
    }

    /** Takes the head, or returns null and runs {@code whenNotEmpty} later. */
    public T poll(Runnable whenNotEmpty) {
        T item = items.pollFirst();
        if (item == null) {
            notEmpty = whenNotEmpty;
            return null;
        }
        if (notFull != null) {
            Runnable r = notFull;
            notFull = null;
            loop.execute(r);
        }
        return item;
    }
}
