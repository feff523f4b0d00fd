package org.jasyncio.queue;

import java.util.ArrayDeque;

/**
 * The {@link Store} of a {@link Queue} (first in, first out) and of a {@link LifoQueue} (last in,
 * first out): one deque, taken from its front, and filled at its back or at its front. {@code null}
 * items are kept behind a marker, since {@code ArrayDeque} refuses them.
 */
final class DequeStore<T> implements Store<T> {
    private static final Object NULL = new Object();

    /**
     * The largest bound whose room is made at once. A bounded queue up to this size never grows its
     * deque (issue 14): growing is a branch a queue takes only while it first fills, so the JIT
     * compiled it as never taken, and each new queue's first fill then threw away the compiled put.
     * Larger bounds start at this size and grow as needed, so a queue of a million items costs its
     * memory only when it holds them.
     */
    static final int PRESIZE_LIMIT = 1024;

    private final boolean lifo;
    private final String kind;
    private final ArrayDeque<Object> items;

    private DequeStore(boolean lifo, String kind, int maxsize) {
        this.lifo = lifo;
        this.kind = kind;
        this.items = maxsize > 0 ? new ArrayDeque<>(Math.min(maxsize, PRESIZE_LIMIT)) : new ArrayDeque<>();
    }

    /** First in, first out: {@link Queue}'s order; {@code maxsize} its bound, 0 for none. */
    static <T> DequeStore<T> fifo(int maxsize) {
        return new DequeStore<>(false, "Queue", maxsize);
    }

    /** Last in, first out: {@link LifoQueue}'s order; {@code maxsize} its bound, 0 for none. */
    static <T> DequeStore<T> lifo(int maxsize) {
        return new DequeStore<>(true, "LifoQueue", maxsize);
    }

    @Override
    public void add(T item) {
        Object o = item == null ? NULL : item;
        if (lifo) {
            items.addFirst(o);
        } else {
            items.addLast(o);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T remove() {
        Object o = items.removeFirst();
        return o == NULL ? null : (T) o;
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public String kind() {
        return kind;
    }
}
