package org.jasyncio.queue;

/**
 * Thrown by a queue that was {@link Queue#shutdown() shut down} (asyncio's {@code QueueShutDown},
 * Python 3.13): by {@code put}/{@code putNowait} at once, and by {@code get}/{@code getNowait} once the
 * queue is empty. A consumer loop ends on it:
 *
 * <pre>{@code
 * try {
 *     while (true) { handle(queue.get()); queue.taskDone(); }
 * } catch (QueueShutDown done) {
 *     // the producer said there is no more
 * }
 * }</pre>
 */
public class QueueShutDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message naming the queue and the call refused. */
    public QueueShutDown(String message) {
        super(message);
    }
}
