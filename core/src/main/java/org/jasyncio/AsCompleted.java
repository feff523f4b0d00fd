package org.jasyncio;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * asyncio's {@code as_completed}: {@link Asyncio#asCompleted(java.util.Collection, Duration)} delegates here.
 */
final class AsCompleted {
    private AsCompleted() {}

    /** {@link Asyncio#asCompleted(Collection, Duration)}, which documents it. */
    static <F extends Future<?>> Iterable<F> iterate(Collection<F> futures, Duration timeout) {
        EventLoop loop = Asyncio.runningLoopFor("Asyncio.asCompleted()");
        List<F> fs = new ArrayList<>(new LinkedHashSet<>(futures));
        ArrayDeque<F> completed = new ArrayDeque<>();
        Object[] waiterBox = {null};
        @SuppressWarnings("unchecked")
        Consumer<Future<?>> onDone = f -> {
            completed.add((F) f);
            @SuppressWarnings("unchecked")
            Future<Void> w = (Future<Void>) waiterBox[0];
            if (w != null && !w.done()) {
                w.complete(null);
            }
        };
        for (F f : fs) {
            if (f.done()) {
                completed.add(f);
            } else {
                f.addCallbackInternal(onDone);
            }
        }
        double deadline = timeout == null ? Double.POSITIVE_INFINITY : loop.time() + Asyncio.nanos(timeout) / 1e9;
        Iterator<F> it = new Iterator<>() {
            private int remaining = fs.size();

            @Override
            public boolean hasNext() {
                return remaining > 0;
            }

            @Override
            public F next() {
                if (remaining == 0) {
                    throw new NoSuchElementException("asCompleted(): every future was returned already");
                }
                if (completed.isEmpty()) {
                    Future<Void> w = loop.createFuture();
                    waiterBox[0] = w;
                    // The deadline completes the waiter normally and next() throws: a TimeoutError
                    // stored in w would be reported as never retrieved if this task were cancelled
                    // in the same iteration (the cancellation wins and nobody reads w).
                    boolean[] expired = {false};
                    TimerHandle timer = deadline == Double.POSITIVE_INFINITY
                            ? null
                            : loop.callAt(deadline, () -> {
                                if (!w.done()) {
                                    expired[0] = true;
                                    w.complete(null);
                                }
                            });
                    try {
                        w.await();
                    } catch (RuntimeException | Error interrupted) {
                        throw interrupted; // cancelled, or a TaskGroupError thrown into this task: unchanged
                    } catch (Exception impossible) {
                        throw new IllegalStateException(impossible);
                    } finally {
                        waiterBox[0] = null;
                        if (timer != null) {
                            timer.cancel();
                        }
                    }
                    if (expired[0]) {
                        throw new TimeoutError(
                                "asCompleted(): " + remaining + " futures still pending after " + timeout);
                    }
                }
                remaining--;
                return completed.poll();
            }
        };
        return () -> it;
    }
}
