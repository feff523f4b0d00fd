package org.jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * asyncio's {@code wait}: {@link Asyncio#wait(java.util.Collection, Duration, ReturnWhen)} delegates here.
 */
final class Wait {
    private Wait() {}

    /** {@link Asyncio#wait(Collection, Duration, ReturnWhen)}, which documents it. */
    static <F extends Future<?>> Done<F> wait(Collection<F> futures, Duration timeout, ReturnWhen when) {
        Objects.requireNonNull(when, "when");
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("wait(): the collection of futures is empty");
        }
        Task<?> me = Task.requireCurrent(null, "wait()");
        EventLoop loop = me.getLoop();
        List<F> fs = new ArrayList<>(new LinkedHashSet<>(futures));
        if (!conditionMet(fs, when)) {
            Future<Void> waiter = loop.createFuture();
            int[] pending = {0};
            Consumer<Future<?>> onDone = f -> {
                pending[0]--;
                if (!waiter.done()
                        && (pending[0] <= 0
                                || when == ReturnWhen.FIRST_COMPLETED
                                || (when == ReturnWhen.FIRST_EXCEPTION
                                        && !f.cancelled()
                                        && f.peekException() != null))) {
                    waiter.complete(null);
                }
            };
            for (F f : fs) {
                if (!f.done()) {
                    pending[0]++;
                    f.addCallbackInternal(onDone);
                }
            }
            TimerHandle timer = timeout == null
                    ? null
                    : loop.callAtNanos(loop.nanos() + Math.max(0, Asyncio.nanos(timeout)), () -> {
                        if (!waiter.done()) {
                            waiter.complete(null);
                        }
                    });
            try {
                waiter.await();
            } catch (RuntimeException | Error interrupted) {
                throw interrupted; // cancelled, or a TaskGroupError thrown into this task: unchanged
            } catch (Exception impossible) {
                throw new IllegalStateException(impossible);
            } finally {
                if (timer != null) {
                    timer.cancel();
                }
                for (F f : fs) {
                    f.removeCallbackInternal(onDone);
                }
            }
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> pending = new LinkedHashSet<>();
        for (F f : fs) {
            (f.done() ? done : pending).add(f);
        }
        return new Done<>(done, pending);
    }

    private static boolean conditionMet(List<? extends Future<?>> fs, ReturnWhen when) {
        int done = 0;
        for (Future<?> f : fs) {
            if (f.done()) {
                done++;
                if (when == ReturnWhen.FIRST_COMPLETED) {
                    return true;
                }
                if (when == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.peekException() != null) {
                    return true;
                }
            }
        }
        return done == fs.size();
    }
}
