package org.jasyncio.queue;

/**
 * Thrown by {@link Queue#putNowait(Object)} when a bounded queue holds {@code maxsize} items
 * (asyncio's {@code QueueFull}): the non-waiting twin of {@link Queue#put(Object)} refuses to wait.
 */
public class QueueFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message naming the queue. */
    public QueueFull(String message) {
        super(message);
    }
}
