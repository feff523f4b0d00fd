/**
 * Synchronization primitives for tasks on one event loop: asyncio's {@link org.jasyncio.sync.Lock},
 * {@link org.jasyncio.sync.Event}, {@link org.jasyncio.sync.Condition},
 * {@link org.jasyncio.sync.Semaphore}, {@link org.jasyncio.sync.BoundedSemaphore} and
 * {@link org.jasyncio.sync.Barrier}, and beyond asyncio Trio's {@link org.jasyncio.sync.CapacityLimiter}
 * and a token-bucket {@link org.jasyncio.sync.RateLimiter}.
 *
 * <p>All of them wait on one fair, cancellation-safe queue, {@link org.jasyncio.sync.ParkingLot}:
 * waiters are served in arrival order, and a task cancelled while waiting, before or after it was
 * woken, never leaves a lock held, a permit or token lost, or a wake-up undelivered. Each has an
 * {@code enum State} with its transitions drawn in a comment, a {@code toString()} showing state and
 * waiters ({@code <Lock locked waiters=2>}), {@code statistics()}, and a non-waiting twin for every
 * waiting call ({@code tryAcquire()}, {@code isSet()}).
 *
 * <p>Threading: like everything on a loop, these are used from the loop's thread only, and their
 * waiting calls only inside a task. Between two suspension points a task runs alone, so they protect
 * invariants across suspensions, not against threads.
 */
package org.jasyncio.sync;
