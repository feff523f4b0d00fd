package org.jasyncio.testing;

import java.time.Duration;
import org.jasyncio.Clock;
import org.jasyncio.internal.VirtualTime;

/**
 * A virtual clock for deterministic tests (Trio's {@code MockClock} with autojump): time moves only
 * when the loop has nothing to do but wait for a timer, and then it jumps straight to that timer. So
 * {@code sleep(3600)} returns at once with {@code loop.time()} advanced by exactly 3600, and timeouts,
 * rate limits and retries are tested in microseconds.
 *
 * <p>The rule: time advances only when nothing can make progress without time passing.
 * <ul>
 *   <li>A callback ready to run, or a callback another thread has queued: time stands still.</li>
 *   <li>An executor job the loop awaits ({@code runInExecutor}, {@code toThread}, and so name
 *       resolution) whose future is not done: time stands still, however long the job takes in real
 *       time; the loop just waits for it. A job whose future was cancelled no longer counts.</li>
 *   <li>I/O, or a future of another thread ({@code wrapFuture}, a subprocess's exit): these may never
 *       come (a silent peer), so the loop waits in real time, and virtual time follows the real wait
 *       up to the next timer, never further (a wait cut short moves it only as far as it lasted); a
 *       timeout on a silent peer still fires.</li>
 *   <li>Otherwise only a timer can happen: time jumps to it at once.</li>
 * </ul>
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
