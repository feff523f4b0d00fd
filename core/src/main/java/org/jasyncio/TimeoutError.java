package org.jasyncio;

/**
 * What a suspension inside an expired {@link Timeout} throws, and what {@link Asyncio#waitFor} throws
 * when its deadline passes.
 *
 * <p>It extends {@link CancelledError} (Kotlin's {@code TimeoutCancellationException} precedent): the
 * expiry cancels the work inside the block, and everything that cleans up on cancellation cleans up
 * on a timeout too. Unlike a plain cancellation it propagates out of the timeout block to the caller,
 * who may catch it. A task that ends by throwing a {@code TimeoutError} that was not a cancellation
 * of that task itself is recorded as failed with it, not as cancelled.
 */
public class TimeoutError extends CancelledError {
    private static final long serialVersionUID = 1L;

    /** A timeout with the given message. */
    public TimeoutError(String message) {
        super(message);
    }
}
