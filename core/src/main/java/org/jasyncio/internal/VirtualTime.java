package org.jasyncio.internal;

import java.time.Duration;

/**
 * The time of a virtual clock: the arithmetic behind {@code org.jasyncio.testing.VirtualClock}, the
 * public face, and behind {@code RunOptions.withVirtualClock()}, which lives in the root package and so
 * may not use the testing package (ARCHITECTURE.md: the package graph has no cycle through testing).
 * JDK only, as the rest of this package.
 */
public final class VirtualTime {
    /** Virtual nanoseconds. Written by the loop thread (or {@link #advance}); volatile for readers elsewhere. */
    private volatile long now;

    private final boolean autojump;

    /** A time at 0; with {@code autojump}, it jumps to the loop's next timer whenever the loop is idle. */
    public VirtualTime(boolean autojump) {
        this.autojump = autojump;
    }

    /** The virtual time in nanoseconds. */
    public long nanos() {
        return now;
    }

    /**
     * The loop is idle until {@code deadlineNanos}: with autojump, jumps there (never back) and returns
     * {@code true}; without, returns {@code false} and time stays.
     */
    public boolean idleUntil(long deadlineNanos) {
        if (!autojump) {
            return false;
        }
        if (deadlineNanos - now > 0) {
            now = deadlineNanos;
        }
        return true;
    }

    /** Whether time jumps when the loop is idle. */
    public boolean autojump() {
        return autojump;
    }

    /** Moves time forward by {@code d}; a negative {@code d} is refused. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: advance(" + d + ")");
        }
        now += d.toNanos();
    }

    @Override
    public String toString() {
        return "<VirtualClock now=" + now / 1e9 + "s" + (autojump ? " autojump" : "") + ">";
    }
}
