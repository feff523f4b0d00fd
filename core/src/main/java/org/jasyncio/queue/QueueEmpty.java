package org.jasyncio.queue;

/**
 * Thrown by {@link Queue#getNowait()} when the queue has no item (asyncio's {@code QueueEmpty}): the
 * non-waiting twin of {@link Queue#get()} refuses to wait.
 */
public class QueueEmpty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message naming the queue. */
    public QueueEmpty(String message) {
        super(message);
    }
}
