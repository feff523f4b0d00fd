package org.jasyncio.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Outcome;
import org.jasyncio.Task;
import org.jasyncio.TaskGroupError;
import org.jasyncio.internal.Throwables;

/**
 * {@code N} worker tasks draining a {@link Queue}: the asyncio worker model (create a queue, start
 * workers with {@code create_task}, {@code join} the queue, cancel the workers) as one object that
 * also stops its workers cleanly and reports every failed job.
 *
 * <p>The asyncio tutorials' worker example, 10 jobs and 3 workers:
 * <pre>{@code
 * try (WorkerPool<Integer> pool = WorkerPool.start(3, job -> {
 *     System.out.println(Asyncio.currentTask().getName() + " runs job " + job);
 *     Asyncio.sleep(1.0);
 * })) {
 *     for (int job = 1; job <= 10; job++) {
 *         pool.submit(job);
 *     }
 * }   // close(): no more jobs; the workers finish the queued ones and stop (4 s on the virtual clock);
 *     // if any job threw, a WorkerPoolError lists each failure with its item
 * }</pre>
 *
 * <p><b>Failures.</b> A job that throws does not stop its worker: the failure is recorded with its
 * item ({@link #failures()}) and the worker takes the next job. {@link #close()} throws them together
 * as a {@link WorkerPoolError}, so none is lost. A job's {@link CancelledError} that is not a
 * cancellation of the pool (for example a timeout inside the job) counts as a failure too.
 *
 * <p><b>Stopping.</b> {@link #close()} (try-with-resources) is the clean way: it
 * {@link Queue#shutdown() shuts the queue down}, lets the workers drain it, and waits for them.
 * {@link #cancel()} stops at once: queued jobs are dropped ({@code shutdown(true)}) and running ones
 * cancelled. If the task in {@code close()} is cancelled, the workers are cancelled and awaited before
 * the cancellation propagates: a pool never leaks its tasks.
 *
 * <p>For a fixed list of items, {@link #map} and {@link #mapSettled} are simpler: results in input
 * order, at most {@code concurrency} at a time. Loop thread only.
 *
 * @param <T> the job type
 */
public final class WorkerPool<T> implements AutoCloseable {
    /**
     * <pre>
     * RUNNING --close()--> CLOSING --every worker ended--> CLOSED
     * RUNNING/CLOSING --cancel()--> CANCELLING --every worker ended--> CLOSED (close() still reports)
     * </pre>
     */
    public enum State {
        RUNNING,
        CLOSING,
        CANCELLING,
        CLOSED
    }

    /**
     * What a worker does with one item.
     *
     * @param <T> the job type
     */
    @FunctionalInterface
    public interface Job<T> {
        /** Handles {@code item}; may suspend and may throw. */
        void run(T item) throws Exception;
    }

