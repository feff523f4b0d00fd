package org.jasyncio.queue;

import java.util.List;

/**
 * Thrown by {@link WorkerPool#close()} when jobs failed: every failure, each with the item it failed
 * on, in the order they happened. The first failure is also the {@link #getCause() cause}, so a stack
 * trace shows it.
 */
public final class WorkerPoolError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<WorkerPool.Failure<?>> failures;

    WorkerPoolError(String pool, List<WorkerPool.Failure<?>> failures) {
        super(describe(pool, failures), failures.get(0).exception());
        this.failures = List.copyOf(failures);
    }

    private static String describe(String pool, List<WorkerPool.Failure<?>> failures) {
        WorkerPool.Failure<?> first = failures.get(0);
        return failures.size() + " job(s) of " + pool + " failed; the first, on item " + first.item() + ": "
                + first.exception();
    }

    /** Every failed job: the item and the exception. */
    public List<WorkerPool.Failure<?>> failures() {
        return failures;
    }
}
