package org.jasyncio;

import java.util.Objects;

/**
 * asyncio's {@code shield}: {@link Asyncio#shield(Future)} delegates here, and {@link Asyncio#waitFor}
 * waits through it without cancelling what it waits for.
 */
final class Shield {
    private Shield() {}

    /** {@link Asyncio#shield(Future)}, which documents it. */
    static <T> T shield(Future<T> future) throws Exception {
        Objects.requireNonNull(future, "future");
        if (future.done()) {
            Task.requireCurrent(null, "shield()");
            return future.result();
        }
        Task<?> me = Task.requireCurrent(future.getLoop(), "shield()");
        Future<T> outer = me.getLoop().createFuture();
        future.addCallbackInternal(inner -> {
            if (outer.done()) {
                return; // the waiter was cancelled; the inner outcome stays for whoever holds it
            }
            if (inner.cancelled()) {
                outer.cancelSelf(inner.cancelMessage());
            } else if (inner.peekException() != null) {
                outer.fail(inner.rawException());
            } else {
                outer.complete(inner.rawResult());
            }
        });
        return outer.await();
    }

    /** Waits for {@code f} to be done without cancelling it if the waiter is cancelled. */
    static void waitUncancelled(Future<?> f) throws Exception {
        if (f.done()) {
            return;
        }
        Task<?> me = Task.requireCurrent(f.getLoop(), "waitFor()");
        Future<Void> done = f.getLoop().createFuture();
        f.addCallbackInternal(x -> {
            if (!done.done()) {
                done.complete(null);
            }
        });
        me.awaitDone(done);
    }
}