    /**
     * What {@link #map} and {@link #mapSettled} apply to each item.
     *
     * @param <T> the item type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Mapper<T, R> {
        /** The result for {@code item}; may suspend and may throw. */
        R apply(T item) throws Exception;
    }

    /**
     * A job that threw.
     *
     * @param item the item it was given
     * @param exception what it threw
     * @param <T> the job type
     */
    public record Failure<T>(T item, Throwable exception) {}

    /**
     * What a pool can report.
     *
     * @param state the current state
     * @param workers worker tasks still running
     * @param busy workers running a job now
     * @param queued jobs waiting in the queue
     * @param succeeded jobs that ended normally
     * @param failed jobs that threw
     */
    public record Statistics(State state, int workers, int busy, int queued, long succeeded, int failed) {}

    private final String name;
    private final Queue<T> queue;
    private final Job<? super T> job;
    private final List<Task<Void>> workers = new ArrayList<>();
    private final List<Failure<T>> failures = new ArrayList<>();
    /** Transitions as drawn on {@link State}. Loop thread only. */
    private State state = State.RUNNING;

    private int busy;
    private long succeeded;

    private WorkerPool(String name, int workers, Queue<T> queue, Job<? super T> job) {
        if (workers < 1) {
            throw new IllegalArgumentException("WorkerPool " + name + ": workers must be >= 1, got " + workers);
        }
        this.name = name;
        this.queue = Objects.requireNonNull(queue, "queue");
        this.job = Objects.requireNonNull(job, "job");
        for (int i = 1; i <= workers; i++) {
            this.workers.add(Asyncio.createTask(this::work, name + "-worker-" + i));
        }
    }

    /**
     * Starts {@code workers} tasks running {@code job} on the items {@link #submit submitted} to an
     * unbounded queue.
     *
     * @throws IllegalArgumentException if {@code workers < 1}
     * @throws IllegalStateException outside a running loop
     */
    public static <T> WorkerPool<T> start(int workers, Job<? super T> job) {
        return new WorkerPool<>("WorkerPool", workers, new Queue<>(), job);
    }

    /**
     * Starts {@code workers} tasks running {@code job} on the items of {@code queue}; anybody may put
     * into it. A bounded queue makes {@link #submit} wait while the workers are behind (back-pressure).
     * The pool shuts the queue down when it closes.
     */
    public static <T> WorkerPool<T> start(String name, int workers, Queue<T> queue, Job<? super T> job) {
        return new WorkerPool<>(name, workers, queue, job);
    }

    /**
     * Queues a job, waiting while a bounded queue is full.
     *
     * @throws IllegalStateException if the pool is closing or closed
     */
    public void submit(T item) {
        if (state != State.RUNNING) {
            throw new IllegalStateException("WorkerPool " + this + " is "
                    + state.name().toLowerCase() + ": submit() is refused once close() or cancel() was called");
        }
        queue.put(item);
    }

    /** The queue the workers drain. */
    public Queue<T> queue() {
        return queue;
    }

    /** Waits until every job submitted so far has been handled (the queue's {@link Queue#join()}). */
    public void join() {
        queue.join();
    }

    /**
     * Stops taking new jobs, lets the workers finish the queued ones, and waits for them to end.
     * Calling it again does nothing (after reporting once).
     *
     * @throws WorkerPoolError if any job failed (also after {@link #cancel()})
     * @throws CancelledError if the calling task is cancelled while waiting; the workers are cancelled
     *     and awaited first
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.RUNNING) {
            state = State.CLOSING;
        }
        queue.shutdown();
        try {
            awaitAll(workers);
        } finally {
            state = State.CLOSED;
        }
        if (!failures.isEmpty()) {
            throw new WorkerPoolError(toString(), new ArrayList<>(failures));
        }
    }

    /**
     * Stops at once: drops the queued jobs and cancels the running ones. Does not wait: call
     * {@link #close()} (or leave the try-with-resources block) to wait for the workers to end.
     */
    public void cancel() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CANCELLING;
        queue.shutdown(true);
        for (Task<Void> w : workers) {
            w.cancel("WorkerPool " + name + " was cancelled");
        }
    }

    /** The jobs that failed so far, with their items, in the order they failed. */
    public List<Failure<T>> failures() {
        return List.copyOf(failures);
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Workers, busy workers, queued jobs, and jobs done and failed. */
    public Statistics statistics() {
        int alive = (int) workers.stream().filter(w -> !w.done()).count();
        return new Statistics(state, alive, busy, queue.qsize(), succeeded, failures.size());
    }

    /**
     * Applies {@code fn} to each item, at most {@code concurrency} at a time, and returns every
     * outcome in input order: the bounded {@link Asyncio#gatherSettled gatherSettled}. One item's
     * failure does not stop the others.
     *
     * <pre>{@code
     * List<Outcome<String>> pages = WorkerPool.mapSettled(urls, 50, url -> fetch(url)); // 1000 URLs, 50 at a time
     * for (int i = 0; i < urls.size(); i++) {
     *     switch (pages.get(i)) {
     *         case Outcome.Success<String> ok -> save(urls.get(i), ok.value());
     *         case Outcome.Failure<String> failed -> log(urls.get(i) + " failed: " + failed.exception());
     *     }
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code concurrency < 1}
     * @throws CancelledError if the calling task is cancelled; the running items are cancelled and
     *     awaited first
     */
    public static <T, R> List<Outcome<R>> mapSettled(
            Collection<? extends T> items, int concurrency, Mapper<? super T, ? extends R> fn) {
        return WorkerPool.<T, R>newMap(items, concurrency, fn, false).run(concurrency);
    }

    /**
     * Applies {@code fn} to each item, at most {@code concurrency} at a time, and returns the results
     * in input order: the bounded {@link Asyncio#gather gather}. At the first failure no new item
     * starts, the running ones are cancelled, and the failure is thrown unchanged.
     *
     * <pre>{@code
     * List<Integer> sizes = WorkerPool.map(urls, 50, url -> fetch(url).length());
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code concurrency < 1}
     * @throws Exception the first item's failure, unchanged
     */
    public static <T, R> List<R> map(Collection<? extends T> items, int concurrency, Mapper<? super T, ? extends R> fn)
            throws Exception {
        BoundedMap<T, R> m = WorkerPool.<T, R>newMap(items, concurrency, fn, true);
        List<Outcome<R>> outcomes = m.run(concurrency);
        if (m.firstFailure() != null) {
            throw Throwables.rethrow(m.firstFailure());
        }
        List<R> results = new ArrayList<>(outcomes.size());
        for (Outcome<R> o : outcomes) {
            results.add(o.getOrThrow());
        }
        return results;
    }

    private static <T, R> BoundedMap<T, R> newMap(
            Collection<? extends T> items, int concurrency, Mapper<? super T, ? extends R> fn, boolean failFast) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("WorkerPool.map: concurrency must be >= 1, got " + concurrency);
        }
        Objects.requireNonNull(fn, "fn");
        return new BoundedMap<>(new ArrayList<T>(items), fn, failFast); // null items are allowed
    }

    // ---- the workers ----

    private void work() {
        while (true) {
            T item;
            try {
                item = queue.get();
            } catch (QueueShutDown noMoreJobs) {
                return;
            }
            busy++;
            try {
                job.run(item);
                succeeded++;
            } catch (CancelledError c) {
                if (Asyncio.currentTask().cancelling() > 0) {
                    throw c; // the pool (or its owner) is cancelling this worker
                }
                failures.add(new Failure<>(item, c));
            } catch (Exception e) {
                failures.add(new Failure<>(item, e));
            } finally {
                busy--;
                queue.taskDone();
            }
        }
    }

    /**
     * Waits for every worker to end. If the caller is cancelled meanwhile, cancels the workers, waits
     * for them, and rethrows. A worker that died of an {@link Error} has it rethrown here.
     */
    static void awaitAll(List<Task<Void>> workers) {
        if (workers.isEmpty()) {
            return;
        }
        // A cancellation of the caller, or a TaskGroupError thrown into it by an enclosing group:
        // either way the workers are cancelled and awaited, so none outlives the pool.
        Throwable cancelled = null;
        while (true) {
            try {
                Asyncio.wait(workers);
                break;
            } catch (CancelledError | TaskGroupError c) {
                if (cancelled == null) {
                    cancelled = c;
                }
                for (Task<Void> w : workers) {
                    w.cancel();
                }
            }
        }
        Throwable died = null;
        for (Task<Void> w : workers) {
            if (!w.cancelled() && w.exception() != null && died == null) {
                died = w.exception(); // only an Error escapes a worker's loop
            }
        }
        if (cancelled != null) {
            throw Throwables.<RuntimeException>sneaky(cancelled);
        }
        if (died != null) {
            throw Throwables.<RuntimeException>sneaky(died);
        }
    }

    @Override
    public String toString() {
        int alive = (int) workers.stream().filter(w -> !w.done()).count();
        return "<WorkerPool " + name + " " + state.name().toLowerCase() + " workers=" + alive + " busy=" + busy
                + " queued=" + queue.qsize() + " failed=" + failures.size() + ">";
    }
}
