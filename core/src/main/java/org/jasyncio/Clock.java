package org.jasyncio;

/**
 * Where an {@link EventLoop} reads time (docs/design.md rule 6). The system clock is monotonic
 * ({@link System#nanoTime()}); {@link org.jasyncio.testing.VirtualClock} is a virtual one whose time
 * jumps to the next timer when the loop has nothing else to do.
 */
public interface Clock {
    /** Monotonic time in nanoseconds; only differences matter. */
    long nanos();

    /**
     * Called by the loop, on its thread, when it is idle until {@code deadlineNanos}: nothing ready,
     * no I/O or outside work pending; or after it waited that long in real time for I/O or for a
     * future of another thread (never while an executor job it awaits is running: see
     * {@link org.jasyncio.testing.VirtualClock} for the rule). A virtual clock may jump there and return
     * {@code true}; a real clock returns {@code false} and the loop waits.
     */
    default boolean idleUntil(long deadlineNanos) {
        return false;
    }

    /** Whether this clock is virtual (time moves only when the loop is idle or by hand). */
    default boolean isVirtual() {
        return false;
    }

    /** The monotonic system clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}

/** The monotonic system clock; one instance. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long nanos() {
        return System.nanoTime();
    }
}
