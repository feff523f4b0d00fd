package org.jasyncio;

/**
 * Thrown at a task's suspension point when the task is cancelled (asyncio's {@code CancelledError}).
 *
 * <p>It extends {@link Error}, not {@link Exception}, so {@code catch (Exception e)} does not swallow
 * it by accident: the {@code ThreadDeath} precedent, and Python's choice of {@code BaseException}.
 * Catch it only to clean up, then rethrow it; a task that catches it and returns normally completes
 * normally (as in asyncio).
 */
public class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    /** A cancellation without a message. */
    public CancelledError() {
        super();
    }

    /** A cancellation carrying the message given to {@code cancel(msg)}; {@code null} for none. */
    public CancelledError(String message) {
        super(message);
    }

    /** A cancellation with a message and a cause. */
    public CancelledError(String message, Throwable cause) {
        super(message, cause);
    }
}
