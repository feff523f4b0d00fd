package org.jasyncio.sync;

/**
 * Thrown by {@link Barrier#await()} when the barrier is broken: {@link Barrier#abort() aborted}, or
 * {@link Barrier#reset() reset} while the task waited (asyncio's {@code BrokenBarrierError}).
 * Unchecked, because waiting calls declare no checked exception ({@code java.util.concurrent}'s
 * checked {@code BrokenBarrierException} is a different type).
 */
public class BrokenBarrierError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message naming the barrier and what broke it. */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
