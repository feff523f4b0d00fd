package org.jasyncio.queue;

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
        super(maxsize, DequeStore.lifo(maxsize));
    }
}
