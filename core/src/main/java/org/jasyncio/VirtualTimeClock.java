package org.jasyncio;

import org.jasyncio.internal.VirtualTime;

/**
 * The clock {@link RunOptions#withVirtualClock()} gives the loop: a {@link VirtualTime} that jumps to
 * the next timer whenever the loop is idle. It behaves as {@code new org.jasyncio.testing.VirtualClock()}
 * (the same time, also shown the same way), which the root package may not name: the testing package
 * is above it in the package graph (ARCHITECTURE.md).
 */
final class VirtualTimeClock implements Clock {
    private final VirtualTime time = new VirtualTime(true);

    @Override
    public long nanos() {
        return time.nanos();
    }

    @Override
    public boolean idleUntil(long deadlineNanos) {
        return time.idleUntil(deadlineNanos);
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public String toString() {
        return time.toString();
    }
}
