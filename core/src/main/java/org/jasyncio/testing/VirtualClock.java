package org.jasyncio.testing;

import java.time.Duration;

import org.jasyncio.Clock;

/**
 * A virtual clock for deterministic tests (Trio's {@code MockClock} with autojump): time moves only
 * when the loop has nothing to do but wait for a timer, and then it jumps straight to that timer. So
 * {@code sleep(3600)} returns at once with {@code loop.time()} advanced by exactly 3600, and timeouts,
 * rate limits and retries are tested in microseconds. While I/O or outside work (executor jobs) is
 * pending, the loop waits in real time and virtual time follows it.
 *
 * <pre>{@code
 * Asyncio.run(() -> { Asyncio.sleep(3600); }, RunOptions.defaults().withVirtualClock());
 * }</pre>
 *
 * With autojump off, time moves only by {@link #advance}. A virtual clock also turns a hang into an
 * error: when every task waits and nothing can ever wake them, the loop fails with a deadlock report.
 */
public final class VirtualClock implements Clock {
    /** Virtual nanoseconds. Written by the loop thread (or {@link #advance}); volatile for readers elsewhere. */
    private volatile long now;
    private final boolean autojump;

    /** A clock at 0 that jumps to the next timer whenever the loop is idle. */
    public VirtualClock() {
        this(true);
    }

    /** A clock at 0; with {@code autojump} false, only {@link #advance} moves it. */
    public VirtualClock(boolean autojump) {
        this.autojump = autojump;
    }

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public boolean idleUntil(long deadlineNanos) {
        if (!autojump) {
            return false;
        }
        if (deadlineNanos - now > 0) {
            now = deadlineNanos;
        }
        return true;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    /** Whether time jumps when the loop is idle. */
    public boolean autojump() {
        return autojump;
    }

    /** Moves time forward by {@code d} (timers now due run at the loop's next iteration). */
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
