package org.jasyncio.sync;

/**
 * Something acquired that try-with-resources gives back: a held {@link Lock}, a {@link Semaphore}
 * permit, a {@link CapacityLimiter} token (asyncio's {@code async with lock:}).
 *
 * <pre>{@code
 * try (Held held = lock.hold()) {
 *     // only one task at a time runs here
 * }
 * }</pre>
 *
 * {@link #close()} releases exactly once: closing again does nothing, so a block that released early
 * by hand is not punished twice. It never suspends and throws no checked exception.
 */
public interface Held extends AutoCloseable {
    /** Releases what was acquired; a second call does nothing. */
    @Override
    void close();
}
