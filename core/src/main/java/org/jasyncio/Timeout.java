package org.jasyncio;

import java.time.Duration;

/**
 * A deadline for the block it guards (asyncio's {@code asyncio.timeout}): when it passes, the task
 * is cancelled with a {@link TimeoutError} at its current suspension point inside the block, and the
 * error propagates out of the block to the caller (docs/design.md rule 4).
 *
 * <pre>{@code
 * try (var t = Asyncio.timeout(Duration.ofSeconds(2))) {
 *     slowOperation();
 * } catch (TimeoutError e) {
 *     // took longer than 2 s; slowOperation was cancelled
 * }
 * }</pre>
 *
 * Timeouts nest: the one that expired is the one whose {@code TimeoutError} propagates; an inner
 * block's cleanup runs before the outer block sees it. Loop thread only; the block must run in the
 * task that created the timeout.
 */
public final class Timeout implements AutoCloseable {
    /**
     * asyncio's states, drawn as in {@code timeouts.py}:
     * <pre>
     * ENTERED --deadline passes--> EXPIRING --close()--> EXPIRED
     * ENTERED --close()----------> EXITED
     * </pre>
     * (asyncio's CREATED state does not exist: the factory enters at once.)
     */
    public enum State {
        ENTERED,
        EXPIRING,
        EXPIRED,
        EXITED
    }

    private final Task<?> task;
    private final EventLoop loop;
    /** How many cancellations the task had when the block was entered. */
    private final int cancellingAtEnter;

    private State state = State.ENTERED;
    /** The deadline in loop seconds; {@code +Infinity} for none. */
    private double when;
    /** The scheduled {@link #onDeadline}: a timer, or a soon callback for a deadline already past. */
    private Handle handle;
    /** The open timeout around this one in the same task, or {@code null}. Loop thread only. */
    private Timeout enclosing;
    /** What the expiry throws into the block (set on expiry; renewed when it must be thrown again). */
    private TimeoutError error;

    /**
     * A timeout for the current task's block, expiring at loop time {@code seconds}, or {@code seconds}
     * from now if {@code relative}.
     *
     * @param entry the public call that makes it, named if there is no task to guard
     */
    Timeout(String entry, double seconds, boolean relative) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException(
                    entry + " got NaN: a deadline must be a number of seconds, or +Infinity for none");
        }
        this.task = Task.requireCurrent(null, entry, "cancels the task that runs its block when the deadline passes");
        this.loop = task.getLoop();
        this.cancellingAtEnter = task.cancelling();
        reschedule(relative ? loop.time() + seconds : seconds);
        this.enclosing = task.innermostTimeout;
        task.innermostTimeout = this;
    }

    /** The deadline in loop time ({@link EventLoop#time()} seconds); {@code +Infinity} for none. */
    public double when() {
        return when;
    }

    /** The state, as drawn on {@link State}. */
    public State state() {
        return state;
    }

    /** Whether the deadline passed and the block was cancelled by it. */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * Moves the deadline to loop time {@code when} ({@code Double.POSITIVE_INFINITY}: no deadline). A
     * deadline already past expires at the loop's next iteration, before the block's next step.
     *
     * @throws IllegalStateException if the timeout expired or its block ended
     * @throws IllegalArgumentException if {@code when} is NaN (the timeout is then left as it was)
     */
    public void reschedule(double when) {
        if (state != State.ENTERED) {
            throw new IllegalStateException(
                    this + ": reschedule() is only possible while the block runs and before expiry");
        }
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException(
                    this + ": reschedule(NaN): a deadline must be a loop time in seconds," + " or +Infinity for none");
        }
        this.when = when;
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (when <= loop.time()) {
            // As asyncio does: a deadline already past expires through callSoon, so it is queued ahead
            // of the block's next step (a timer would run after it, and `sleep(0)` would slip through).
            handle = loop.callSoon(this::onDeadline);
        } else if (when != Double.POSITIVE_INFINITY) {
            handle = loop.callAt(when, this::onDeadline);
        }
    }

    /** Moves the deadline to {@code delay} from now. */
    public void rescheduleIn(Duration delay) {
        reschedule(loop.time() + Asyncio.nanos(delay) / 1e9);
    }

    private void onDeadline() {
        handle = null;
        if (state != State.ENTERED) {
            return;
        }
        state = State.EXPIRING;
        error = new TimeoutError(String.format("timed out: the deadline %.3f (loop time) of %s passed", when, this));
        task.cancelWith(error);
    }

    /**
     * Ends the block: cancels the deadline if it has not passed. If it passed, takes back the
     * cancellation it caused (asyncio's {@code uncancel()}); its {@link TimeoutError} is on its way
     * out of the block, or was caught inside it, or the work the block awaited absorbed the
     * cancellation and returned (then the block ends normally, as in asyncio).
     *
     * <p>When more cancellations were requested since the block began than this one (an outer
     * {@code cancel()}, an enclosing timeout that expired too) and the block got this timeout's own
     * error, that error stood for all of them at once, and the block may have caught it: the next one
     * is requested again, so that it reaches the task at its next suspension point. It is the nearest
     * enclosing timeout's {@code TimeoutError} if that one expired too, else a {@code CancelledError}.
     * asyncio gets the same effect by counting: each timeout converts the {@code CancelledError} only
     * if no other cancellation is left (cpython {@code timeouts.py}).
     */
    @Override
    public void close() {
        if (state == State.EXITED || state == State.EXPIRED) {
            throw new IllegalStateException(this + " closed twice");
        }
        unlink();
        if (state == State.ENTERED) {
            if (handle != null) {
                handle.cancel();
                handle = null;
            }
            state = State.EXITED;
            return;
        }
        state = State.EXPIRED;
        if (task.uncancel() > cancellingAtEnter && task.lastThrown() == error && !task.hasPendingThrow()) {
            Throwable next = task.outstandingCancellation();
            task.requestThrow(next, false, next.getMessage());
        }
    }

    /** The open timeout around this one in the same task, or {@code null}. */
    Timeout enclosing() {
        return enclosing;
    }

    /**
     * If the deadline passed and the block has not ended, a new error for it, to throw again (and
     * remembered, so that {@link #close()} knows it for its own); else {@code null}.
     */
    TimeoutError renewedErrorIfExpiring() {
        if (state != State.EXPIRING) {
            return null;
        }
        error = new TimeoutError(error.getMessage());
        return error;
    }

    /** Leaves the task's chain of open timeouts (normally the innermost; any order is tolerated). */
    private void unlink() {
        if (task.innermostTimeout == this) {
            task.innermostTimeout = enclosing;
            return;
        }
        for (Timeout t = task.innermostTimeout; t != null; t = t.enclosing) {
            if (t.enclosing == this) {
                // An inner timeout left open (not closed by try-with-resources): unlink this one only.
                t.enclosing = enclosing;
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "<Timeout " + state.name().toLowerCase()
                + (when == Double.POSITIVE_INFINITY ? " when=never" : String.format(" when=%.3f", when)) + ">";
    }
}
