package org.jasyncio.testing;

import java.time.Duration;

import org.jasyncio.Clock;
import org.jasyncio.internal.VirtualTime;

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
    /** The time itself, shared with the clock {@code RunOptions.withVirtualClock()} makes. */
    private final VirtualTime time;

    /** A clock at 0 that jumps to the next timer whenever the loop is idle. */
    public VirtualClock() {
        this(true);
    }

    /** A clock at 0; with {@code autojump} false, only {@link #advance} moves it. */
    public VirtualClock(boolean autojump) {
        this.time = new VirtualTime(autojump);
    }

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

    /** Whether time jumps when the loop is idle. */
    public boolean autojump() {
        return time.autojump();
    }

    /** Moves time forward by {@code d} (timers now due run at the loop's next iteration). */
    public void advance(Duration d) {
        time.advance(d);
    }

    @Override
    public String toString() {
        return time.toString();
    }
}
