package org.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * asyncio's {@code gather}: {@link Asyncio#gather} and {@link Asyncio#gatherSettled} delegate here.
 */
final class Gather {
    private Gather() {}

    /** The blocks as coroutines returning {@code null}. */
    static Coroutine<Void>[] asCoroutines(VoidCoroutine... coroutines) {
        @SuppressWarnings("unchecked")
        Coroutine<Void>[] cs = (Coroutine<Void>[]) new Coroutine<?>[coroutines.length];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = Objects.requireNonNull(coroutines[i], "coroutine").asCoroutine();
        }
        return cs;
    }

    /** Each coroutine as a new task of the running loop, in argument order. */
    @SafeVarargs
    static <T> List<Future<? extends T>> spawn(Coroutine<? extends T>... coroutines) {
        EventLoop loop = Asyncio.runningLoopFor("Asyncio.gather()");
        List<Future<? extends T>> tasks = new ArrayList<>(coroutines.length);
        for (Coroutine<? extends T> c : coroutines) {
            tasks.add(loop.createTask(c));
        }
        return tasks;
    }

    /** {@link Asyncio#gather(java.util.Collection)}: the results in order, or the first failure. */
    static <T> List<T> all(List<? extends Future<? extends T>> children) throws Exception {
        @SuppressWarnings("unchecked")
        Future<List<T>> outer = (Future<List<T>>) (Future<?>) gatherFuture(children, false);
        return outer.await();
    }

    /** {@link Asyncio#gatherSettled(java.util.Collection)}: how each ended, in order. */
    static <T> List<Outcome<T>> settled(List<? extends Future<? extends T>> children) throws Exception {
        @SuppressWarnings("unchecked")
        Future<List<Outcome<T>>> outer = (Future<List<Outcome<T>>>) (Future<?>) gatherFuture(children, true);
        return outer.await();
    }

    /**
     * asyncio's {@code _GatheringFuture}: completes when every child is done (or at the first failure
     * unless {@code settled}); cancelling it cancels the children and completes it, cancelled, when
     * they are done.
     */
    private static Future<List<Object>> gatherFuture(List<? extends Future<?>> children, boolean settled) {
        Task<?> me = Task.requireCurrent(null, "gather()");
        EventLoop loop = me.getLoop();
        Future<List<Object>> outer = loop.createFuture();
        outer.gathered = children;
        int n = children.size();
        if (n == 0) {
            outer.complete(List.of());
            return outer;
        }
        for (Future<?> c : children) {
            if (c.getLoop() != loop) {
                throw new IllegalArgumentException("gather(): " + c + " belongs to another loop than " + loop);
            }
        }
        boolean[] cancelRequested = {false};
        String[] cancelMessage = {null};
        int[] finished = {0};
        outer.cancelHook = msg -> {
            boolean any = false;
            for (Future<?> c : children) {
                if (c.cancel(msg)) {
                    any = true;
                }
            }
            if (any) {
                cancelRequested[0] = true;
                cancelMessage[0] = msg;
            }
            return any;
        };
        Consumer<Future<?>> onChildDone = child -> {
            finished[0]++;
            if (outer.done()) {
                // gather already threw an earlier failure: as asyncio does, this child's exception
                // counts as retrieved instead of being reported as lost when the child is collected.
                if (!child.cancelled()) {
                    child.rawException();
                }
                return;
            }
            // Once the waiter asked to cancel, gather ends cancelled only when every child is done
            // (the contract above); asyncio ends it at the first cancelled child, so a waiter could
            // move on while a sibling still ran its cleanup.
            if (!settled && !cancelRequested[0]) {
                if (child.cancelled()) {
                    outer.cancelSelf(child.cancelMessage());
                    return;
                }
                Throwable e = child.peekException();
                if (e != null) {
                    outer.fail(child.rawException());
                    return;
                }
            }
            if (finished[0] == n) {
                if (cancelRequested[0]) {
                    // The waiter asked to stop waiting: as asyncio does, what the children ended with
                    // counts as retrieved (gatherSettled promised not to raise it).
                    for (Future<?> c : children) {
                        if (!c.cancelled()) {
                            c.rawException();
                        }
                    }
                    outer.cancelSelf(cancelMessage[0]);
                    return;
                }
                List<Object> results = new ArrayList<>(n);
                for (Future<?> c : children) {
                    if (!settled) {
                        results.add(c.rawResult());
                    } else if (c.cancelled()) {
                        results.add(Outcome.failure(c.newCancelledError()));
                    } else if (c.peekException() != null) {
                        results.add(Outcome.failure(c.rawException()));
                    } else {
                        results.add(Outcome.success(c.rawResult()));
                    }
                }
                outer.complete(results);
            }
        };
        // One callback per occurrence, so a future given twice counts twice towards n. (Counting the
        // copies of each future with a nested scan made gather quadratic: minutes for 100k tasks.)
        for (Future<?> c : children) {
            c.addDoneCallback(onChildDone);
        }
        return outer;
    }
}
