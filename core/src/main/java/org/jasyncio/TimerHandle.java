package org.jasyncio;

/**
 * A callback scheduled for a time by {@code callLater}/{@code callAt} (asyncio's {@code TimerHandle}).
 * A cancelled timer stays in the heap and is dropped lazily; the loop compacts the heap when cancelled
 * timers dominate it, as asyncio does.
 */
public final class TimerHandle extends Handle {
    /** When it is due, in the loop clock's nanoseconds. Immutable. */
    final long whenNanos;
    /** Tie-breaker: timers due at the same time run in the order they were scheduled. Immutable. */
    final long sequence;
    /** 0 or more while in the timer heap (TimerHeap keeps no exact index); -1 when not in it. Loop thread only. */
    int heapIndex = -1;
    /** Whether the heap counted this handle as cancelled (it was in the heap when cancelled). */
    boolean countedCancelled;

    TimerHandle(EventLoop loop, Runnable callback, long whenNanos, long sequence) {
        super(loop, callback);
        this.whenNanos = whenNanos;
        this.sequence = sequence;
    }

    /** When it is due, in {@link EventLoop#time()} seconds. */
    public double when() {
        return loop.toSeconds(whenNanos);
    }

    @Override
    public void cancel() {
        if (!cancelled()) {
            super.cancel();
            loop.timerCancelled(this);
        }
    }

    boolean dueBefore(TimerHandle other) {
        return whenNanos != other.whenNanos ? whenNanos - other.whenNanos < 0 : sequence < other.sequence;
    }
}
