package org.jasyncio;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Structured concurrency (asyncio's {@code TaskGroup}, docs/design.md rule 5): tasks created in the group
 * finish before the block does.
 *
 * <pre>{@code
 * try (var tg = new TaskGroup()) {
 *     var a = tg.createTask(() -> fetch("a"));
 *     var b = tg.createTask(() -> fetch("b"));
 * }   // waits for both; if one fails, the other is cancelled and TaskGroupError lists the failures
 * }</pre>
 *
 * <ul>
 *   <li>{@code close()} waits for every child, including those created while it waits.
 *   <li>The first child failure cancels every other child, and interrupts the block with a
 *       {@link TaskGroupError} at its next suspension point (where asyncio cancels the parent task).
 *       {@code close()} then waits for the children and throws a new {@code TaskGroupError} listing
 *       every failure. It cannot tell whether the block let the first error out or caught it and
 *       carried on, and the second case must not lose the failures: so it always throws a new object
 *       (never the same one: Java forbids an exception suppressing itself). When the first error is on
 *       its way out, try-with-resources drops the new one: the first was made not to accept suppressed
 *       exceptions, since the copy would print the same failures twice; when the block caught it, the
 *       new error is what leaves the block.
 *   <li>If the block is cancelled (an enclosing {@link Timeout}, or the task's cancellation), or
 *       interrupted by an enclosing group's {@code TaskGroupError}, the children are cancelled and
 *       awaited, and the cancellation propagates. If this group failed too, its {@code TaskGroupError}
 *       wins, and the interruption is requested again: it reaches the task at its next suspension
 *       point, even if the block catches the group's error (asyncio re-cancels the parent task).
 *   <li>If the block throws an exception of its own, Java gives {@code close()} no way to see it: the
 *       children are awaited, not cancelled; the block's exception wins and child failures are added
 *       to it as suppressed. Cancel explicitly ({@link #cancelAll()}) if the block may fail early.
 * </ul>
 * Loop thread only; the group belongs to the task that created it.
 */
public final class TaskGroup implements AutoCloseable {
    /**
     * <pre>
     * OPEN --close()--> EXITING --last child done--> CLOSED
     * </pre>
     * While OPEN or EXITING tasks may be added, unless a child failed (the group is aborting).
     */
    public enum State {
        OPEN,
        EXITING,
        CLOSED
    }

    private final Task<?> parent;
    private final EventLoop loop;
    /** How many cancellations the parent had when the group was made. */
    private final int cancellingAtEnter;
    /** Children not yet done. Loop thread only. */
    private final Set<Task<?>> children = new LinkedHashSet<>();

    private State state = State.OPEN;
    /** Whether a child failed and the others are being cancelled. */
    private boolean aborting;
    /** The failures so far; created at the first one. */
    private TaskGroupError error;
    /** Whether {@link #error} was handed to the parent to throw inside the block. */
    private boolean interruptSent;
    /** Completed when the last child is done while close() waits. */
    private Future<Void> allDone;
    /** How many children were created in all. Loop thread only. */
    private int created;

    /** A group owned by the current task. */
    public TaskGroup() {
        this.parent = Task.requireCurrent(
                null,
                "new TaskGroup()",
                "belongs to the task that runs its block (close() waits" + " for the children there)");
        this.loop = parent.getLoop();
        this.cancellingAtEnter = parent.cancelling();
    }

    /** Creates a child task running {@code coroutine}. */
    public <T> Task<T> createTask(Coroutine<T> coroutine) {
        return createTask(coroutine, null);
    }

    /** Creates a named child task running {@code coroutine}. */
    public <T> Task<T> createTask(Coroutine<T> coroutine, String name) {
        if (state == State.CLOSED) {
            throw new IllegalStateException(
                    "TaskGroup " + this + " is closed: createTask() must be called inside its block");
        }
        if (aborting) {
            throw new IllegalStateException(
                    "TaskGroup " + this + " is shutting down because a child failed: createTask() is refused");
        }
        Task<T> t = loop.createTask(coroutine, name);
        created++;
        t.group = this;
        children.add(t);
        t.addCallbackInternal(this::onChildDone);
        return t;
    }

    /** Creates a child task running a block that returns nothing. */
    public Task<Void> createTask(VoidCoroutine coroutine) {
        return createTask(coroutine.asCoroutine(), null);
    }

    /** Creates a named child task running a block that returns nothing. */
    public Task<Void> createTask(VoidCoroutine coroutine, String name) {
        return createTask(coroutine.asCoroutine(), name);
    }

    /** Cancels every child still running (the group stays usable, unlike after a failure). */
    public void cancelAll() {
        for (Task<?> t : Set.copyOf(children)) {
            t.cancel();
        }
    }

    /** The state, as drawn on {@link State}. */
    public State state() {
        return state;
    }

    /** The children not yet done. */
    public Set<Task<?>> tasks() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(children));
    }

    private void onChildDone(Future<?> f) {
        Task<?> t = (Task<?>) f;
        children.remove(t);
        if (!t.cancelled()) {
            Throwable e = t.rawException();
            if (e != null) {
                childFailed(e);
            }
        }
        if (children.isEmpty() && allDone != null && !allDone.done()) {
            allDone.complete(null);
        }
    }

    private void childFailed(Throwable e) {
        if (error != null) {
            error.add(e);
            return;
        }
        // Thrown into the block, it must not accept suppressed errors: see TaskGroupError's constructor.
        boolean toBlock = state == State.OPEN && !parent.done() && !parent.hasPendingThrow();
        error = new TaskGroupError(this, e, !toBlock);
        abort();
        // Interrupt the block only if nothing else is on its way to it: requestThrow keeps an earlier
        // pending throwable (an outer cancel or a timeout; the first one wins), and then this error
        // would never surface in the block, while close() would believe it propagates and drop it.
        if (toBlock) {
            interruptSent = true;
            parent.requestThrow(error, false, null);
        }
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : Set.copyOf(children)) {
            t.cancel();
        }
    }

    /**
     * Waits for every child. Throws a {@link TaskGroupError} listing every failure if any child failed
     * (a new one if the block was interrupted with one: see the class comment), else a cancellation
     * received while waiting, once the children are done. Declares no checked exception: all it throws
     * is unchecked ({@code TaskGroupError}, {@link CancelledError}), so a block needs no catch for it.
     *
     * @throws IllegalStateException if called twice or from another task than the one that created the group
     */
    @Override
    public void close() {
        if (state != State.OPEN) {
            throw new IllegalStateException("TaskGroup " + this + " closed twice");
        }
        Task<?> me = Task.requireCurrent(loop, "TaskGroup.close()");
        if (me != parent) {
            throw new IllegalStateException("TaskGroup " + this + " belongs to " + parent + " but is closed by " + me);
        }
        state = State.EXITING;
        Throwable got = parent.inFlight();
        if (!aborting
                && (parent.cancelling() > cancellingAtEnter
                        || got instanceof CancelledError
                        || got instanceof TaskGroupError)) {
            // The block is being cancelled (outer cancel or timeout) or interrupted by an enclosing
            // group's failure (asyncio: its __aexit__ sees the CancelledError): cancel the children too.
            // Java does not show close() the block's exception, so what the block's last suspension
            // threw stands in for it, with the cancellations requested since the block began (counting
            // from zero would also cancel them for a cancellation absorbed before the group began).
            abort();
        }
        // What stopped the wait: a cancellation, or an enclosing group's TaskGroupError thrown into
        // this task. Either way the children are cancelled and still awaited: none may outlive the block.
        RuntimeException interruptedBy = null;
        CancelledError cancelled = null;
        boolean ownErrorCaughtHere = false;
        while (!children.isEmpty()) {
            allDone = loop.createFuture();
            try {
                parent.awaitDone(allDone);
            } catch (CancelledError c) {
                if (cancelled == null && interruptedBy == null) {
                    cancelled = c;
                }
                abort();
            } catch (TaskGroupError outer) {
                if (outer == error) {
                    // This group's own interrupt, still on its way when the block ended: the block never saw it.
                    ownErrorCaughtHere = true;
                } else if (cancelled == null && interruptedBy == null) {
                    interruptedBy = outer;
                }
                abort();
            }
        }
        allDone = null;
        state = State.CLOSED;
        if (error != null) {
            boolean stillPending = parent.clearPendingThrow(error) || ownErrorCaughtHere;
            // The group's own failures win, as in asyncio; but an interruption received while waiting
            // (a cancellation, a timeout, an enclosing group's error) is not dropped with them: it is
            // requested again, so it reaches the task at its next suspension point even if the block
            // catches this TaskGroupError (asyncio's __aexit__ uncancels and re-cancels the parent).
            Throwable again = cancelled != null && parent.cancelling() > 0 ? cancelled : interruptedBy;
            if (again == null && interruptSent && !stillPending && parent.cancelling() > cancellingAtEnter) {
                // A cancellation requested while this group's error was on its way into the block was
                // delivered as that error (the first request wins), and the block may have caught it.
                again = parent.outstandingCancellation();
            }
            if (again != null) {
                parent.requestThrow(again, false, again.getMessage());
            }
            if (!interruptSent || stillPending) {
                throw error; // the block never saw it
            }
            // It was thrown inside the block: either it propagates now (and try-with-resources drops
            // what this throws: the error takes no suppressed ones) or the block caught it and carried on, and then
            // returning would lose every failure. Only a new object may be thrown: the same one would
            // make try-with-resources call error.addSuppressed(error), an IllegalArgumentException.
            throw error.copy();
        }
        if (cancelled != null) {
            throw parent.rethrown(cancelled);
        }
        if (interruptedBy != null) {
            throw parent.rethrown(interruptedBy);
        }
    }

    /** How many child tasks the group has created in all (for TaskGroupError's message). */
    int createdCount() {
        return created;
    }

    /** The task whose block the group belongs to (for call graphs: it awaits the children). */
    Task<?> parentTask() {
        return parent;
    }

    @Override
    public String toString() {
        return "<TaskGroup tasks=" + children.size() + " state=" + state.name().toLowerCase()
                + (aborting ? " aborting" : "") + ">";
    }
}
