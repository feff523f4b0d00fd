package org.jasyncio.queue;

import java.util.ArrayDeque;

/**
 * A {@link Queue} that returns the most recently put item first (asyncio's {@code LifoQueue}): a
 * stack with the queue's waiting, {@code join} and {@code shutdown}.
 *
 * <pre>{@code
 * LifoQueue<Integer> stack = new LifoQueue<>();
 * stack.putNowait(1);
 * stack.putNowait(2);
 * stack.getNowait();   // 2
 * }</pre>
 *
 * @param <T> the item type
 */
public final class LifoQueue<T> extends Queue<T> {
    /** An unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /** A LIFO queue holding at most {@code maxsize} items; {@code maxsize <= 0} means unbounded. */
    public LifoQueue(int maxsize) {
        super(maxsize, new LifoStore<>());
    }

    /** Last in, first out; {@code null} items are kept behind a marker since ArrayDeque refuses them. */
    private static final class LifoStore<T> implements Store<T> {
        private static final Object NULL = new Object();
        private final ArrayDeque<Object> items = new ArrayDeque<>();

        @Override
        public void add(T item) {
            items.addFirst(item == null ? NULL : item);
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
            return "LifoQueue";
        }
    }
}
