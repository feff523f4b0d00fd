package org.jasyncio.queue;

import java.util.ArrayDeque;

/**
 * The {@link Store} of a {@link Queue} (first in, first out) and of a {@link LifoQueue} (last in,
 * first out): one deque, taken from its front, and filled at its back or at its front. {@code null}
 * items are kept behind a marker, since {@code ArrayDeque} refuses them.
 */
final class DequeStore<T> implements Store<T> {
    private static final Object NULL = new Object();

    private final boolean lifo;
    private final String kind;
    private final ArrayDeque<Object> items = new ArrayDeque<>();

    private DequeStore(boolean lifo, String kind) {
        this.lifo = lifo;
        this.kind = kind;
    }

    /** First in, first out: {@link Queue}'s order. */
    static <T> DequeStore<T> fifo() {
        return new DequeStore<>(false, "Queue");
    }

    /** Last in, first out: {@link LifoQueue}'s order. */
    static <T> DequeStore<T> lifo() {
        return new DequeStore<>(true, "LifoQueue");
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
