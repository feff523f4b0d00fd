package org.jasyncio.queue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Outcome;
import org.jasyncio.Task;

/**
 * The engine of {@link WorkerPool#map} and {@link WorkerPool#mapSettled}: {@code concurrency} worker
 * tasks take the next index from a shared counter (no queue is needed on one thread) and store each
 * outcome at its item's index, so results keep the input order whatever order the work ends in.
 */
final class BoundedMap<T, R> {
    private final List<T> items;
    private final WorkerPool.Mapper<? super T, ? extends R> fn;
    private final boolean failFast;
    private final Outcome<R>[] outcomes;
    private final List<Task<Void>> workers = new ArrayList<>();
    /** The next item index to hand out. Loop thread only. */
    private int next;
    /** With failFast, the first failure; no new item starts after it. */
    private Throwable firstFailure;

    @SuppressWarnings("unchecked")
    BoundedMap(List<T> items, WorkerPool.Mapper<? super T, ? extends R> fn, boolean failFast) {
        this.items = items;
        this.fn = fn;
        this.failFast = failFast;
        this.outcomes = (Outcome<R>[]) new Outcome<?>[items.size()];
    }

    /** Runs the items, at most {@code concurrency} at once; returns their outcomes in input order. */
    List<Outcome<R>> run(int concurrency) {
        int n = Math.min(concurrency, items.size());
        for (int w = 0; w < n; w++) {
            workers.add(Asyncio.createTask(this::work, "map-worker-" + (w + 1)));
        }
        WorkerPool.awaitAll(workers);
        return Collections.unmodifiableList(Arrays.asList(outcomes));
    }

    /** The first failure when failing fast, or {@code null}. */
    Throwable firstFailure() {
        return firstFailure;
    }

    private void work() {
        while (true) {
            if (next >= items.size() || (failFast && firstFailure != null)) {
                return;
            }
            int i = next++;
            try {
                outcomes[i] = Outcome.success(fn.apply(items.get(i)));
            } catch (CancelledError c) {
                if (Asyncio.currentTask().cancelling() > 0) {
                    throw c; // this worker is being cancelled (the caller was, or failing fast)
                }
                fail(i, c); // the item's own cancellation or timeout, e.g. a waitFor inside it
            } catch (Exception e) {
                fail(i, e);
            }
        }
    }

    private void fail(int i, Throwable t) {
        outcomes[i] = Outcome.failure(t);
        if (failFast && firstFailure == null) {
            firstFailure = t;
            Task<?> me = Asyncio.currentTask();
            for (Task<Void> w : workers) {
                if (w != me) {
                    w.cancel("WorkerPool.map: item " + i + " failed, the others are cancelled");
                }
            }
        }
    }
}
