package org.jasyncio;

import java.util.concurrent.CompletableFuture;

/**
 * A coroutine handed to a loop by {@link Asyncio#runCoroutineThreadsafe} from another thread: the
 * callback that starts its task on the loop, and the {@link CompletableFuture} the other thread waits on.
 *
 * <p>Invariant: the future is completed whatever happens, so the other thread's {@code get()} never
 * hangs: with the task's outcome; with the error if the task could not be created; or, if the loop
 * is closed before this callback ran, with an {@link IllegalStateException} saying so
 * ({@link EventLoop#close()} tells every dropped callback of this kind). asyncio leaves such a
 * future pending forever.
 */
final class ThreadsafeSubmission<T> implements EventLoop.DroppedAtClose {
    private final EventLoop loop;
    private final Coroutine<T> coroutine;
    private final CompletableFuture<T> result;

    ThreadsafeSubmission(EventLoop loop, Coroutine<T> coroutine, CompletableFuture<T> result) {
        this.loop = loop;
        this.coroutine = coroutine;
        this.result = result;
    }

    /** On the loop: starts the task and ties the future to it. */
    @Override
    public void run() {
        if (result.isDone()) {
            return; // cancelled by the other thread before it could start
        }
        Task<T> t;
        try {
            t = loop.createTask(coroutine);
        } catch (Throwable e) {
            result.completeExceptionally(e);
            return;
        }
        t.addCallbackInternal(f -> {
            if (f.cancelled()) {
                result.completeExceptionally(f.newCancelledError());
            } else if (f.peekException() != null) {
                result.completeExceptionally(f.rawException());
            } else {
                result.complete(f.rawResult());
            }
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                try {
                    loop.callSoonThreadsafe(t::cancel);
                } catch (IllegalStateException closed) {
                    // the loop is gone; nothing left to cancel
                }
            }
        });
    }

    /** The loop closed before {@link #run()}: the coroutine will never start. */
    @Override
    public void dropped() {
        result.completeExceptionally(new IllegalStateException(
                "runCoroutineThreadsafe(): " + loop + " was closed before the coroutine could start"));
    }

    @Override
    public String toString() {
        return "runCoroutineThreadsafe(" + coroutine + ")";
    }
}
