package org.jasyncio;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jasyncio.internal.Throwables;

/**
 * The result of an operation that will complete later (asyncio's {@code Future}): set once, read
 * many times, with callbacks scheduled on its loop when it completes.
 *
 * <pre>{@code
 * Future<String> f = Asyncio.getRunningLoop().createFuture();
 * loop.callLater(Duration.ofSeconds(1), () -> f.setResult("done"));
 * String s = f.await();      // suspends this task for a second
 * }</pre>
 *
 * <p>Threading: loop thread only (including code running in its tasks). From another thread use
 * {@link EventLoop#callSoonThreadsafe} or {@link #toCompletableFuture()}.
 *
 * <p>A future whose exception nobody retrieved (by {@link #result()}, {@link #exception()},
 * {@link #await()}) is reported to the loop's exception handler when it is garbage collected, as in
 * asyncio: a failure is never lost silently.
 *
 * @param <T> the result type
 */
public sealed class Future<T> permits Task {
    /**
     * The future's state, asyncio's three.
     * <pre>
     * PENDING --setResult/setException--> FINISHED
     * PENDING --cancel-------------------> CANCELLED
     * </pre>
     */
    public enum State {
        PENDING,
        CANCELLED,
        FINISHED
    }

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "jasyncio-unretrieved-exceptions");
        t.setDaemon(true);
        return t;
    });

    final EventLoop loop;
    /** Loop thread only. Transitions as drawn on {@link State}; never leaves a final state. */
    private State state = State.PENDING;

    private T result;
    private Throwable exception;
    private String cancelMessage;
    /** null, one {@code Consumer}, or an {@code ArrayList} of them. Loop thread only. */
    private Object callbacks;
    /**
     * For composite futures (gather): what cancel() does instead of cancelling at once, e.g. cancel
     * the children and complete when they are done. Returns what cancel() returns.
     */
    java.util.function.Predicate<String> cancelHook;
    /** Set when an exception is stored; tells the GC-time report whether anyone looked at it. */
    private UnretrievedReport unretrieved;

    Future(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** The loop this future belongs to. */
    public final EventLoop getLoop() {
        return loop;
    }

    /** The current state. */
    public final State state() {
        return state;
    }

    /** Whether it has a result, an exception, or was cancelled. */
    public final boolean done() {
        return state != State.PENDING;
    }

    /** Whether it was cancelled. */
    public final boolean cancelled() {
        return state == State.CANCELLED;
    }

    /**
     * The result. Rethrows the stored exception unchanged, throws {@link CancelledError} if cancelled,
     * and {@link InvalidStateError} if not done yet.
     */
    public final T result() throws Exception {
        return switch (state) {
            case FINISHED -> {
                if (exception != null) {
                    markRetrieved();
                    throw Throwables.rethrow(exception);
                }
                yield result;
            }
            case CANCELLED -> throw newCancelledError();
            case PENDING -> throw new InvalidStateError(this + ": result() is not set yet; await() it instead");
        };
    }

    /**
     * The exception it completed with, or {@code null} if it completed with a result. Throws
     * {@link CancelledError} if cancelled and {@link InvalidStateError} if not done.
     */
    public final Throwable exception() {
        return switch (state) {
            case FINISHED -> {
                markRetrieved();
                yield exception;
            }
            case CANCELLED -> throw newCancelledError();
            case PENDING -> throw new InvalidStateError(this + ": exception() is not set yet");
        };
    }

    /**
     * Completes it with a value and schedules its callbacks.
     *
     * @throws InvalidStateError if it is already done
     */
    public final void setResult(T value) {
        refuseForTask("setResult");
        loop.checkThread("Future.setResult");
        complete(value);
    }

    /** Completes it with a value; the task-internal path (no task check). */
    final void complete(T value) {
        requirePending("setResult");
        this.result = value;
        this.state = State.FINISHED;
        scheduleCallbacks();
    }

    /**
     * Completes it with an exception and schedules its callbacks.
     *
     * @throws InvalidStateError if it is already done
     * @throws IllegalArgumentException for a {@link CancelledError} that is not a {@link TimeoutError}:
     *     use {@link #cancel(String)} to cancel
     */
    public final void setException(Throwable exc) {
        refuseForTask("setException");
        loop.checkThread("Future.setException");
        fail(exc);
    }

    /** Completes it with an exception; the task-internal path (no task check). */
    final void fail(Throwable exc) {
        requirePending("setException");
        Objects.requireNonNull(exc, "exception");
        if (exc instanceof CancelledError && !(exc instanceof TimeoutError)) {
            throw new IllegalArgumentException(
                    this + ": setException(CancelledError) is not allowed; call cancel() instead");
        }
        this.exception = exc;
        this.state = State.FINISHED;
        this.unretrieved = UnretrievedReport.register(this, exc);
        scheduleCallbacks();
    }

    /** Cancels it: schedules its callbacks and returns {@code true}, or {@code false} if already done. */
    public boolean cancel() {
        return cancel(null);
    }

    /** Cancels it with a message that the {@link CancelledError} will carry. */
    public boolean cancel(String msg) {
        if (state != State.PENDING) {
            return false;
        }
        loop.checkThread("Future.cancel");
        if (cancelHook != null) {
            return cancelHook.test(msg);
        }
        this.cancelMessage = msg;
        this.state = State.CANCELLED;
        scheduleCallbacks();
        return true;
    }

    /**
     * Adds a callback called with this future once it is done, through {@link EventLoop#callSoon}; if it
     * is done already the callback is scheduled at once.
     */
    public final void addDoneCallback(Consumer<? super Future<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        loop.checkThread("addDoneCallback");
        if (state != State.PENDING) {
            loop.callSoon(() -> callback.accept(this));
            return;
        }
        addCallbackInternal(callback);
    }

    /**
     * Removes every registration of {@code callback}; returns how many were removed.
     *
     * @throws IllegalStateException if called from another thread while the loop runs (as
     *     {@link #addDoneCallback} does)
     */
    public final int removeDoneCallback(Consumer<? super Future<T>> callback) {
        loop.checkThread("removeDoneCallback");
        return removeCallbackInternal(callback);
    }

    /** {@link #removeDoneCallback} without the thread check: the runtime's own, on the loop thread. */
    final int removeCallbackInternal(Consumer<? super Future<T>> callback) {
        Object cbs = callbacks;
        if (cbs == null) {
            return 0;
        }
        if (!(cbs instanceof ArrayList<?> list)) {
            if (cbs == callback) {
                callbacks = null;
                return 1;
            }
            return 0;
        }
        int before = list.size();
        list.removeIf(c -> c == callback);
        return before - list.size();
    }

    /**
     * Waits for it inside a task and returns its result, rethrowing its exception unchanged;
     * {@link CancelledError} if it was cancelled. Returns at once, without suspending, if already done.
     * If the waiting task is cancelled, this future is cancelled too (asyncio's semantics; use
     * {@link Asyncio#shield} to protect it), and it decides: if it ends cancelled, so does this call;
     * if it absorbs the cancellation (a task that catches it and returns a value, or fails with
     * another exception), this call returns that value or throws that exception.
     *
     * <p>Outside a task it fails even when the future is done and there is nothing to wait for
     * (docs/design.md rule 2: a waiting call fails at once anywhere but inside a task, whatever the state
     * of what it waits for, so the mistake shows the first time the code runs). Use {@link #result()}
     * to read a done future anywhere.
     *
     * @throws IllegalStateException if not called inside a task, or, when it must wait, inside a task
     *     of another loop than this future's
     */
    public final T await() throws Exception {
        if (state == State.PENDING) {
            Task.requireCurrent(loop, "await()").awaitDone(this);
        } else {
            Task.requireCurrent(null, "await()");
        }
        return result();
    }

    /**
     * A {@link CompletableFuture} completed (from the loop thread) when this completes, for code on
     * other threads. Cancelling the returned future does not cancel this one.
     */
    public final CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>();
        addDoneCallback(f -> {
            if (f.cancelled()) {
                cf.completeExceptionally(f.newCancelledError());
            } else if (f.exception != null) {
                f.markRetrieved();
                cf.completeExceptionally(f.exception);
            } else {
                cf.complete(f.result);
            }
        });
        return cf;
    }

    // ---- for the package ----

    /** Adds a callback without the thread check and without scheduling (already known pending). */
    final void addCallbackInternal(Consumer<? super Future<T>> callback) {
        Object cbs = callbacks;
        if (cbs == null) {
            callbacks = callback;
        } else if (cbs instanceof ArrayList<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            l.add(callback);
        } else {
            ArrayList<Object> l = new ArrayList<>(4);
            l.add(cbs);
            l.add(callback);
            callbacks = l;
        }
    }

    /** The raw value once finished normally; no checks. */
    final T rawResult() {
        return result;
    }

    /** The raw exception once finished; no checks, marks it retrieved. */
    final Throwable rawException() {
        if (exception != null) {
            markRetrieved();
        }
        return exception;
    }

    /** The exception once finished, without marking it retrieved. */
    final Throwable peekException() {
        return exception;
    }

    final String cancelMessage() {
        return cancelMessage;
    }

    final CancelledError newCancelledError() {
        return new CancelledError(cancelMessage);
    }

    final void markRetrieved() {
        UnretrievedReport r = unretrieved;
        if (r != null) {
            unretrieved = null;
            r.retrieved();
        }
    }

    /** Lets a task be cancelled through the generic path. */
    final boolean cancelSelf(String msg) {
        if (state != State.PENDING) {
            return false;
        }
        this.cancelMessage = msg;
        this.state = State.CANCELLED;
        scheduleCallbacks();
        return true;
    }

    void describe(StringBuilder sb) {
        sb.append(state.name().toLowerCase());
        if (state == State.FINISHED) {
            if (exception != null) {
                sb.append(" exception=").append(exception);
            } else {
                sb.append(" result=").append(abbreviate(String.valueOf(result)));
            }
        }
        int n = callbacks == null ? 0 : callbacks instanceof ArrayList<?> l ? l.size() : 1;
        if (n > 0) {
            sb.append(" callbacks=").append(n);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Future ");
        describe(sb);
        return sb.append('>').toString();
    }

    private void refuseForTask(String method) {
        if (this instanceof Task) {
            throw new UnsupportedOperationException(
                    this + ": a Task does not support " + method + "(): its coroutine's outcome is its result");
        }
    }

    private void requirePending(String method) {
        if (state != State.PENDING) {
            throw new InvalidStateError(this + ": " + method + "() called on a future that is already done");
        }
    }

    private void scheduleCallbacks() {
        Object cbs = callbacks;
        if (cbs == null) {
            return;
        }
        callbacks = null;
        if (cbs instanceof ArrayList<?> list) {
            for (Object c : list) {
                scheduleOne(c);
            }
        } else {
            scheduleOne(cbs);
        }
    }

    @SuppressWarnings("unchecked")
    private void scheduleOne(Object c) {
        Consumer<? super Future<T>> cb = (Consumer<? super Future<T>>) c;
        loop.scheduleInternal(new CallbackRunner<>(cb, this));
    }

    /** A done-callback bound to its future; a record so error reports show what it was. */
    private record CallbackRunner<T>(Consumer<? super Future<T>> callback, Future<T> future)
            implements Runnable, EventLoop.HandedStep {
        @Override
        public void run() {
            callback.accept(future);
        }

        /** A task's wake-up by this future, begun by a strand handing the baton on (the virtual engine). */
        @Override
        public org.jasyncio.internal.Strand beginHandedStep() {
            return callback instanceof EventLoop.HandedWake wake ? wake.beginHandedWake(future) : null;
        }
    }

    /**
     * The report of an exception nobody retrieved, made when the future is collected (from the
     * cleaner thread) or, for futures still alive then, when their loop closes. It must not reference
     * the future (or the future would never be collected), so it holds what the report needs.
     * Whichever comes first of retrieval, collection and loop close settles it; only the latter two report.
     */
    static final class UnretrievedReport implements Runnable {
        private final EventLoop loop;
        private final Throwable exception;
        private final String what;
        private final Throwable creationSite;
        private final java.util.concurrent.atomic.AtomicBoolean settled =
                new java.util.concurrent.atomic.AtomicBoolean();

        private UnretrievedReport(EventLoop loop, Throwable exception, String what, Throwable creationSite) {
            this.loop = loop;
            this.exception = exception;
            this.what = what;
            this.creationSite = creationSite;
        }

        static UnretrievedReport register(Future<?> f, Throwable exc) {
            String what = f instanceof Task<?> t
                    ? "Task exception was never retrieved: <Task name=" + t.getName() + ">"
                    : "Future exception was never retrieved";
            Throwable site = f instanceof Task<?> t ? t.creationSite() : null;
            UnretrievedReport r = new UnretrievedReport(f.loop, exc, what, site);
            f.loop.trackUnretrieved(r);
            CLEANER.register(f, r);
            return r;
        }

        /** Marks it retrieved: nothing will be reported. */
        void retrieved() {
            if (settled.compareAndSet(false, true)) {
                loop.forgetUnretrieved(this);
            }
        }

        /** The cleaner's action: the future was collected. */
        @Override
        public void run() {
            if (settled.compareAndSet(false, true)) {
                loop.forgetUnretrieved(this);
                loop.reportFromAnyThread(context());
            }
        }

        /** Called by the loop as it closes, for futures still alive; reports unless settled. */
        void reportAtClose() {
            if (settled.compareAndSet(false, true)) {
                loop.callExceptionHandler(context());
            }
        }

        private ExceptionContext context() {
            JfrEvents.unretrieved(what, exception);
            return new ExceptionContext(
                    what,
                    exception,
                    null,
                    null,
                    creationSite == null ? java.util.Map.of() : java.util.Map.of("source_traceback", creationSite));
        }
    }

    /**
     * For call graphs: the futures a composite future (gather's) waits for, so that a task awaiting it
     * shows as awaiting each of them; {@code null} for a plain future. Loop thread only.
     */
    List<? extends Future<?>> gathered;
}
