package org.jasyncio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * A callback scheduled on an {@link EventLoop} by {@code callSoon} (asyncio's {@code Handle}).
 * {@link #cancel()} keeps it from running if it has not run yet.
 *
 * <p>Loop thread only, except a handle from {@link EventLoop#callSoonThreadsafe}, whose
 * {@code cancel()} may race with the loop: it is then best-effort, as in asyncio.
 */
public sealed class Handle permits TimerHandle {
    /**
     * Where the callback is.
     * <pre>
     * PENDING --the loop's runOnce() runs it--> RAN
     * PENDING --cancel()------------------------> CANCELLED (the callback is dropped: it never runs)
     * RAN     --cancel()------------------------> CANCELLED (too late to matter; as asyncio, cancelled() then says so)
     * </pre>
     * CANCELLED is final. A callback that cancels its own handle while it runs moves it RAN -> CANCELLED.
     */
    public enum State {
        PENDING,
        RAN,
        CANCELLED
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Handle.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Transitions as drawn on {@link State}. Volatile because {@link #cancel()} of a
     * {@code callSoonThreadsafe} handle may come from another thread and the loop must see it. The
     * loop's own writes (PENDING in the constructor, RAN in {@link #run()}) are plain writes through
     * {@link #STATE}: every callback makes both, and a volatile write costs a fence on the loop's
     * hottest path (the boolean this replaced was written only by cancel()). The price is the race
     * the class comment already allows: another thread's cancel() landing while the loop starts the
     * callback may be overwritten by RAN, and the callback runs, as it would have anyway.
     */
    private volatile State state;
    /** The callback; dropped ({@code null}) once cancelled, so a cancelled handle keeps nothing alive. */
    private Runnable callback;

    final EventLoop loop;

    Handle(EventLoop loop, Runnable callback) {
        STATE.set(this, State.PENDING);
        this.loop = loop;
        this.callback = callback;
    }

    /** A handle for a runtime callback that already ran and failed: the exception report's handle. */
    static Handle ran(EventLoop loop, Runnable callback) {
        Handle h = new Handle(loop, callback);
        STATE.set(h, State.RAN);
        return h;
    }

    /**
     * Keeps the callback from running if it has not run yet; does nothing if it was cancelled
     * already. As asyncio's, a handle whose callback already ran is still marked cancelled.
     */
    public void cancel() {
        if (state != State.CANCELLED) {
            state = State.CANCELLED;
            callback = null;
        }
    }

    /** Whether {@link #cancel()} was called. */
    public final boolean cancelled() {
        return state == State.CANCELLED;
    }

    /** The state, as drawn on {@link State}. */
    public final State state() {
        return state;
    }

    /** The loop this handle belongs to. */
    public final EventLoop getLoop() {
        return loop;
    }

    /** Runs the callback if it is pending. Called by the loop's {@code runOnce()} only. */
    final void run() {
        Runnable c = callback;
        if (c != null && state == State.PENDING) {
            STATE.set(this, State.RAN); // before the call: a callback may cancel its own handle
            c.run();
        }
    }

    /**
     * Begins the step this handle would run, on a strand's thread that hands the baton on (the
     * virtual engine: see {@code EventLoop.HandedStep}), and marks the handle run; {@code null} (and
     * nothing done) unless the handle is pending and its callback a plain task step.
     */
    final org.jasyncio.internal.Strand beginHandedStep() {
        if (state == State.PENDING && callback instanceof EventLoop.HandedStep step) {
            org.jasyncio.internal.Strand next = step.beginHandedStep();
            if (next != null) {
                STATE.set(this, State.RAN);
            }
            return next;
        }
        return null;
    }

    /** The callback, for error reports; {@code null} once cancelled. */
    final Runnable callback() {
        return callback;
    }

    /** {@code <Handle pending cb>}, {@code <TimerHandle cancelled when=2.5>}, ... */
    @Override
    public final String toString() {
        return describe(true);
    }

    /**
     * The handle as {@link #toString()} shows it, or without the state as asyncio prints a handle in
     * the slow-callback warning ({@code Executing <Handle cb> took 0.120 seconds}: it has just run).
     */
    final String describe(boolean withState) {
        StringBuilder sb = new StringBuilder(this instanceof TimerHandle ? "<TimerHandle" : "<Handle");
        if (withState) {
            sb.append(' ').append(state.name().toLowerCase(Locale.ROOT));
        }
        if (this instanceof TimerHandle t) {
            sb.append(" when=").append(t.when());
        }
        Runnable c = callback;
        if (c != null) {
            sb.append(' ').append(c);
        }
        return sb.append('>').toString();
    }
}
