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
     * compiled it as never taken, and a workload that makes a new {@code Queue(100)} now and then
     * threw away the compiled put at each one's first fill. Larger bounds start at this size and grow
     * as needed (then the growth is a branch their fills take, once per JVM at worst), so a queue of a
     * million items costs its memory only when it holds them.
     *
     * <p>128 slots, not 1,024: an idle {@code Queue(1000)} or larger kept a 4 KB array it may never
     * use (~530 bytes now, {@code QueueFootprintTest}); the bounds of the queue benchmarks (1, 100)
     * and the common small ones are still made whole, so their put stays as compiled.
     */
    static final int PRESIZE_LIMIT = 128;

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
