package org.jasyncio.sync;

/**
 * A {@link Semaphore} that refuses to be released more times than it was acquired (asyncio's
 * {@code BoundedSemaphore}): {@link #release()} throws {@link IllegalStateException} (asyncio's
 * {@code ValueError}) when the value would exceed the initial one. Catches the bug of releasing a
 * permit that was never taken.
 *
 * <pre>{@code
 * BoundedSemaphore pool = new BoundedSemaphore(2);
 * pool.acquire();
 * pool.release();
 * pool.release();   // IllegalStateException: ... the value may not exceed its initial 2
 * }</pre>
 */
public final class BoundedSemaphore extends Semaphore {
    /** A bounded semaphore with one permit, which is also the most it may hold (asyncio's default). */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * A bounded semaphore with {@code value} permits, which is also the most it may hold.
     *
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public BoundedSemaphore(int value) {
        super(value, true);
    }
}
