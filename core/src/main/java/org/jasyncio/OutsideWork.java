package org.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work a loop waits for that runs elsewhere: jobs on executors ({@code runInExecutor},
 * {@code toThread}) and futures of other threads ({@code wrapFuture}), whose results come back
 * through {@link EventLoop#callSoonThreadsafe}. It counts them (a virtual clock must not jump while
 * any is pending, or a timeout would fire before a thread could answer), and owns the loop's default
 * executor.
 *
 * <p>Executor jobs are counted twice: as outside work until their result is back on the loop, and as
 * awaited jobs until their future is done ({@link #jobsAwaited}). A virtual clock stands still while
 * a job is awaited: the job is progress that needs no time to pass, whereas a future of another thread
 * or a peer's I/O may never come, and virtual time follows real time while the loop waits for those.
 */
final class OutsideWork {
    private final EventLoop loop;
    private final int loopId;
    /** Pieces of work started and not yet back on the loop. Any thread. */
    private final AtomicInteger pending = new AtomicInteger();
    /**
     * Executor jobs (runInExecutor, toThread, the default executor's shutdown) whose future is not
     * done yet; a job whose future was cancelled is no longer awaited, though its thread may still run.
     * Loop thread only.
     */
    private int awaitedJobs;
    /** Loop thread only. */
    private ExecutorService defaultExecutor;

    private boolean shutdownCalled;

    OutsideWork(EventLoop loop, int loopId) {
        this.loop = loop;
        this.loopId = loopId;
    }

    /** Whether some outside work has not come back yet. */
    boolean pending() {
        return pending.get() > 0;
    }

    int count() {
        return pending.get();
    }

    /** Whether the loop awaits an executor job: a future of runInExecutor (or toThread) not done yet. */
    boolean jobsAwaited() {
        return awaitedJobs > 0;
    }

    /** Counts {@code f}, a pending future of executor work, as awaited until it is done. */
    private void awaitJob(Future<?> f) {
        awaitedJobs++;
        f.addCallbackInternal(x -> awaitedJobs--);
    }

    void begin() {
        pending.incrementAndGet();
    }

    private void end() {
        pending.decrementAndGet();
    }

    <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
        Executor ex = executor != null ? executor : defaultExecutor();
        Future<T> f = loop.createFuture();
        begin();
        try {
            ex.execute(() -> {
                T value = null;
                Throwable error = null;
                try {
                    value = fn.call();
                } catch (Throwable t) {
                    error = t;
                }
                complete(f, value, error);
            });
        } catch (RejectedExecutionException e) {
            end();
            throw new IllegalStateException(ex + " rejected work for " + loop + " (shut down?)", e);
        }
        awaitJob(f);
        return f;
    }

    /** From any thread: completes {@code f} on the loop and ends one piece of outside work. */
    <T> void complete(Future<T> f, T value, Throwable error) {
        try {
            loop.callSoonThreadsafe(() -> {
                end();
                if (f.done()) {
                    return;
                }
                if (error == null) {
                    f.complete(value);
                } else if (error instanceof CancelledError && !(error instanceof TimeoutError)) {
                    f.cancel(error.getMessage());
                } else {
                    f.fail(error);
                }
            });
        } catch (IllegalStateException closed) {
            end();
        }
    }

    void setDefaultExecutor(ExecutorService executor) {
        this.defaultExecutor = executor;
    }

    private ExecutorService defaultExecutor() {
        if (shutdownCalled) {
            throw new IllegalStateException(
                    "the default executor of " + loop + " was shut down by shutdownDefaultExecutor()"
                            + " (Asyncio.run and Runner do so at the end): runInExecutor(null, ...) and toThread() cannot use it"
                            + " any more; pass an executor of your own");
        }
        if (defaultExecutor == null) {
            // asyncio's default: min(32, cpus + 4) threads, idle ones retired after a while.
            int n = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            AtomicInteger ids = new AtomicInteger();
            ThreadPoolExecutor ex =
                    new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "jasyncio-executor-" + loopId + "-" + ids.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            ex.allowCoreThreadTimeOut(true);
            defaultExecutor = ex;
        }
        return defaultExecutor;
    }

    /** Shuts the default executor down and waits (suspending the calling task) until its threads finish. */
    void shutdownDefaultExecutor() throws Exception {
        shutdownCalled = true;
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            return;
        }
        ex.shutdown();
        Future<Object> done = loop.createFuture();
        begin();
        awaitJob(done);
        Thread waiter = new Thread(
                () -> {
                    Throwable error = null;
                    try {
                        ex.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        error = e;
                    }
                    complete(done, null, error);
                },
                "jasyncio-executor-shutdown-" + loopId);
        waiter.setDaemon(true);
        waiter.start();
        done.await();
    }

    /** At loop close: stop the default executor's threads without waiting. */
    void closeNow() {
        ExecutorService ex = defaultExecutor;
        defaultExecutor = null;
        if (ex != null) {
            ex.shutdown();
        }
    }
}
