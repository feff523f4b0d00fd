package org.jasyncio;

/**
 * A callback scheduled on an {@link EventLoop} by {@code callSoon} (asyncio's {@code Handle}).
 * {@link #cancel()} keeps it from running if it has not run yet.
 *
 * <p>Loop thread only, except a handle from {@link EventLoop#callSoonThreadsafe}, whose
 * {@code cancel()} may race with the loop: it is then best-effort, as in asyncio.
 */
public sealed class Handle permits TimerHandle {
    /** Whether the callback was cancelled before it ran. Transitions only false -> true. */
    private volatile boolean cancelled;
    private Runnable callback;
    final EventLoop loop;

    Handle(EventLoop loop, Runnable callback) {
        this.loop = loop;
        this.callback = callback;
    }

    /** Keeps the callback from running; does nothing if it already ran or was cancelled. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null;
        }
    }

    /** Whether {@link #cancel()} was called. */
    public final boolean cancelled() {
        return cancelled;
    }

    /** The loop this handle belongs to. */
    public final EventLoop getLoop() {
        return loop;
    }

    /** Runs the callback unless cancelled. Called by the loop's {@code runOnce()} only. */
    final void run() {
        Runnable c = callback;
        if (c != null && !cancelled) {
            c.run();
        }
    }

    /** The callback, for error reports; {@code null} once cancelled. */
    final Runnable callback() {
        return callback;
    }

    @Override
    public String toString() {
        return "<Handle " + (cancelled ? "cancelled" : String.valueOf(callback)) + ">";
    }
}
